"""Direct manipulation: drag a node in the preview and the param that moves it changes.

A composition's elements are placed by its code from params, so a drag cannot move a node; it
can only pick values. The probe (`Host.probe_params`, vcs_engine/inspect.py) says how each
param changes the node's frame: numbers per step up and down (dx, dy, dw, dh), enums and
booleans by the frame each other value gives. A drag asks for a change of the frame — a move
(dx, dy, 0, 0), or through a resize handle a change of one or two edges — and `choose_edit`
picks the param and value whose predicted frame comes closest to it: the number moved by a
whole number of steps (projected on its effect, clamped to the declared `min`/`max`), or the
enum value whose frame is nearest. That is "the param with the strongest effect in the drag
direction": a param that moves the node sideways does not come close to a vertical drag, and a
param that would also resize it comes second to one that only moves it. A choice must beat
leaving everything as it was, so a small wobble changes nothing.

`NodeDragger` runs a drag on the preview: the values are applied live through the params model
(no undo step per mouse move; the engine renders them as they come), and the release pushes one
undo command holding every param the drag touched, before and after. Escape puts the values
back. The probe is linear; the frame after the edit is the engine's, drawn on the next frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal

from vcs_engine.inspect import ParamEffect

from .editors.number import decimals_for, plain_number
from .params_model import ParamsModel
from .preview import PreviewWidget
from .undo import ParamsApplyCommand

Vector = tuple[float, float, float, float]  # dx, dy, dw, dh
KEYS = ("dx", "dy", "dw", "dh")
HANDLE_PX = 6
"""Half the size of a resize handle on screen, and how near the pointer must be."""
DRAG_START_PX = 3
"""The pointer must move this far (widget pixels) before a press becomes a drag."""


class Handle(Enum):
    """What part of the node is dragged: the edges a handle moves, as (left, top, right, bottom)."""

    MOVE = (1, 1, 1, 1)
    LEFT = (1, 0, 0, 0)
    TOP = (0, 1, 0, 0)
    RIGHT = (0, 0, 1, 0)
    BOTTOM = (0, 0, 0, 1)
    TOP_LEFT = (1, 1, 0, 0)
    TOP_RIGHT = (0, 1, 1, 0)
    BOTTOM_LEFT = (1, 0, 0, 1)
    BOTTOM_RIGHT = (0, 0, 1, 1)


def wanted_change(handle: Handle, mx: float, my: float) -> Vector:
    """The frame change (dx, dy, dw, dh) a pointer moved by (mx, my) output pixels asks for."""
    if handle is Handle.MOVE:
        return mx, my, 0.0, 0.0
    left, top, right, bottom = handle.value
    return mx * left, my * top, mx * (right - left), my * (bottom - top)


def handle_points(rect: QRectF) -> dict[Handle, QPointF]:
    """Where the eight resize handles sit on a rectangle (widget space)."""
    l, t, r, b = rect.left(), rect.top(), rect.right(), rect.bottom()
    cx, cy = rect.center().x(), rect.center().y()
    return {Handle.TOP_LEFT: QPointF(l, t), Handle.TOP: QPointF(cx, t), Handle.TOP_RIGHT: QPointF(r, t),
            Handle.RIGHT: QPointF(r, cy), Handle.BOTTOM_RIGHT: QPointF(r, b), Handle.BOTTOM: QPointF(cx, b),
            Handle.BOTTOM_LEFT: QPointF(l, b), Handle.LEFT: QPointF(l, cy)}


def _vec(delta: Mapping[str, float] | None) -> Vector | None:
    if not delta:
        return None
    return tuple(float(delta.get(k, 0.0)) for k in KEYS)  # type: ignore[return-value]


def _dist(a: Sequence[float], b: Sequence[float]) -> float:
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))


def moves(effect: ParamEffect, base: Mapping[str, float] | None) -> bool:
    """Whether the param moves the node (dx or dy) from its frame `base`."""
    return any(abs(v[0]) + abs(v[1]) > 1e-6 for v in _vectors(effect, base))


def resizes(effect: ParamEffect, base: Mapping[str, float] | None) -> bool:
    """Whether the param changes the node's size (dw or dh)."""
    return any(abs(v[2]) + abs(v[3]) > 1e-6 for v in _vectors(effect, base))


def _vectors(effect: ParamEffect, base: Mapping[str, float] | None) -> list[Vector]:
    """The frame changes the param can make (values that hide the node make none)."""
    if effect.type == "number":
        return [v for v in (_vec(effect.plus), _vec(effect.minus)) if v is not None]
    if base is None:
        return []
    return [tuple(float(frame[k]) - float(base[k]) for k in "xywh")  # type: ignore[misc]
            for _value, frame in effect.frames if frame is not None]


