"""The Python API of the engine: load a composition, set params/inputs/size, render frames.

    host = Host.load("daily:baseline")
    host.set_inputs([True, True, {"id": 2, "displayName": "Ann"}])
    host.set_params({"mode": "grid"})
    out = host.render(0)          # FrameOutput: video layers + display lists

State changes are pending until the next `render()`, which applies them together with the new
time, as Daily's servers do. One `Host` keeps one QuickJS context: `reload()` re-evaluates only
the composition's modules (the transform cache makes unchanged files free).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import (
    CompositionError,
    CompositionNotFound,
    InputError,
    SandboxLimitError,
    SourceLocation,
)
from .hoststate import DEFAULT_FPS, DEFAULT_SIZE, HostState
from .imagetable import build_image_table
from .interface import CompositionInterface
from . import inspect as inspection
from .inspect import ProbeResult, param_effects, probe_plan, run_probes, spread
from .runtime import JsRuntime
from .session_assets import SessionAssets, scan_session_assets
from .bundle import composition_modules
from .transform import TransformError

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parent.parent
COMPOSITIONS_DIR = PROJECT_DIR / "compositions"
OUR_BASELINE_DIR = COMPOSITIONS_DIR / "baseline"
"""What `daily:baseline` names: our own implementation of Daily's baseline composition."""


def resolve_composition(spec: str | Path) -> Path:
    """A composition folder or file from a path or an id.

    Ids: `daily:baseline` is *our* baseline (`compositions/baseline`), `example:NAME` our example
    `compositions/examples/NAME`; `NAME` alone is `compositions/NAME`.
    """
    text = str(spec)
    p = Path(text).expanduser()
    if p.exists():
        return p.resolve()
    ns, sep, name = text.partition(":")
    candidates: list[Path] = []
    if sep and ns == "daily":
        candidates.append(COMPOSITIONS_DIR / name)
    elif sep and ns == "example":
        candidates += [COMPOSITIONS_DIR / "examples" / name, COMPOSITIONS_DIR / "examples" / f"{name}.jsx"]
    elif not sep:
        candidates.append(COMPOSITIONS_DIR / text)
    for c in candidates:
        if c.exists():
            return c.resolve()
    raise CompositionNotFound(f"no composition at '{text}' (not a file, folder or known id)")


@dataclass
class FrameOutput:
    """What one rendered frame produced (see docs/architecture.md, "Contract: host outputs")."""

    frame_index: int
    time: float
    video_layers_json: str
    flattened_json: str
    background_commands_json: str
    foreground_commands_json: str
    width: int
    height: int
    changed: bool = True
    logs: list[tuple[str, str]] = field(default_factory=list)

    @cached_property
    def video_layers(self) -> list[dict]:
        return json.loads(self.video_layers_json)

    @cached_property
    def flattened(self) -> dict:
        return json.loads(self.flattened_json)

    @cached_property
    def background(self) -> dict:
        return {"width": self.width, "height": self.height, "commands": json.loads(self.background_commands_json)}

    @cached_property
    def foreground(self) -> dict:
        return {"width": self.width, "height": self.height, "commands": json.loads(self.foreground_commands_json)}

    def unchanged_copy(self, frame_index: int, time: float) -> FrameOutput:
        """The same outputs at another frame; parsed values are shared, not parsed again.

        Consumers must treat the parsed lists as read-only (they are shared between frames)."""
        copy = FrameOutput(frame_index, time, self.video_layers_json, self.flattened_json,
                           self.background_commands_json, self.foreground_commands_json,
                           self.width, self.height, changed=False)
        for name in _PARSED:
            if name in self.__dict__:
                copy.__dict__[name] = self.__dict__[name]
        return copy


_PARSED = ("video_layers", "flattened", "background", "foreground")


def first_emoji(text: str) -> str:
    """The first emoji in `text` (an `Emoji` node draws only that one), or ''."""
    from .text.emoji_runs import split_emoji

    return next((e for _, e in split_emoji(text) if e), "")


def _default_text_callables() -> tuple[Callable[[str], str], Callable[[str], str]]:
    from .text import measure_text_json

    return measure_text_json, first_emoji


