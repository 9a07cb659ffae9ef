"""The studio window: preview in the centre, params on the right, session controls on top.

Nothing that the composition does may take the window down: every call into the engine goes
through `_guard`, which shows the error in a red banner above the preview and leaves the last
good frame on screen.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.errors import CompositionError, VcsError

from .console import ConsoleView, LogBridge
from .engine import DEFAULT_PARTICIPANTS, OUTPUT_SIZES, PreviewEngine
from .inputs_panel import InputsPanel
from .messages import MessageBar
from .params_panel import ParamsPanel
from .preview import PreviewWidget
from .watcher import CompositionWatcher

T = TypeVar("T")
FPS = 30
MAX_PARTICIPANTS = 16
LAYER_NAMES = ("background", "video", "foreground")
ENGINE_LOGGERS = ("vcs_engine", "vcs")
"""Loggers whose warnings (missing images, unknown fonts, bad footage) go to the console."""


def describe_error(error: BaseException) -> str:
    """One line for the banner: composition errors already read `file:line: message`."""
    if isinstance(error, (CompositionError, VcsError)):
        return str(error)
    return f"{type(error).__name__}: {error}"


def size_label(width: int, height: int) -> str:
    return f"{width}×{height}"


class ErrorBanner(QLabel):
    """A red strip above the preview, hidden while all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("QLabel { background: #b3261e; color: white; padding: 6px 10px;"
                           " font-family: monospace; }")
        self.hide()

    def show_error(self, text: str, details: str = "") -> None:
        if text != self.text():
            self.setText(text)
            self.setToolTip(details)
        self.show()

    def clear(self) -> None:
        super().clear()
        self.setToolTip("")
        self.hide()