@dataclass(frozen=True)
class Edit:
    """One param's new value and the frame change it is predicted to make."""

    param: str
    value: Any
    predicted: Vector
    miss: float  # distance between the predicted and the wanted change (px)


def number_edit(effect: ParamEffect, wanted: Vector, decimals: int) -> Edit | None:
    """The best whole number of steps up or down, within the declared range."""
    value = effect.value
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not effect.step:
        return None
    best: Edit | None = None
    for sign, delta in ((1, _vec(effect.plus)), (-1, _vec(effect.minus))):
        if delta is None:
            continue
        norm = sum(d * d for d in delta)
        if norm <= 1e-12:
            continue
        steps = max(0, round(sum(w * d for w, d in zip(wanted, delta, strict=True)) / norm))
        new = value + sign * steps * effect.step
        if effect.max is not None:
            new = min(new, effect.max)
        if effect.min is not None:
            new = max(new, effect.min)
        new = plain_number(round(new, decimals))
        steps = abs(new - value) / effect.step
        predicted = tuple(d * steps for d in delta)
        edit = Edit(effect.param, new, predicted, _dist(predicted, wanted))  # type: ignore[arg-type]
        if best is None or edit.miss < best.miss:
            best = edit
    return best


def choice_edit(effect: ParamEffect, wanted: Vector, base: Mapping[str, float]) -> Edit | None:
    """The other value (enum or boolean) whose frame is nearest to the wanted one."""
    best: Edit | None = None
    for value, frame in effect.frames:
        if frame is None:
            continue  # the node would vanish: not a place to drag it to
        predicted = tuple(float(frame[k]) - float(base[k]) for k in "xywh")
        edit = Edit(effect.param, value, predicted, _dist(predicted, wanted))  # type: ignore[arg-type]
        if best is None or edit.miss < best.miss:
            best = edit
    return best


def choose_edit(effects: Iterable[ParamEffect], wanted: Vector, base: Mapping[str, float],
                decimals: Callable[[str], int] = lambda _pid: 4) -> Edit | None:
    """The param value that best makes the wanted frame change, or None when no value gets
    closer to it than leaving everything as it is. `base`: the node's frame now; `decimals`:
    how many a param's values keep (its editor's precision)."""
    best: Edit | None = None
    still = _dist((0.0, 0.0, 0.0, 0.0), wanted)
    for effect in effects:
        if effect.type == "number":
            edit = number_edit(effect, wanted, decimals(effect.param))
        else:
            edit = choice_edit(effect, wanted, base)
        if edit is None or edit.value == effect.value or edit.miss >= still - 1e-9:
            continue
        if best is None or edit.miss < best.miss - 1e-9:
            best = edit
    return best