def transform_failure(e: TransformError) -> CompositionError:
    """A transform error as users see it: `file:line[:col]: message`, or `file: message` when it
    has no position in the file (a folder without an entry file, an unreadable module)."""
    if e.line > 0:
        return CompositionError(e.message, location=SourceLocation(e.file.name, e.file, e.line, e.col or None))
    return CompositionError(f"{e.file}: {e.message}")


def _entry_location(bundle: Any) -> SourceLocation | None:
    """The entry module's `export default` line (else line 1)."""
    chunk = next((c for c in bundle.modules if c.id == bundle.entry_id), None)
    if chunk is None:
        return None
    line = 1
    try:
        for i, text in enumerate(chunk.path.read_text(encoding="utf-8").splitlines(), 1):
            if text.lstrip().startswith("export default"):
                line = i
                break
    except OSError:
        pass
    return SourceLocation(chunk.id, chunk.path, line)


def warn_session_images(assets: SessionAssets, images: Mapping[str, Mapping[str, Any]]) -> None:
    """One warning per session image a local render shows differently from Daily's servers:
    one the composition's own image of that name hides, one that is not a PNG, a link leading
    out of the folder (not read)."""
    for name in sorted(assets.images):
        if images.get(name, {}).get("type") == "compositionAsset":
            log.warning("session asset %s: the composition has its own %s, which wins (as on Daily's servers); "
                        "rename yours to use it", assets.image_key(name), name)
        elif name in assets.not_png:
            log.warning("session asset %s is not a PNG image: it is drawn here, but Daily documents only PNG "
                        "images as session assets", assets.image_key(name))
    for key in assets.outside:
        log.warning("session asset %s is a symbolic link leading outside %s; it is not used", key, assets.folder)


PROBING_BUDGET_S = 20.0
"""Longest a `probe_params` may take, forks included: well within the supervisor's budget for
one request (engine_process.PYTHON_BUDGET_S), so a slow composition's probing fails alone."""


