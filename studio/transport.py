"""Frame by frame: the Playback menu's stepping actions.

A designer checking an entrance animation or a cut wants one frame at a time, not a paused
preview and a scrub bar. The actions pause and show the next, previous or first frame; their
single keys (`.`, `,`, Home) never fire while a text field has the focus (studio/keyboard.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence


class Seekable(Protocol):
    frame_index: int

    def seek(self, frame_index: int) -> None: ...


class FrameStepActions(QObject):
    """Next Frame (`.`), Previous Frame (`,`) and First Frame (Home) for `window`."""

    def __init__(self, window: Seekable, parent: QObject) -> None:
        super().__init__(parent)

        def action(text: str, key: QKeySequence, to: Callable[[int], int]) -> QAction:
            act = QAction(text, parent)
            act.setShortcut(key)
            act.triggered.connect(lambda: window.seek(to(window.frame_index)))
            return act

        self.next = action("&Next Frame", QKeySequence(Qt.Key.Key_Period), lambda i: i + 1)
        self.previous = action("&Previous Frame", QKeySequence(Qt.Key.Key_Comma), lambda i: max(0, i - 1))
        self.first = action("&First Frame", QKeySequence(Qt.Key.Key_Home), lambda _i: 0)

    @property
    def actions(self) -> list[QAction]:
        return [self.next, self.previous, self.first]
