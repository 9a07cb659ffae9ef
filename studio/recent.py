"""File › Open Recent: the compositions the settings remember, newest first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu, QWidget

from .settings import StudioSettings


class RecentMenu(QMenu):
    """Filled from the settings each time it opens (another studio window may have added to
    them); compositions that no longer exist are shown disabled. Disabled without settings."""

    def __init__(self, settings: StudioSettings | None, open_composition: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self.settings = settings
        self._open = open_composition
        self.setEnabled(settings is not None)
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        recent = self.settings.recent() if self.settings is not None else []
        for item in recent:
            action = self.addAction(item)
            action.setEnabled(Path(item).exists())
            action.triggered.connect(lambda _checked=False, item=item: self._open(item))
        if recent:
            self.addSeparator()
            self.addAction("Clear Menu", self._clear)
        else:
            self.addAction("(none yet)").setEnabled(False)

    def _clear(self) -> None:
        if self.settings is not None:
            self.settings.clear_recent()