class MainWindow(QMainWindow):
    """One composition, previewed live at 30 fps."""

    def __init__(self, composition: str = "daily:baseline", *, engine: PreviewEngine | None = None,
                 participants: int = DEFAULT_PARTICIPANTS, autostart: bool = True) -> None:
        super().__init__()
        self.engine = engine or PreviewEngine.create()
        self.engine.set_participants(participants)
        self.frame_index = 0
        self.last_frame = None
        self.reload_count = 0
        self._paused_by_error = False
        self._tick_times: list[float] = []
        self._refresh_pending = False

        self.preview = PreviewWidget()
        self.banner = ErrorBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.preview, 1)
        self.setCentralWidget(central)

        self.params_panel = ParamsPanel()
        self.params_panel.paramChanged.connect(self.set_param)
        dock = QDockWidget("Params", self)
        dock.setObjectName("params-dock")
        dock.setWidget(self.params_panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.params_panel.resetRequested.connect(self.reset_params)

        self.console = ConsoleView()
        console_dock = QDockWidget("Console", self)
        console_dock.setObjectName("console-dock")
        console_dock.setWidget(self.console)
        # The params column keeps the full height; the console sits under the preview only.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, console_dock)
        self.inputs_panel = InputsPanel()
        self.inputs_panel.set_slots(self.engine.slots)
        self.inputs_panel.slotsChanged.connect(self.set_slots)
        inputs_dock = QDockWidget("Participants", self)
        inputs_dock.setObjectName("inputs-dock")
        self.message_bar = MessageBar()
        self.message_bar.messageSent.connect(self.send_message)
        self._update_senders()
        inputs_box = QWidget()
        inputs_column = QVBoxLayout(inputs_box)
        inputs_column.setContentsMargins(0, 0, 0, 0)
        inputs_column.addWidget(self.inputs_panel, 1)
        inputs_column.addWidget(self.message_bar)
        inputs_dock.setWidget(inputs_box)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, inputs_dock)
        self.splitDockWidget(console_dock, inputs_dock, Qt.Orientation.Horizontal)
        self.resizeDocks([console_dock], [150], Qt.Orientation.Vertical)
        self._log_bridge = LogBridge()
        self._log_bridge.record.connect(self.console.add)
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).addHandler(self._log_bridge)

        self._build_menu()
        self._build_toolbar(participants)
        view = self.menuBar().addMenu("&View")  # a closed dock must be reachable again
        view.addAction(dock.toggleViewAction())
        view.addAction(console_dock.toggleViewAction())
        view.addAction(inputs_dock.toggleViewAction())
        self.frame_label = QLabel("no frame yet")
        self.statusBar().addPermanentWidget(self.frame_label)

        self.watcher = CompositionWatcher(self)
        self.watcher.changed.connect(self._file_changed)

        self.timer = QTimer(self)
        self.timer.setInterval(round(1000 / FPS))
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

        self.resize(1400, 820)
        self.open_composition(composition)
        if autostart:
            self.timer.start()
        self.play_action.setText("Pause" if autostart else "Play")

    # ------------------------------------------------------------------ construction

    def _build_menu(self) -> None:
        """The actions, shared by the menu and the toolbar (two actions with one shortcut would
        make it ambiguous, and neither would fire)."""
        def action(text: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None,
                   tip: str = "") -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            if tip:
                act.setToolTip(tip)
            act.triggered.connect(slot)
            return act

        self.play_action = action("Pause", self.toggle_playing, "Ctrl+Space", "Pause or play (Ctrl+Space)")
        self.reload_action = action("&Reload", self.reload_composition, QKeySequence.StandardKey.Refresh,
                                    "Re-read the composition's files (F5); also done on every save")
        self.restart_action = action("Re&start", self.restart, "Ctrl+R",
                                     "Reload and play from frame 0: opening animations, slates (Ctrl+R)")
        menu = self.menuBar().addMenu("&File")
        menu.addAction(action("Open &Folder…", self._ask_folder, QKeySequence.StandardKey.Open))
        menu.addAction(action("Open F&ile…", self._ask_file, "Ctrl+Shift+O"))
        menu.addAction(action("&Save Frame as PNG…", self._ask_save_frame, QKeySequence.StandardKey.Save))
        menu.addSeparator()
        menu.addAction(self.reload_action)
        menu.addAction(self.restart_action)
        menu.addAction(self.play_action)
        menu.addSeparator()
        menu.addAction(action("&Quit", self.close, QKeySequence.StandardKey.Quit))

    def _start_dir(self) -> str:
        path = self.engine.host.path
        return str(path.parent) if path is not None else str(Path.cwd())

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open composition folder", self._start_dir())
        if folder:
            self.open_composition(folder)

    def _ask_file(self) -> None:
        file, _ = QFileDialog.getOpenFileName(self, "Open composition file", self._start_dir(),
                                              "Compositions (*.jsx *.js)")
        if file:
            self.open_composition(file)

    def _ask_save_frame(self) -> None:
        file, _ = QFileDialog.getSaveFileName(self, "Save frame", str(Path.cwd() / "frame.png"),
                                              "PNG images (*.png)")
        if file:
            self.save_frame(Path(file))

    def save_frame(self, path: Path) -> bool:
        """The frame on screen at full output size (QImage un-premultiplies it for the PNG, so it
        looks as in the preview in any viewer)."""
        image = self.preview.image
        if image is None:
            self.statusBar().showMessage("no frame to save yet", 5000)
            return False
        ok = image.save(str(path), "PNG")
        self.console.add("info" if ok else "error", f"{'saved' if ok else 'could not save'} {path}")
        return ok

    def _build_toolbar(self, participants: int) -> None:
        bar = QToolBar("Session")
        bar.setObjectName("session-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)

        for act in (self.play_action, self.reload_action, self.restart_action):
            bar.addAction(act)
        bar.addSeparator()

        bar.addWidget(QLabel(" Participants "))
        self.participants_spin = QSpinBox()
        self.participants_spin.setRange(0, MAX_PARTICIPANTS)
        self.participants_spin.setValue(participants)
        self.participants_spin.valueChanged.connect(self.set_participants)
        bar.addWidget(self.participants_spin)

        bar.addWidget(QLabel("  Output "))
        self.size_combo = QComboBox()
        # Qt turns tuple item data into something else: keep the sizes here, by index.
        self.sizes = list(OUTPUT_SIZES)
        if tuple(self.engine.host.size) not in self.sizes:
            self.sizes.append(tuple(self.engine.host.size))  # a --size outside the presets
        for w, h in self.sizes:
            self.size_combo.addItem(size_label(w, h))
        self.size_combo.setCurrentIndex(self.sizes.index(tuple(self.engine.host.size)))
        self.size_combo.currentIndexChanged.connect(lambda i: self.set_output_size(*self.sizes[i]))
        bar.addWidget(self.size_combo)
        bar.addSeparator()

        bar.addWidget(QLabel(" Layers "))
        self.layer_boxes: dict[str, QCheckBox] = {}
        for name in LAYER_NAMES:
            box = QCheckBox(name)
            box.setToolTip(f"Draw the {name} layer (untick to inspect the others alone)")
            box.setChecked(name in self.engine.layers)
            box.toggled.connect(lambda on, name=name: self.set_layer(name, on))
            bar.addWidget(box)
            self.layer_boxes[name] = box

    # ------------------------------------------------------------------ error handling

    def _guard(self, action: Callable[[], T]) -> tuple[bool, T | None]:
        """Run an engine call; on any exception show it in the banner instead of raising."""
        try:
            return True, action()
        except Exception as error:  # noqa: BLE001 (the app must survive composition code)
            details = error.details() if isinstance(error, CompositionError) else traceback.format_exc()
            text = describe_error(error)
            if text != self.banner.text() or self.banner.isHidden():
                self.console.add("error", details.rstrip())
            self.banner.show_error(text, details)
            return False, None

    def _state_changed(self) -> None:
        """A user edit may fix a failing render: try again on the next tick. While paused, the
        current frame is rendered again so the edit still shows (once, after the event)."""
        self._paused_by_error = False
        if not self.timer.isActive() and not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        self._refresh_pending = False
        if not self.timer.isActive():
            self.tick(advance=False)

    # ------------------------------------------------------------------ composition

    def open_composition(self, composition: str) -> None:
        """Load (or switch to) a composition; its params start from their defaults."""
        self.frame_index = 0
        ok, _ = self._guard(lambda: self.engine.open(composition))
        if ok:
            self.console.add("info", f"opened {self.engine.host.path}")
        self._after_load(ok, fresh=True)
        if self.engine.host.path is not None:
            self.watcher.watch(self.engine.host.path)

    def reload_composition(self) -> None:
        """Hot reload: params, inputs and size are kept by the host."""
        if not self.engine.loaded:
            return
        self.reload_count += 1
        ok, _ = self._guard(self.engine.reload)
        if ok:
            self.console.add("info", "reloaded")
        self._after_load(ok)

    def _file_changed(self) -> None:
        changed = self.watcher.last_changed
        self.console.add("info", f"{changed.name if changed else 'a file'} changed on disk")
        self.reload_composition()

    def restart(self) -> None:
        """Play from frame 0 again with a fresh mount (state and animations start over)."""
        self.frame_index = 0
        self.reload_composition()

    def _after_load(self, ok: bool, fresh: bool = False) -> None:
        """After open (`fresh`: params back to defaults) or reload (the form is kept when the
        interface did not change, with its scroll position and collapsed sections)."""
        host = self.engine.host
        name = host.interface.name or (host.path.name if host.path else "")
        self.setWindowTitle(f"VCS Studio — {name}" if name else "VCS Studio")
        if not ok:
            self._paused_by_error = True  # nothing mounted: keep the last frame until a fix
            return
        self.banner.clear()
        self._paused_by_error = False
        self.params_panel.set_params(host.interface.params, host.params, force=fresh)
        self.message_bar.set_sources(host.interface.standard_sources)
        self.preview.set_aspect(*host.size)
        self.tick(advance=False)

    # ------------------------------------------------------------------ session edits

    def set_param(self, param_id: str, value: Any) -> None:
        ok, warnings = self._guard(lambda: self.engine.set_params({param_id: value}))
        if ok:
            self._state_changed()
            if warnings:
                self.statusBar().showMessage("; ".join(warnings), 5000)
                for warning in warnings:
                    self.console.add("warn", warning)

    def reset_params(self) -> None:
        ok, _ = self._guard(self.engine.reset_params)
        if ok:
            host = self.engine.host
            self.params_panel.set_params(host.interface.params, host.params, force=True)
            self._state_changed()

    def set_participants(self, count: int) -> None:
        ok, _ = self._guard(lambda: self.engine.set_participants(count))
        self.inputs_panel.set_slots(self.engine.slots)
        self._update_senders()
        if ok:
            self._state_changed()

    def set_slots(self, slots: list[dict[str, Any]]) -> None:
        """Edits from the participants table (names, dominant, paused, screenshare)."""
        if self._guard(lambda: self.engine.set_slots(slots))[0]:
            self._state_changed()
        self._update_senders()

    def _update_senders(self) -> None:
        self.message_bar.set_senders([str(s.get("displayName", "")) for s in self.engine.slots])

    def send_message(self, source: str, sender: str, text: str) -> None:
        if not self.engine.mounted:
            self.statusBar().showMessage("the composition is not loaded: message not sent", 5000)
            return
        if self._guard(lambda: self.engine.add_message(source, sender, text))[0]:
            self.console.add("info", f"{source}: {sender}: {text}")
            self._state_changed()

    def set_output_size(self, width: int, height: int) -> None:
        if self._guard(lambda: self.engine.set_output_size(width, height))[0]:
            self.preview.set_aspect(width, height)
            self._state_changed()

    def set_layer(self, name: str, on: bool) -> None:
        if on:
            self.engine.layers.add(name)
        else:
            self.engine.layers.discard(name)
        self._state_changed()

    def toggle_playing(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.play_action.setText("Play")
        else:
            self.timer.start()
            self.play_action.setText("Pause")

    # ------------------------------------------------------------------ frames

    def tick(self, advance: bool = True) -> None:
        """Render the next frame; on failure keep the last good frame and pause rendering until
        something changes (a failing render would otherwise repeat, possibly for seconds)."""
        if not self.engine.mounted or self._paused_by_error:
            return
        ok, frame = self._guard(lambda: self.engine.render(self.frame_index))
        if not ok or frame is None:
            self._paused_by_error = True
            return
        self.banner.clear()
        self.last_frame = frame
        self.preview.set_frame(frame.rgba)
        for level, text in frame.output.logs:
            self.console.add(level, text)
        now = time.perf_counter()
        self._tick_times = [t for t in self._tick_times if now - t < 1.0] + [now]
        self.frame_label.setText(
            f"frame {frame.output.frame_index}  ·  {frame.output.time:6.2f} s  ·  "
            f"{frame.seconds * 1000:5.1f} ms/frame  ·  {len(self._tick_times)} fps  ·  "
            f"{self.engine.host.size[0]}×{self.engine.host.size[1]}")
        # Over the frame budget the preview plays slower than real time: say so.
        self.frame_label.setStyleSheet("color: #b3261e;" if frame.seconds > 1 / FPS else "")
        if advance:
            self.frame_index += 1

    def closeEvent(self, event) -> None:
        self.timer.stop()
        self.watcher.stop()
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).removeHandler(self._log_bridge)
        self.engine.close()
        super().closeEvent(event)
