"""The inspector's data: the node tree of the current frame, hit testing, and which params move
or resize a node.

`Host.inspect()` returns the committed tree of the last rendered frame as plain JSON data
(built by runtime/inspect.js; reading it changes nothing in the composition):

    {"width": 1280, "height": 720, "frame_index": 20, "time": 0.667, "root": NODE}

    NODE = {"component": "Image",          # function name, or the built-in: Box, Text, Image…
            "kind": "host" | "component",  # a drawn node, or a user component around them
            "type": "image",               # host nodes: root, box, label, image, video, emoji, webframe
            "key": "logo" | null,          # the element's React key
            "path": "Root/Baseline/…/Image",  # unique in the frame, stable across renders
            "frame": {x, y, w, h} | null,  # layout frame in output pixels (a component: its bounds)
            "bounds": {x, y, w, h} | null, # what it occupies: a Text's drawn lines, else the frame
            "clip": {x, y, w, h},          # only when the node clips its children (and itself)
            "style": {...},                # the style prop as given
            "id", "transform", "opacity",  # when the element sets them
            "text": "…", "content": RECT,  # Text (and Emoji) content; `content` = drawn lines
            "image": "logo.png", "video": 3,  # an Image's asset name, a Video's input id
            "children": [NODE, ...],
            "omitted": 12}                 # only on a node 200 levels deep: descendants left out

A path is the component names from the root, each followed by the React slots that lead to it
from its parent: `[key=K]` for a keyed element, `[i]` for the i-th child (left out for the first):
`Root/BaselineComposition/Box/Box[2]/ImageOverlay[1]/Image`. A slot is where React keeps an
element's identity (a `false` or `null` child counts), so a path stays the same across renders and
when a conditional sibling appears or goes. Providers, fragments and the runtime's own wrapper are
not nodes; a built-in and the host node it renders are one node.

Probing (`Host.probe_params(path)`) answers *which params move or resize a node*: every number
param ± its step (1 without one, never past its declared `min`/`max`), every other value of an
enum, every boolean toggled, each rendered and laid out (never rasterised, no animations) and
compared with the node's bounds under the current params. The probes change the composition's
state (hooks, effects, caches), so they run in a copy-on-write `os.fork()` of the process that
holds the engine — for `SupervisedHost`, the engine child — and only the answer comes back: the
composition's params, animation state and message history are exactly as before, and the next
frame is the one it would have been. Within a copy the probes run one after another; a probe that
changes what the mounted components keep (a ref such as a fade's toggle time, a state, an effect
that runs, a component unmounted) ends that copy, and the next probe starts in a fresh one, so
every probe sees the composition as it is. The probes are split into two lanes, each probed by
its own copies side by side. A fork costs about 3 ms; probing our baseline's 196 params takes
about 0.3 s, in about a dozen copies (benchmarks/inspection.py).
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import CompositionError, SandboxLimitError, VcsError
from .interface import CompositionInterface, ParamSpec

__all__ = ["ParamEffect", "Probe", "ProbeResult", "draws", "find_node", "nodes_at", "param_effects", "probe_plan",
           "run_probes", "split_path", "spread", "walk"]

Rect = dict[str, float]

LAYER_RANK = {"background": 0, "video": 1, "foreground": 2}
"""The output's layers bottom to top: graphics before the first video, all videos, the rest."""


# ---------------------------------------------------------------------- the tree


def walk(tree: Mapping[str, Any]) -> Iterator[dict]:
    """Every node of an inspected tree (or of a node's subtree), in draw order (pre-order)."""
    stack = [tree["root"] if "root" in tree else tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node["children"]))


