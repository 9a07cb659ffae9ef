"""Multiview: the open composition at several output sizes side by side, live.

A layout that works at 16:9 may crowd at 1:1 or break at 9:16; seeing them together while
editing is the point. Each size is a full engine of its own (one `StudioSession` and engine
process per size: a composition lays itself out for its viewport, so one render cannot be
rescaled into another), kept in step with the window's: the same composition and session-assets
folder (opened or reloaded with the main one), the same params (the params model's
`valuesChanged`, as the main session gets them), participants, chat messages and layers, and the
frame index of the frame the main preview shows. Each engine renders on its own thread and
process, so the sizes render in parallel, and each drops frames on its own when it falls behind
(the session coalesces requests).

Engines exist only while the dock is visible (three engine processes are real memory); they
start without warm spares (a crash costs a slower restart here, not in the main preview).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.errors import InputError
from vcs_engine.limits import check_output_size
from vcs_engine.scenario import Scenario

from .engine import PreviewEngine, RenderedFrame
from .preview import PreviewWidget
from .session import StudioSession
from .settings import StudioSettings

DEFAULT_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (720, 720), (720, 1280))
PRESET_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080), (720, 720), (1080, 1080),
                                             (720, 1280), (1080, 1920), (640, 360))


def size_text(size: tuple[int, int]) -> str:
    return f"{size[0]}×{size[1]}"


def parse_size(text: str) -> tuple[int, int]:
    """'960x540' (or ×) as a size the engine takes; InputError otherwise."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(part.strip()) for part in parts)
    except ValueError:
        raise InputError(f"size: expected WIDTHxHEIGHT, got {text!r}") from None
    return check_output_size(width, height, "multiview size")


