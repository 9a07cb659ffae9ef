"""Composition › Session assets folder… / No session assets.

A session-assets folder is what a Daily session uploads next to the composition: override code
(replacing the composition's files of the same path) and images. The studio applies it as the
servers do, through the session (the host's `set_session_assets` + reload, on the render thread),
so the preview shows what the recording will. The folder in use is whatever the last load
published (`StudioSession.factsChanged`), never what was asked for: a folder that vanished is
refused by the engine and the old one stays. It shows in the status bar, and hot reload watches
it beside the composition.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow

from .payload_facts import LoadFacts
from .session import StudioSession
from .watcher import CompositionWatcher


class SessionAssetsMenu(QObject):
    """The two actions (`actions`, for the Composition menu) and a status-bar label."""

    def __init__(self, session: StudioSession, watcher: CompositionWatcher, window: QMainWindow) -> None:
        super().__init__(window)
        self.session = session
        self.watcher = watcher
        self._window = window
        self.folder: Path | None = None  # the folder the engine uses (as last published)
        self.choose_action = QAction("Session &Assets Folder…", self)
        self.choose_action.setToolTip("Use a folder of session assets (override code in its root, components/ "
                                      "and components/overrides/, images in images/), as Daily's servers do")
        self.choose_action.triggered.connect(self.ask)
        self.clear_action = QAction("&No Session Assets", self)
        self.clear_action.setEnabled(False)
        self.clear_action.triggered.connect(lambda: self.set_folder(None))
        self.actions = [self.choose_action, self.clear_action]
        self.label = QLabel()
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        session.factsChanged.connect(self._loaded)

    def ask(self) -> None:
        start = str(self.folder or Path.cwd())
        folder = QFileDialog.getExistingDirectory(self._window, "Session assets folder", start)
        if folder:
            self.set_folder(Path(folder))

    def set_folder(self, folder: Path | None) -> None:
        """Ask the session to use `folder` (None: none); the composition reloads with it."""
        self.session.set_session_assets(folder)

    def _loaded(self, load: LoadFacts) -> None:
        folder = load.assets_folder
        self.watcher.watch_session_assets(folder)
        if folder == self.folder:
            return
        self.folder = folder
        self.clear_action.setEnabled(folder is not None)
        self.label.setText(f"session assets: {folder.name}" if folder is not None else "")
        self.label.setToolTip(str(folder) if folder is not None else "")
        self.label.setVisible(folder is not None)
        self._window.statusBar().showMessage(f"session assets: {folder}" if folder is not None
                                            else "no session assets", 5000)