def split_path(path: str) -> list[str]:
    """A path's segments (`Root`, `BaselineComposition`, …); a key's escaped `/` stays inside
    its segment (with its backslash, as the path spells it)."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(path)
    for c in chars:
        if c == "\\":
            current += [c, next(chars, "")]
        elif c == "/":
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
    parts.append("".join(current))
    return parts


def find_node(tree: Mapping[str, Any], path: str) -> dict | None:
    """The node at `path`, or None."""
    return next((n for n in walk(tree) if n["path"] == path), None)


def _contains(r: Rect | None, x: float, y: float) -> bool:
    if not r or any(r.get(k) is None for k in ("x", "y", "w", "h")):
        return False
    return r["x"] <= x < r["x"] + r["w"] and r["y"] <= y < r["y"] + r["h"]


def nodes_at(tree: Mapping[str, Any], x: float, y: float) -> list[dict]:
    """The nodes whose bounds hold the point (x, y) in output pixels, topmost first.

    Topmost means drawn last: the output is the background graphics (the nodes before the first
    video), then every video, then the foreground graphics; within a layer later siblings and
    children are drawn over earlier ones. A clipping node hides the parts of its descendants
    outside it, except videos (video layers are not clipped by graphics, as in Daily's output).
    Three choices make the order what a click means, not only what is painted last:
    a node is listed below its own descendants under the point (a panel's translucent fill lies
    over the panel's videos only because graphics after the first video are all foreground);
    a component is listed below the nodes it holds; and every node that draws nothing itself (a
    component, a Box without fill or stroke, a node at opacity 0) comes after every node that
    draws (compositions stack full-screen containers over everything). Transforms (scale,
    rotation) are not applied: the bounds are the layout's."""
    hits: list[tuple[tuple[bool, int, int], dict]] = []
    order = 0
    seen_video = False

    none = len(LAYER_RANK)

    def visit(node: dict, clip: Rect | None) -> tuple[int, int]:
        """Pre-order visit; returns the lowest layer of the subtree's host nodes and the lowest
        layer a hit in the subtree is listed in (`none` for none)."""
        nonlocal order, seen_video
        index = order
        order += 1
        is_video = node.get("type") == "video"
        if is_video:
            seen_video = True
        own = none  # a component has no layer of its own
        if node["kind"] == "host":
            own = LAYER_RANK["video" if is_video else ("foreground" if seen_video else "background")]
        lowest, lowest_hit = own, none
        inner = _intersect(clip, node["clip"]) if node.get("clip") else clip
        for child in node["children"]:
            child_lowest, child_hit = visit(child, inner)
            lowest, lowest_hit = min(lowest, child_lowest), min(lowest_hit, child_hit)
        visible = is_video or clip is None or _contains(clip, x, y)
        if not (visible and _contains(node.get("bounds"), x, y)):
            return lowest, lowest_hit
        if own == none:  # a component: in the lowest layer of what it holds
            own = lowest_hit if lowest_hit < none else lowest
        layer = min(own, lowest_hit)  # never over its own hits (its index is lower than theirs)
        hits.append(((draws(node), layer, index), node))
        return lowest, layer

    visit(tree["root"], None)
    hits.sort(key=lambda hit: hit[0], reverse=True)
    return [node for _, node in hits]


def draws(node: Mapping[str, Any]) -> bool:
    """Whether a node paints anything itself: an image, a video, an emoji, a web frame, a Text
    with text, a Box with a fill or stroke colour; not at opacity 0."""
    if node["kind"] != "host" or (node.get("opacity") is not None and node["opacity"] <= 0):
        return False
    kind = node.get("type")
    if kind == "box":
        style = node.get("style") or {}
        return bool(style.get("fillColor") or style.get("strokeColor"))
    if kind in ("label", "emoji"):
        return bool(node.get("text"))
    return kind in ("image", "video", "webframe")


def _intersect(a: Rect | None, b: Rect) -> Rect:
    if a is None:
        return b
    if any(b.get(k) is None for k in ("x", "y", "w", "h")):
        return a
    x0, y0 = max(a["x"], b["x"]), max(a["y"], b["y"])
    x1, y1 = min(a["x"] + a["w"], b["x"] + b["w"]), min(a["y"] + a["h"], b["y"] + b["h"])
    return {"x": x0, "y": y0, "w": max(0.0, x1 - x0), "h": max(0.0, y1 - y0)}


# ---------------------------------------------------------------------- probing


@dataclass(frozen=True)
class Probe:
    """One param value to try: `id` set to `value`, the others as they are."""

    id: str
    value: Any


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value


def param_range(spec: ParamSpec) -> tuple[float | None, float | None]:
    """A number param's declared `min` and `max` (None where not declared)."""
    return _number(spec.raw.get("min")), _number(spec.raw.get("max"))


def param_step(spec: ParamSpec) -> float:
    """The step a number param moves by: its declared step, else 1."""
    return spec.step if spec.step is not None and spec.step > 0 else 1.0


def _stepped(value: float, step: float) -> float:
    """value + step without float noise (0.1 + 0.2 is 0.3 here), an int when both are."""
    out = round(value + step, 10)
    return int(out) if isinstance(value, int) and float(step).is_integer() else out


def probe_plan(interface: CompositionInterface, params: Mapping[str, Any]) -> list[Probe]:
    """The probes for every param: numbers ± step within their range, other enum values, the
    other boolean. `params` are the values set (others are at their defaults); text params are
    not probed (their effect on a frame is not a direction to drag in)."""
    probes: list[Probe] = []
    for spec in interface.params:
        value = params.get(spec.id, spec.default)
        if spec.type == "number":
            v = _number(value)
            if v is None:
                continue
            step = param_step(spec)
            low, high = param_range(spec)
            for candidate in (_stepped(v, step), _stepped(v, -step)):
                if (high is None or candidate <= high) and (low is None or candidate >= low):
                    probes.append(Probe(spec.id, candidate))
        elif spec.type == "enum":
            probes.extend(Probe(spec.id, other) for other in spec.values if other != value)
        elif spec.type == "boolean":
            probes.append(Probe(spec.id, not bool(value)))
    return probes


def spread(probes: list[Probe], lanes: int) -> list[Probe]:
    """The probes reordered so that each lane's range (see `run_probes`) takes every `lanes`-th
    one: the probes that end a copy (booleans that toggle a fade or mount a component) cluster
    where an interface declares its switches, and would otherwise all fall in one lane."""
    return [p for lane in range(lanes) for p in probes[lane::lanes]]


@dataclass(frozen=True)
class ParamEffect:
    """How one param changes a node's bounds.

    Numbers: `plus` / `minus` are the change {dx, dy, dw, dh} for value + step / value − step
    (None when not probed, being past `min`/`max`, or when the node is then absent). Enums and
    booleans: `frames` holds, per other value, the node's bounds then (None: the node is absent)."""

    param: str
    type: str
    value: Any
    step: float | None = None
    min: float | None = None
    max: float | None = None
    plus: dict[str, float] | None = None
    minus: dict[str, float] | None = None
    frames: tuple[tuple[Any, Rect | None], ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"param": self.param, "type": self.type, "value": self.value}
        if self.type == "number":
            out.update(step=self.step, min=self.min, max=self.max, plus=self.plus, minus=self.minus)
        else:
            out["frames"] = [{"value": v, "frame": f} for v, f in self.frames]
        return out


@dataclass(frozen=True)
class ProbeResult:
    """The params that move or resize the node at `path`; `bounds` is its bounds under the
    current params (laid out without animations); `failed` lists the probes whose render threw
    (`id=value: message`)."""

    path: str
    bounds: Rect | None
    effects: list[ParamEffect] = field(default_factory=list)
    probes: int = 0
    failed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "bounds": self.bounds, "probes": self.probes,
                "effects": [e.to_json() for e in self.effects], "failed": self.failed}


_EPSILON = 1e-6


def _delta(base: Rect | None, probed: Any) -> dict[str, float] | None:
    if not isinstance(probed, dict) or "error" in probed or base is None:
        return None
    if any(base.get(k) is None or probed.get(k) is None for k in ("x", "y", "w", "h")):
        return None
    return {"dx": probed["x"] - base["x"], "dy": probed["y"] - base["y"],
            "dw": probed["w"] - base["w"], "dh": probed["h"] - base["h"]}


def _changed(base: Rect | None, probed: Any) -> bool:
    if isinstance(probed, dict) and "error" in probed:
        return False
    if base is None or probed is None:
        return base is not probed
    d = _delta(base, probed)
    return d is None or any(abs(v) > _EPSILON for v in d.values())


def param_effects(path: str, interface: CompositionInterface, params: Mapping[str, Any],
                  probes: list[Probe], answer: Mapping[str, Any]) -> ProbeResult:
    """The probes' answer (runtime/inspect.js `probeFrames`: the base bounds and one result per
    probe) as the params that change the node's bounds, in the interface's order."""
    base = answer["base"]
    by_param: dict[str, list[tuple[Any, Any]]] = {}
    for probe, result in zip(probes, answer["results"], strict=True):
        by_param.setdefault(probe.id, []).append((probe.value, result))
    effects: list[ParamEffect] = []
    failed: list[str] = []
    for spec in interface.params:
        tried = by_param.get(spec.id)
        failed += [f"{spec.id}={v!r}: {r['error']}" for v, r in tried or () if isinstance(r, dict) and "error" in r]
        if not tried or not any(_changed(base, r) for _, r in tried):
            continue
        value = params.get(spec.id, spec.default)
        if spec.type == "number":
            low, high = param_range(spec)
            plus = next((_delta(base, r) for v, r in tried if v > value), None)
            minus = next((_delta(base, r) for v, r in tried if v < value), None)
            effects.append(ParamEffect(spec.id, spec.type, value, param_step(spec), low, high, plus, minus))
        else:
            order = {v: i for i, v in enumerate(spec.values)}  # the declared order, however probed
            frames = tuple(sorted(((v, r) for v, r in tried if not (isinstance(r, dict) and "error" in r)),
                                  key=lambda vr: order.get(vr[0], len(order))))
            effects.append(ParamEffect(spec.id, spec.type, value, frames=frames))
    return ProbeResult(path, base, effects, len(probes), failed)


# ---------------------------------------------------------------------- the throw-away copy


PROBES_PER_CALL = 50
"""Probes per call into JS: each call has the runtime's time limit, so a slow composition's
probing is many short calls, never one long one."""

LANES = 2
"""Copies probing side by side, each its share of the probes: the machines we run on have two
cores or more, and on a loaded one two processes also get a larger share of the CPU."""


def run_probes(probe: Callable[[int, int], dict[str, Any]], count: int, budget_s: float) -> dict[str, Any]:
    """Every probe's answer (`{"base", "results"}`). `probe(first, end)` runs probes `first` to
    `end` - 1 in the engine and stops early when one changed the composition's kept state
    (runtime/inspect.js `probeFrames`); each copy of the engine runs probes until then, and the
    next copy goes on from there. The probes are split into `LANES` ranges probed side by side.

    One copy usually answers a lane's probes; a probe that toggles a fade, unmounts a component
    or runs an effect costs one more fork (a few milliseconds). A call that fails as a whole (a
    probe value that loops until the time limit interrupts it, which JS cannot catch) ends its
    copy; the next copy runs that call's probes one per call, so only the guilty probe is lost
    (its result is `{"error": message}`). `budget_s` bounds the whole."""

    def copy_run(first: int, stop: int, careful_until: int) -> dict[str, Any]:
        """In a copy: probes `first` to `stop` - 1, one per call below `careful_until`."""
        base = probe(first, first)["base"]  # the copy's set-up; a failure here is no probe's
        results: list[Any] = []
        k = first
        while k < stop:
            end = k + 1 if k < careful_until else min(stop, k + PROBES_PER_CALL)
            try:
                answer = probe(k, end)
            except CompositionError as error:
                if end - k > 1:  # which probe failed is not known: a fresh copy finds it
                    return {"base": base, "results": results, "next": k, "careful_until": end}
                results.append({"error": str(error)})
                return {"base": base, "results": results, "next": k + 1, "careful_until": careful_until}
            k = answer["next"]
            results += answer["results"]
            if answer["touched"]:
                break
        return {"base": base, "results": results, "next": k, "careful_until": careful_until}

    deadline = time.monotonic() + budget_s
    bounds = [sum(len(range(i, count, LANES)) for i in range(lane)) for lane in range(LANES + 1)]
    lanes = [_Lane(bounds[i], bounds[i + 1]) for i in range(LANES) if bounds[i] < bounds[i + 1]] or [_Lane(0, 0)]
    base: Any = None
    running: dict[int, tuple[_Lane, _Copy]] = {}
    try:
        while True:
            for lane in lanes:
                if (not lane.started or lane.next < lane.stop) and all(busy is not lane for busy, _ in running.values()):
                    lane.started = True  # an empty range still runs once: it says whether the node exists
                    copy = _Copy(lambda lane=lane: copy_run(lane.next, lane.stop, lane.careful_until),
                                 deadline - time.monotonic())
                    running[copy.fd] = (lane, copy)
            if not running:
                return {"base": base, "results": [r for lane in lanes for r in lane.results]}
            for fd in _ready(list(running), deadline, budget_s):
                lane, copy = running.pop(fd)
                answer = copy.finish()
                base = answer["base"]
                lane.results += answer["results"]
                lane.next, lane.careful_until = answer["next"], answer["careful_until"]
    finally:
        for _, copy in running.values():
            copy.kill()


@dataclass
class _Lane:
    """A range of probes and how far its copies got."""

    next: int
    stop: int
    careful_until: int = 0
    results: list[Any] = field(default_factory=list)
    started: bool = False


def _ready(fds: list[int], deadline: float, budget_s: float) -> list[int]:
    """The copies' pipes with something to read (or closed), waiting until one has."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SandboxLimitError(f"probing took longer than {budget_s:g} s and was stopped")
        ready, _, _ = select.select(fds, [], [], left)
        if ready:
            return ready


class _Copy:
    """A copy-on-write fork of this process running `work()`; `finish()` gives its pickled
    result (or raises its error) once its pipe is readable.

    The copy is killed after `budget_s` seconds, and publishes no JS deadline to a supervising
    process (the engine child's watchdog watches the child, not the copy). Needs `os.fork`
    (POSIX). Start copies from the thread that owns the engine: in a process with other threads,
    only the calling thread exists in the copy."""

    def __init__(self, work: Callable[[], Any], budget_s: float) -> None:
        if not hasattr(os, "fork"):
            raise VcsError("probing params needs os.fork, which this platform does not have")
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: never returns
            os.close(read_end)
            _run_copy(work, write_end, max(budget_s, 0.001))
        os.close(write_end)
        self.pid, self.fd = pid, read_end
        self._chunks: list[bytes] = []

    def finish(self) -> Any:
        """Read the answer to its end (the copy writes it at once and exits)."""
        try:
            while chunk := os.read(self.fd, 1 << 20):
                self._chunks.append(chunk)
        finally:
            os.close(self.fd)
            _reap(self.pid)
        if not self._chunks:
            raise SandboxLimitError("probing stopped: its copy of the engine ended without an answer")
        try:
            status, value = pickle.loads(b"".join(self._chunks))
        except Exception:  # noqa: BLE001 (cut short: the copy was killed while writing)
            raise SandboxLimitError("probing stopped: its copy of the engine ended mid-answer") from None
        if status == "error":
            raise value
        return value

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self.fd)
        _reap(self.pid)


def _run_copy(work: Callable[[], Any], fd: int, budget_s: float) -> None:
    try:
        from .runtime import interrupt

        interrupt.publish_deadlines(None)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the budget ends the copy for sure
        signal.setitimer(signal.ITIMER_REAL, budget_s)
        try:
            answer: tuple[str, Any] = ("ok", work())
        except BaseException as error:  # noqa: BLE001 (everything goes back)
            answer = ("error", error if isinstance(error, VcsError) else VcsError(f"{type(error).__name__}: {error}"))
        data = pickle.dumps(answer)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os._exit(0)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
