"""The studio's session: owns the engine, runs it off the GUI thread, publishes what happens.

The window never calls the engine. It calls this object's methods, which return at once: each
queues a job for one render thread, so edits reach the engine in the order they were made. What
the engine does comes back as Qt signals (queued into the GUI thread), in the manner of Motion
Canvas's player: `frameRendered`, `errorChanged`, `loaded`, `paramsChanged`, `factsChanged`,
`logged`.

Render requests are coalesced: while one frame renders, newer requests replace each other, so a
slow composition drops frames instead of building a backlog, and playback paced by the wall clock
(studio/playback.py) never runs in slow motion. A request made after an edit is rendered after
that edit, even when a render was already queued before it (a slider dragged while paused shows
its last value, not the one before).

Honest state: `errorChanged(text, details)` is emitted with the error of every failed job and
with "" only when a frame renders again — the banner stays until then. `errorReported` carries
the same error as an `ErrorReport` (studio/error_report.py: location relative to the composition
folder, source excerpt, stacks), made here on the render thread, and None when it clears.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from vcs_engine.errors import InputError, VcsError
from vcs_engine.scenario import Scenario
from vcs_engine.timeline import Overtaken, save_scenario

from .engine import PreviewEngine, RenderedFrame
from .error_report import composition_root, describe_error, error_details, report_error
from .payload_facts import gather_load_facts

log = logging.getLogger("vcs_engine.studio")

Job = Callable[[], None]


class StudioSession(QObject):
    """One composition in one engine, driven from the GUI thread without ever blocking it."""

    frameRendered = Signal(object)        # RenderedFrame
    errorChanged = Signal(str, str)       # one line ('' when all is well again), details
    errorReported = Signal(object)        # ErrorReport of the same error, None when all is well
    loaded = Signal(bool, bool)           # ok, fresh (an open, not a reload)
    paramsChanged = Signal(object, object, bool)  # interface params, values, fresh (rebuild the form)
    paramRejected = Signal(str)           # one line: a value the engine refused (others applied)
    treeInspected = Signal(object)        # the current frame's node tree (Host.inspect()), on request
    probed = Signal(object, object)       # node path, the params that move or resize it
    factsChanged = Signal(object)         # LoadFacts (payload_facts.py), after every open or reload
    outputSizeChanged = Signal(int, int)  # the engine's output size, after set_output_size
    logged = Signal(str, str)             # level, text (composition console and engine notes)
    busyChanged = Signal(bool)
    seekProgress = Signal(int, int)       # frames replayed, target (0, 0: no long seek running)
    scenarioLoaded = Signal(object)       # Scenario (events form), read by open_scenario
    scenarioSaved = Signal(str)           # path written by save_scenario
    scenarioFailed = Signal(str)          # one line: a scenario that could not be read or written

    def __init__(self, engine: PreviewEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.error = ""
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._wanted: tuple[int, Collection[str] | None, bool] | None = None
        self._render_queued = False
        self._render_ticket = 0  # `_submitted` just after the queued render job
        self._render_generation = 0  # only the newest queued render job renders
        self._submitted = 0  # jobs submitted so far
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self.jobs_done = 0  # jobs finished so far (tests tell "nothing new ran" by it)
        self._probe_generation = 0  # only the newest probe request runs
        self._inspecting = False  # render thread: frames carry their node tree
        self._thread = threading.Thread(target=self._run, name="vcs-studio-render", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ the render thread

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception as error:  # noqa: BLE001 (nothing may stop the render thread)
                self._report(error)
            finally:
                with self._lock:
                    self._pending -= 1
                    self.jobs_done += 1
                    if self._pending == 0:
                        self._idle.notify_all()

    def _submit(self, job: Job) -> None:
        with self._lock:
            self._pending += 1
            self._submitted += 1
        self._jobs.put(job)

    def _report(self, error: BaseException) -> None:
        text = describe_error(error)
        details = error_details(error)
        if text != self.error:
            self.logged.emit("error", details.rstrip())
        self.error = text
        self.errorReported.emit(report_error(error, composition_root(self.engine.host)))
        self.errorChanged.emit(text, details)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every queued job has run (tests and scripted use; never the GUI's paths)."""
        with self._lock:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def settle(self, rounds: int = 10, timeout: float = 30.0) -> bool:
        """Block until every queued job has run and the signals they emitted reached the window
        without queueing more work (a signal may: the first frame after a load). False when a
        job did not finish in `timeout` or work kept coming. Tests, benchmarks and scripts
        only: it runs the caller's event loop."""
        for _ in range(rounds):
            if not self.wait_idle(timeout):
                return False
            before = self.jobs_done
            QCoreApplication.processEvents()
            if self.wait_idle(0) and self.jobs_done == before:
                return True
        return False

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._render_queued

    # ------------------------------------------------------------------ inspection (studio/inspection.py)

    def set_transparent(self, on: bool) -> None:
        """Composite without the black backdrop (the preview shows a checkerboard through)."""
        def job() -> None:
            self.engine.painter.transparent = on

        self._submit(job)

    def set_inspecting(self, on: bool) -> None:
        """From now on every frame carries its node tree (`RenderedFrame.tree`); when turned on,
        the tree of the frame rendered last comes at once through `treeInspected`."""
        def job() -> None:
            self._inspecting = on
            if on and self.engine.loaded and (tree := self._inspect()) is not None:
                self.treeInspected.emit(tree)

        self._submit(job)

    def _inspect(self) -> dict[str, Any] | None:
        """The node tree of the frame rendered last (vcs_engine/inspect.py), None when there is
        none to read (a failing composition, no frame since a restart): the inspector keeps
        the last one, and the frame is not lost over it."""
        try:
            return self.engine.host.inspect()
        except VcsError:
            return None

    def probe(self, path: Any) -> None:
        """Find the params that move or resize the node at `path` in the current frame
        (`probed(path, ProbeResult)`, or `probed(path, None)` when it cannot be probed: the node
        is gone, the composition fails; noted in the console, never the error banner: the
        frame is fine). A newer request replaces one that has not started."""
        with self._lock:
            self._probe_generation += 1
            generation = self._probe_generation

        def job() -> None:
            if generation != self._probe_generation or not self.engine.loaded:
                return
            try:
                result = self.engine.host.probe_params(path)
            except VcsError as error:
                self.logged.emit("warn", f"could not probe {path}: {error}")
                result = None
            self.probed.emit(path, result)

        self._submit(job)

    # ------------------------------------------------------------------ loading

    def open(self, composition: str, params: dict[str, Any] | None = None) -> None:
        """Load `composition` from its defaults, then `params` (remembered ones, a param file)
        before anything is published, so the first form and frame already show them."""
        def job() -> None:
            try:
                self.engine.open(composition)
            finally:
                try:
                    if params:  # kept for the recovery when the load failed
                        self._apply_params(params)
                finally:
                    self._publish_facts()
                    self._publish_interface(fresh=True)  # exactly one per open (the window counts)
            self.logged.emit("info", f"opened {self.engine.host.path}")
            self.loaded.emit(True, True)

        self._submit(self._load_job(job, fresh=True))

    def reload(self) -> None:
        self._submit(self._load_job(self._reload, fresh=False))

    def set_session_assets(self, folder: Path | None) -> None:
        """Use a session-assets folder (None: none) and reload with it, as Daily's servers
        would run the composition with those files. A folder that is gone is reported and
        changes nothing."""
        def job() -> None:
            self.engine.set_session_assets(folder)
            self.logged.emit("info", f"session assets: {folder}" if folder is not None else "no session assets")
            self._reload()

        self._submit(self._load_job(job, fresh=False))

    def _reload(self) -> None:
        try:
            self.engine.reload()
        finally:
            self._publish_facts()
            self._publish_interface(fresh=False)
        self.logged.emit("info", "reloaded")
        self.loaded.emit(True, False)

    def _load_job(self, body: Job, fresh: bool) -> Job:
        def job() -> None:
            try:
                body()
            except Exception as error:  # noqa: BLE001
                self._report(error)
                self.loaded.emit(False, fresh)

        return job

    def _publish_facts(self) -> None:
        """What payloads need of this load (published before `loaded`, so whoever reacts to a
        load already has them)."""
        self.factsChanged.emit(gather_load_facts(self.engine.host))

    def _publish_interface(self, fresh: bool) -> None:
        host = self.engine.host
        self.paramsChanged.emit(host.interface.params, dict(self.engine.params), fresh)

    # ------------------------------------------------------------------ edits

    def set_params(self, values: dict[str, Any], replace: bool = False) -> None:
        """Merge `values` into the engine's params, or with `replace` make them the engine's
        only params (the rest back to their defaults): Reset all, a loaded param file, an edit
        back to a default (studio/params_model.py)."""
        values = dict(values)

        def job() -> None:
            if replace:
                self.engine.reset_params()
            if values:
                self._apply_params(values)

        self._submit(job)

    def _apply_params(self, values: dict[str, Any]) -> None:
        try:
            warnings = self.engine.set_params(values)
        except InputError as error:  # refused alone; the good values were applied
            self.paramRejected.emit(str(error))
            self.logged.emit("warn", str(error))
            self._publish_interface(fresh=False)
            return
        for warning in warnings:
            self.logged.emit("warn", warning)

    def set_slots(self, slots: list[dict[str, Any]]) -> None:
        self._submit(lambda: self.engine.set_slots(slots))

    def set_output_size(self, width: int, height: int) -> None:
        def job() -> None:
            self.engine.set_output_size(width, height)
            self.outputSizeChanged.emit(*self.engine.host.size)

        self._submit(job)

    def set_layers(self, layers: Collection[str]) -> None:
        chosen = set(layers)

        def job() -> None:
            self.engine.layers = chosen

        self._submit(job)

    def add_message(self, source: str, message: dict[str, Any], frame_index: int) -> None:
        """A session-only message at `frame_index` (see PreviewEngine.add_message)."""
        def job() -> None:
            self.engine.add_message(source, message, frame_index)
            self.logged.emit("info", f"{source}: {message.get('senderDisplayName', '')}: {message.get('text', '')}")

        self._submit(job)

    # ------------------------------------------------------------------ the timeline's document

    def set_document(self, scenario: Scenario) -> None:
        """The timeline's document changed (an open, an edit, an undo)."""
        self._submit(lambda: self.engine.set_document(scenario))

    def open_scenario(self, path: Path) -> None:
        """Read a `.json` or `.js` scenario in the engine process, in the events form (a `.js`
        callback runs there, under its watchdog); `scenarioLoaded` brings it to the GUI thread,
        which makes it the document. A bad file is reported and changes nothing."""
        def job() -> None:
            try:
                scenario = self.engine.host.load_scenario(path, events_form=True)
            except VcsError as error:
                self.logged.emit("error", str(error))
                self.scenarioFailed.emit(str(error))
                return
            self.scenarioLoaded.emit(scenario)

        self._submit(job)

    def save_scenario(self, path: Path) -> None:
        """Write what the preview shows as a `.json` scenario (the document with the base params
        and participants in its initial state; session-only messages are not part of it), so
        `vcs render --scenario` replays it."""
        def job() -> None:
            try:
                save_scenario(self.engine.scenario(with_messages=False), path)
            except (OSError, VcsError) as error:
                self.logged.emit("error", f"could not save {path}: {error}")
                self.scenarioFailed.emit(f"could not save {path}: {error}")
                return
            self.logged.emit("info", f"saved {path}")
            self.scenarioSaved.emit(str(path))

        self._submit(job)

    # ------------------------------------------------------------------ frames

    def request_frame(self, frame_index: int, layers: Collection[str] | None = None, *, exact: bool = True) -> None:
        """Render `frame_index` as soon as the thread is free; a newer request replaces an older
        one that has not started (that is how slow compositions drop frames), and overtakes a
        long seek in progress (scrubbing). `exact=False`: the live path of playback and edits
        (vcs_engine/timeline.py); seeks are exact."""
        with self._lock:
            self._wanted = (frame_index, layers, exact)
            if self._render_queued and self._render_ticket == self._submitted:
                return  # the queued render is the last job: it will render this request
            # Nothing queued, or edits were queued after the render job: render after them
            # (the older job, overtaken, does nothing), so every edit shows.
            self._render_queued = True
            self._render_generation += 1
            generation = self._render_generation
            self._pending += 1
            self._submitted += 1
            self._render_ticket = self._submitted
        self.busyChanged.emit(True)
        self._jobs.put(lambda: self._render_job(generation))

    def _render_job(self, generation: int) -> None:
        with self._lock:
            if generation != self._render_generation:
                return  # overtaken by a render queued after later edits
            wanted, self._wanted = self._wanted, None
            self._render_queued = False
        self.busyChanged.emit(False)
        if wanted is None or not self.engine.loaded:
            return
        frame_index, layers, exact = wanted
        progressed: list[int] = []

        def progress(done: int, total: int) -> None:
            progressed.append(done)
            self.seekProgress.emit(done, total)

        try:
            # Inspecting: the host itself at the frame (its tree), not a cached copy of the frame.
            frame: RenderedFrame = self.engine.render(
                frame_index, layers, exact=exact, progress=progress, overtaken=self._overtaken,
                cached=not self._inspecting)
        except Overtaken:
            return  # the newer request's job renders (and reports its own progress)
        finally:
            if progressed:
                self.seekProgress.emit(0, 0)
        for level, text in frame.output.logs:
            self.logged.emit(level, text)
        if self.error:
            self.error = ""
            self.errorReported.emit(None)
            self.errorChanged.emit("", "")
        if self._inspecting:
            frame.tree = self._inspect()
        self.frameRendered.emit(frame)

    def _overtaken(self) -> bool:
        with self._lock:
            return self._wanted is not None

    # ------------------------------------------------------------------ shutdown

    def close(self) -> None:
        """Stop the thread after the job in progress, then the engine (its process too)."""
        self._jobs.put(None)
        self._thread.join(10)
        self.engine.close()