class MultiviewTile(QWidget):
    """One size: a caption (size, frame time, errors) over its own preview."""

    def __init__(self, size: tuple[int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.size = size
        self.caption = QLabel(size_text(size))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview = PreviewWidget()
        self.preview.setMinimumSize(120, 120)
        self.preview.set_aspect(*size)
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 2, 2, 2)
        column.addWidget(self.caption)
        column.addWidget(self.preview, 1)
        self.frames = 0

    def show_frame(self, frame: RenderedFrame) -> None:
        self.frames += 1
        self.preview.set_frame(frame.rgba)
        self.caption.setText(f"{size_text(self.size)}  ·  {frame.seconds * 1000:.0f} ms")
        self.caption.setStyleSheet("")

    def show_error(self, text: str, _details: str = "") -> None:
        if text:
            self.caption.setText(f"{size_text(self.size)}  ·  {text}")
            self.caption.setStyleSheet("color: #b3261e;")


class MultiviewDock(QDockWidget):
    """View › Multiview. `main` is the window's session; `changed_params()` the params model's
    changed values, `slots()` the participants, `layers()` the layers drawn (read when an
    engine starts). Later edits come through `set_params`, `set_slots`, `add_message` and
    `set_layers` (studio/inspection.py forwards them), frames through `follow`. Messages sent
    before the dock opened are not replayed to its engines."""

    def __init__(self, main: StudioSession, changed_params: Callable[[], dict[str, Any]],
                 slots: Callable[[], list[dict[str, Any]]], layers: Callable[[], set[str]],
                 settings: StudioSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Multiview", parent)
        self.setObjectName("multiview-dock")
        self.main = main
        self.settings = settings
        self._changed_params = changed_params
        self._slots = slots
        self._layers = layers
        remembered = settings.multiview_sizes() if settings is not None else None
        self.sizes: list[tuple[int, int]] = list(remembered or DEFAULT_SIZES)
        self.sessions: list[StudioSession] = []
        self.tiles: list[MultiviewTile] = []
        self._frame_index: int | None = None
        self._document: Scenario | None = None  # the timeline's, given to sizes opened later

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        self.sizes_button = QToolButton(text="Sizes")
        self.sizes_button.setToolTip("The output sizes shown side by side")
        self.sizes_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sizes_menu = QMenu(self.sizes_button)
        self.sizes_menu.aboutToShow.connect(self._fill_sizes_menu)
        self.sizes_button.setMenu(self.sizes_menu)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.sizes_button)
        top.addStretch(1)
        column.addLayout(top)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.row, 1)
        self.setWidget(body)
        self._build_tiles()
        self.visibilityChanged.connect(self._visibility)
        main.loaded.connect(self._main_loaded)

    # ------------------------------------------------------------------ sizes

    def _build_tiles(self) -> None:
        for tile in self.tiles:
            self.row.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        for size in self.sizes:
            tile = MultiviewTile(size)
            self.row.addWidget(tile, max(1, round(100 * size[0] / size[1])))
            self.tiles.append(tile)

    def _fill_sizes_menu(self) -> None:
        self.sizes_menu.clear()
        for size in dict.fromkeys([*PRESET_SIZES, *self.sizes]):
            act = QAction(size_text(size), self.sizes_menu)
            act.setCheckable(True)
            act.setChecked(size in self.sizes)
            act.toggled.connect(lambda on, size=size: self._toggle_size(size, on))
            self.sizes_menu.addAction(act)
        self.sizes_menu.addSeparator()
        self.sizes_menu.addAction("Other size…", self._ask_size)
        self.sizes_menu.addAction("Defaults", lambda: self.set_sizes(DEFAULT_SIZES))

    def _toggle_size(self, size: tuple[int, int], on: bool) -> None:
        sizes = [s for s in self.sizes if s != size] + ([size] if on else [])
        if sizes:
            self.set_sizes(sizes)

    def _ask_size(self) -> None:
        text, ok = QInputDialog.getText(self, "Multiview size", "Output size (WIDTHxHEIGHT):", text="1080x1350")
        if not ok:
            return
        try:
            size = parse_size(text)
        except InputError as error:
            self.sizes_button.setToolTip(str(error))
            return
        if size not in self.sizes:
            self.set_sizes([*self.sizes, size])

    def set_sizes(self, sizes: Sequence[tuple[int, int]]) -> None:
        """Show these sizes (in this order); engines restart when visible."""
        self.sizes = list(dict.fromkeys(tuple(size) for size in sizes))
        if self.settings is not None:
            self.settings.save_multiview_sizes(self.sizes)
        running = bool(self.sessions)
        self.stop()
        self._build_tiles()
        if running:
            self.start()

    # ------------------------------------------------------------------ engines

    def _visibility(self, visible: bool) -> None:
        if visible and not self.sessions:
            self.start()
        elif not visible:
            self.stop()

    def start(self) -> None:
        """One engine per size, opened on the main one's composition with its state."""
        host = self.main.engine.host
        for tile in self.tiles:
            engine = PreviewEngine.create(tile.size, fps=host.fps, session_assets=host.session_assets, spare=False)
            engine.slots = [dict(slot) for slot in self._slots()]
            engine.layers = set(self._layers())
            session = StudioSession(engine, self)
            session.frameRendered.connect(tile.show_frame)
            session.errorChanged.connect(tile.show_error)
            self.sessions.append(session)
            self._open(session)
        if self._frame_index is not None:
            self.follow(self._frame_index)

    def _open(self, session: StudioSession) -> None:
        host = self.main.engine.host
        if host.path is not None:
            session.open(str(host.path), self._changed_params())
            if self._document is not None:
                session.set_document(self._document)
            # The window's session-only messages so far (sent before this size opened), with
            # their keys and frames, so every size replays the same chat.
            for frame, by_source in sorted(self.main.engine.base_state().messages.items()):
                for source, messages in by_source.items():
                    for message in messages:
                        session.add_message(source, message, frame)

    def stop(self) -> None:
        for session in self.sessions:
            session.close()
        self.sessions = []

    # ------------------------------------------------------------------ following the window

    def _main_loaded(self, ok: bool, fresh: bool) -> None:
        folder = self.main.engine.host.session_assets
        for session in self.sessions:
            if session.engine.host.session_assets != folder:
                session.set_session_assets(folder)  # reloads with it
            if fresh:
                self._open(session)
            else:
                session.reload()

    def set_params(self, values: dict[str, Any], replace: bool) -> None:
        for session in self.sessions:
            session.set_params(values, replace=replace)
        self._rerender()

    def set_slots(self, slots: list[dict[str, Any]]) -> None:
        for session in self.sessions:
            session.set_slots(slots)
        self._rerender()

    def add_message(self, source: str, message: dict[str, Any], frame_index: int) -> None:
        """The window's session-only message (same key and date), at the frame it was sent."""
        for session in self.sessions:
            session.add_message(source, message, frame_index)
        self._rerender()

    def set_document(self, scenario: Scenario) -> None:
        """The timeline's document (a scenario opened, an edit, undo): every size replays it."""
        self._document = scenario
        for session in self.sessions:
            session.set_document(scenario)
        self._rerender()

    def set_layers(self, layers: set[str]) -> None:
        for session in self.sessions:
            session.set_layers(layers)
        self._rerender()

    def follow(self, frame_index: int, exact: bool = True) -> None:
        """The main preview shows `frame_index`: every size renders it (or drops it when
        still busy with an earlier one), exactly when the main one was (a seek), else live
        (playback, edits: no replay from frame 0 in every size)."""
        self._frame_index = frame_index
        for session in self.sessions:
            session.request_frame(frame_index, exact=exact)

    def _rerender(self) -> None:
        """An edit while paused shows at once, live (while playing the next frame shows it)."""
        if self._frame_index is not None:
            self.follow(self._frame_index, exact=False)