class NodeDragger(QObject):
    """Drags of the selected node on `preview`: `node()` is the selected node (None: no drag),
    `effects()` its probed params (empty: nothing to drag yet). `dragging(edit)` while a drag
    changes values (None: no param fits yet), `finished()` after the release."""

    dragging = Signal(object)
    finished = Signal()

    def __init__(self, preview: PreviewWidget, model: ParamsModel,
                 node: Callable[[], Mapping[str, Any] | None], effects: Callable[[], Sequence[ParamEffect]]) -> None:
        super().__init__(preview)
        self.preview = preview
        self.model = model
        self._node = node
        self._effects = effects
        self.handle: Handle | None = None
        self._press: QPointF | None = None
        self._base: dict[str, float] | None = None
        self._before: dict[str, Any] = {}
        self._drag_effects: list[ParamEffect] = []
        self.edit: Edit | None = None
        self.active = False
        self._live: dict[str, Any] = {}  # the values the drag has set so far

    # ------------------------------------------------------------------ geometry

    def node_rect(self) -> QRectF | None:
        frame = self._frame()
        return self.preview.rect_to_widget(*(float(frame[k]) for k in "xywh")) if frame is not None else None

    def _frame(self) -> dict[str, float] | None:
        node = self._node() or {}
        frame = node.get("bounds") or node.get("frame")
        return frame if frame and all(frame.get(k) is not None for k in "xywh") else None

    def can_move(self) -> bool:
        return any(moves(e, self._frame()) for e in self._effects())

    def can_resize(self) -> bool:
        return any(resizes(e, self._frame()) for e in self._effects())

    def handle_at(self, pos: QPointF) -> Handle | None:
        """The handle (or the node's body) under a widget point, None elsewhere."""
        rect = self.node_rect()
        if rect is None or not self._effects():
            return None
        if self.can_resize():
            for handle, point in handle_points(rect).items():
                if abs(pos.x() - point.x()) <= HANDLE_PX and abs(pos.y() - point.y()) <= HANDLE_PX:
                    return handle
        if self.can_move() and rect.contains(pos):
            return Handle.MOVE
        return None

    # ------------------------------------------------------------------ the gesture

    def press(self, pos: QPointF) -> bool:
        """A left press: True when it may start a drag (on the node or a handle)."""
        handle = self.handle_at(pos)
        frame = self._frame()
        if handle is None or frame is None:
            return False
        self.handle, self._press = handle, pos
        self._base = {k: float(frame[k]) for k in "xywh"}
        self._drag_effects = list(self._effects())  # as probed before the drag changed anything
        self._before, self.edit, self.active = {}, None, False
        return True

    def move(self, pos: QPointF) -> None:
        if self._press is None or self.handle is None or self._base is None:
            return
        delta = pos - self._press
        if not self.active and math.hypot(delta.x(), delta.y()) < DRAG_START_PX:
            return
        self.active = True
        s = self.preview.scale()
        wanted = wanted_change(self.handle, delta.x() / s, delta.y() / s)
        effects = [e for e in self._drag_effects if self.handle is Handle.MOVE or resizes(e, self._base)]
        edit = choose_edit(effects, wanted, self._base, self._decimals)
        values: dict[str, Any] = {pid: before for pid, before in self._before.items()
                                  if edit is None or pid != edit.param}  # others back where they were
        if edit is not None:
            if edit.param not in self._before:
                self._before[edit.param] = self.model.value(edit.param)
            values[edit.param] = edit.value
        values = {pid: v for pid, v in values.items() if not _same(self.model.value(pid), v)}
        self.edit = edit
        if values and all(self.model.check(pid, v) is None for pid, v in values.items()):
            self._live.update(values)
            if not self._recording:  # recording: the release records one event (studio/recording.py)
                self.model.apply(values)
        self.dragging.emit(edit)

    def release(self) -> bool:
        """End the drag: one undo step with every param it changed. False when it was a
        click (no drag): the caller selects."""
        was_drag = self.active
        after = {pid: self._live.get(pid, self.model.value(pid)) for pid in self._before}
        changed = {pid for pid in after if not _same(after[pid], self._before[pid])}
        if was_drag and changed and self.model.undo_stack is not None:  # (without a stack they stay applied)
            self.model.undo_stack.push(ParamsApplyCommand(
                self.model, {pid: self._before[pid] for pid in changed}, {pid: after[pid] for pid in changed},
                f"Drag {', '.join(sorted(changed))}"))
        self._reset()
        if was_drag:
            self.finished.emit()
        return was_drag

    def cancel(self) -> None:
        """Escape: every touched param back to its value before the drag, no undo step."""
        changed = {pid: v for pid, v in self._before.items() if not _same(self.model.value(pid), v)}
        if changed and not self._recording:
            self.model.apply(changed)
        was = self.active
        self._reset()
        if was:
            self.finished.emit()

    def _reset(self) -> None:
        self.handle, self._press, self._base, self._before, self.edit, self.active = None, None, None, {}, None, False
        self._live = {}

    @property
    def _recording(self) -> bool:
        """Record mode is on: the params model's stack records events (studio/recording.py), so
        values are not applied live (they would change the base state); the release is the event."""
        return bool(getattr(self.model.undo_stack, "recording", False))

    def _decimals(self, param_id: str) -> int:
        spec = self.model.spec(param_id)
        return decimals_for(spec) if spec is not None else 4

    @property
    def base(self) -> dict[str, float] | None:
        """The node's frame when the drag started (output pixels)."""
        return self._base

    @property
    def pressed(self) -> bool:
        return self._press is not None

    def hover(self, pos: QPointF) -> None:
        """The pointer moved without a button: the cursor says what a press there would do."""
        handle = None if self.preview.panning else self.handle_at(pos)
        self.preview.setCursor(CURSORS[handle] if handle is not None else Qt.CursorShape.ArrowCursor)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


CURSORS = {
    Handle.MOVE: Qt.CursorShape.SizeAllCursor,
    Handle.LEFT: Qt.CursorShape.SizeHorCursor, Handle.RIGHT: Qt.CursorShape.SizeHorCursor,
    Handle.TOP: Qt.CursorShape.SizeVerCursor, Handle.BOTTOM: Qt.CursorShape.SizeVerCursor,
    Handle.TOP_LEFT: Qt.CursorShape.SizeFDiagCursor, Handle.BOTTOM_RIGHT: Qt.CursorShape.SizeFDiagCursor,
    Handle.TOP_RIGHT: Qt.CursorShape.SizeBDiagCursor, Handle.BOTTOM_LEFT: Qt.CursorShape.SizeBDiagCursor,
}