class Host(HostState):
    """A loaded composition in a sandboxed runtime, rendered frame by frame."""

    def __init__(self, *, size: tuple[int, int] = DEFAULT_SIZE, fps: float = DEFAULT_FPS,
                 asset_dirs: Sequence[Path | str] = (), session_assets: Path | str | None = None,
                 runtime: JsRuntime | None = None) -> None:
        super().__init__(size=size, fps=fps, asset_dirs=asset_dirs, session_assets=session_assets)
        if runtime is None:
            measure, first_emoji = _default_text_callables()
            runtime = JsRuntime(measure, first_emoji)
        self.runtime = runtime
        self._inputs_json: str | None = None  # kept across reload(), as params are
        self._room_json: str | None = None
        self._last: FrameOutput | None = None
        self._shown = (0, 0.0)  # the frame index and time of the last render (inspect() tells)
        self._bind()
        # `_poisoned`: a sandbox limit interrupted the runtime mid-call (QuickJS skips `finally`
        # blocks for that uncatchable error), so its internal state is unknown and the next load
        # starts a fresh runtime. While a failure stands, edits are only recorded here (see
        # HostState) and the recovering reload applies them.
        self._poisoned = False
        self._mounted = False  # the runtime holds a loaded composition to send state to
        self.mounts = 0  # successful mounts so far: whoever keeps a position (timeline.py) sees a remount
        self.pristine = False  # just opened: nothing applied or rendered since (a fresh process's state)

    def _bind(self) -> None:
        self._js = {name: self.runtime.function(f"__vcs_host.{name}") for name in (
            "configure", "load", "setParams", "resetParams", "setInputs", "setRoom", "addMessages",
            "tick", "failure", "renderCount", "clearTextCache", "inspect", "probeFrames")}

    # ------------------------------------------------------------------ loading

    def open(self, composition: str | Path) -> CompositionInterface:
        """Load (or switch to) a composition and mount it with its default params, no inputs and
        no room (a reload keeps the values set since; an open starts over, exactly as a new
        process would: the timeline's remount relies on it)."""
        self.path = resolve_composition(composition)
        self.params = {}
        self._inputs_json = self._room_json = None
        interface = self.reload()
        self.pristine = True
        return interface

    def reload(self) -> CompositionInterface:
        """Re-read the composition's files (and the session assets'); params, inputs and size
        are kept."""
        if self.path is None:
            raise CompositionNotFound("no composition loaded")
        self.pristine = False
        assets = scan_session_assets(self.session_assets) if self.session_assets is not None else None
        try:
            bundle = composition_modules(self.path, overrides=assets)
        except TransformError as e:
            raise self._failed(transform_failure(e)) from None
        if self._poisoned:
            self.runtime = self.runtime.fresh()
            self._bind()
            self._poisoned = False
        self.failure = None
        self._mounted = False
        self.root = bundle.root
        try:
            self.runtime.forget_modules()
            for chunk in bundle.modules:
                self.runtime.define_module(chunk.id, chunk.code, chunk.path)
            self.images = build_image_table(self.images_dir, self.image_dirs)
            if assets is not None:
                warn_session_images(assets, self.images)
            self._configure()
            iface = json.loads(self._call("load", bundle.entry_id))
        except CompositionError as e:
            if e.location is None or e.location.in_runtime:
                # Nothing in the composition's own code is on the stack (e.g. the default export
                # is not a component): name the entry file rather than a runtime file.
                e.location = _entry_location(bundle)
            raise self._failed(e) from None
        self._mounted = True
        self.mounts += 1
        self.interface = CompositionInterface.from_json(iface)
        kept = {k: v for k, v in self.params.items()}
        self.params = {}
        self._last = None
        if kept:
            self.set_params(kept, warn=False)
        if self._inputs_json is not None:
            self._call("setInputs", self._inputs_json)
        if self._room_json is not None:
            self._call("setRoom", self._room_json)
        self.render(0)  # mount, as Daily's runner does before frame 0
        return self.interface

    def _configure(self) -> None:
        self._call("configure", json.dumps({"viewport": {"w": self.size[0], "h": self.size[1]}, "images": self.images}))

    # ------------------------------------------------------------------ state

    def set_params(self, values: Mapping[str, Any], *, warn: bool = True) -> list[str]:
        """Merge param values (flat dotted ids). Returns warnings; the values pass through as given.

        Values that can never be sent (NaN, huge numbers, lone surrogates, over-long text, see
        `limits.check_param_value`) are neither sent nor kept: the others are applied, then one
        InputError names the rejected ones."""
        from .limits import split_sendable_params

        good, rejected = split_sendable_params(values, self.interface)
        warnings = self.interface.check(good) if warn else []
        if good or rejected is None:
            self.params.update(good)
            self._send("setParams", json.dumps(good))
        if rejected is not None:
            raise rejected
        return warnings

    def reset_params(self) -> None:
        self.params = {}
        self._send("resetParams")

    def set_inputs(self, slots: Sequence[Any]) -> None:
        """The video input slots (`activeVideoInputSlots`): `True`, falsy, or an object per slot."""
        self._inputs_json = json.dumps(list(slots))
        self._send("setInputs", self._inputs_json)

    def set_room(self, peers: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> None:
        """The room's available peers (RoomContext.availablePeers)."""
        self._room_json = json.dumps(peers)
        self._send("setRoom", self._room_json)

    def add_messages(self, messages: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Append standard-source messages, e.g. `{"chatMessages": [{"key": "1", "text": "hi"}]}`.

        While the composition is stopped by an error they are dropped: the recovery remounts it,
        and a remounted composition starts with no message history."""
        self.pristine = False
        if self._live:
            self._call("addMessages", json.dumps(messages))

    def set_output_size(self, width: int, height: int) -> None:
        from .limits import check_output_size

        self.size = check_output_size(width, height, f"output size {width}x{height}")
        self.pristine = False
        self._last = None
        self._state_changed()
        if self._live:
            self._configure()

    @property
    def _live(self) -> bool:
        """State changes go to the runtime only when it runs a composition without error."""
        return self._mounted and self.failure is None

    def _send(self, name: str, *args: Any) -> None:
        """A state change: sent to the runtime unless the composition is stopped by an error
        (the values are kept here and applied by the recovering reload), and a chance for a
        failed composition to recover on the next render."""
        self.pristine = False
        self._state_changed()
        if self._live:
            self._call(name, *args)

    # ------------------------------------------------------------------ rendering

    def render(self, frame_index: int | None = None, *, t: float | None = None,
               playback_state: str = "playing") -> FrameOutput:
        """Advance to a frame (or a time in seconds) and return its outputs.

        `playback_state` is what `useVideoPlaybackState()` reads: "playing", or "postroll" for
        the frames rendered after a stop request (compositions show closing slates then)."""
        frame_index, t = self.frame_time(frame_index, t)
        text = self._tick(t, playback_state, emit=True)
        logs = self.runtime.take_logs()
        self._shown = (frame_index, t)
        if not text:
            if self._last is None:
                raise CompositionError("the runtime produced no output")
            out = self._last.unchanged_copy(frame_index, t)
            out.logs = logs
            return out
        vl, flat, bg, fg = text.split("\n")
        self._last = FrameOutput(frame_index, t, vl, flat, bg, fg, self.size[0], self.size[1], True, logs)
        return self._last

    # ------------------------------------------------------------------ inspecting

    def inspect(self) -> dict[str, Any]:
        """The committed node tree of the last rendered frame (format: vcs_engine/inspect.py),
        with that frame's `frame_index` and `time`.

        Reads only: the composition's state and the next frame are untouched. Raises the
        standing failure while the composition is stopped, and CompositionError when no frame
        was rendered since the last size change (the tree would hold the old size's frames)."""
        self._check_inspectable()
        tree = json.loads(self._call("inspect"))
        tree["frame_index"], tree["time"] = self._shown
        return tree

    def probe_params(self, path: str) -> ProbeResult:
        """The params that move or resize the node at `path` (see vcs_engine/inspect.py), probed
        in a throw-away fork of this process: this host's state is left exactly as it was.

        InputError when the last rendered frame has no node at `path`."""
        self._check_inspectable()
        values = dict(self.params)
        probes = spread(probe_plan(self.interface, values), inspection.LANES)
        request = json.dumps([{"id": p.id, "value": p.value} for p in probes])

        def probe(first: int, end: int) -> dict[str, Any]:
            answer = json.loads(self._call("probeFrames", path, request, first, end))
            if not answer["found"]:
                raise InputError(f"no node at {path!r} in the last rendered frame")
            return answer

        answer = run_probes(probe, len(probes), budget_s=PROBING_BUDGET_S)
        return param_effects(path, self.interface, values, probes, answer)

    def _check_inspectable(self) -> None:
        if self.failure is not None:
            raise self.failure
        if not self._mounted or self._last is None:
            raise CompositionError("no frame rendered since the last change (of size or composition): render one first")
    def step(self, frame_index: int, *, playback_state: str = "playing") -> None:
        """Advance to a frame exactly as `render` does, without producing its outputs.

        Seeking (vcs_engine/timeline.py) replays frames nobody looks at: the composition renders,
        its timers and animations run and it is laid out, but nothing is serialised, and the next
        `render` emits whatever this left. The composition's console lines of stepped frames are
        dropped (a seek replays frames already seen)."""
        self._tick(self.frame_time(frame_index, None)[1], playback_state, emit=False)
        self.runtime.take_logs()

    def _tick(self, t: float, playback_state: str, *, emit: bool) -> str:
        self.pristine = False
        if self._must_recover():
            self.reload()  # raises (and keeps failing) if the change did not fix the cause
        try:
            return self._call("tick", float(t), playback_state, 1 if emit else 0)
        except CompositionError as e:
            raise self._failed(e) from None

    def clear_text_cache(self) -> None:
        """Forget every text measurement (JS and Python caches), e.g. to measure cold costs."""
        from .text import clear_text_caches

        clear_text_caches()
        self._call("clearTextCache")

    @property
    def render_count(self) -> int:
        """How many times the root has rendered (tests compare this with Daily's count)."""
        return int(self._call("renderCount"))

    def _failed(self, error: CompositionError) -> CompositionError:
        self._last = None
        if isinstance(error, SandboxLimitError):
            self._poisoned = True
        return super()._failed(error)

    def _call(self, name: str, *args: Any) -> Any:
        try:
            return self._js[name](*args)
        except CompositionError as e:
            failure = self._js["failure"]()
            if failure:
                info = json.loads(failure)
                e.component_stack = info.get("componentStack", "")
            raise

