"""Hot reload: watch a composition's files, and its session-assets folder, and tell the GUI thread.

watchdog calls back on its own thread; the Qt signal (queued across threads) brings the event to
the GUI thread. A save reloads at once: the first event that says a write is complete (the file
closed after writing, moved into place, created, deleted) fires `changed` immediately, and a bare
"modified" (a write still going on) fires after `SETTLE_MS` unless its close comes first. The
rest of the burst one save produces (editors write, rename and touch) is then collapsed: events
within `DEBOUNCE_MS` of each other after a reload give one more reload at the end of the burst,
so the last state on disk is always the one loaded. (Waiting for the burst to end first cost
150 ms on every save: the old debounce.)

Several roots are watched by one observer, each with the files that matter in it: a composition's
source files and images, and a session-assets folder's code and images (an override replaces a composition
file; an added image changes what the composition and the payload can name).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from vcs_engine.session_assets import CODE_SUFFIXES, IMAGE_SUFFIXES

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = frozenset({".js", ".jsx", ".mjs"})
COMPOSITION_SUFFIXES = SOURCE_SUFFIXES | frozenset(IMAGE_SUFFIXES)
"""A composition's sources and its images (`images/`): saving either reloads."""
SESSION_SUFFIXES = frozenset(CODE_SUFFIXES) | frozenset(IMAGE_SUFFIXES)
DEBOUNCE_MS = 150
SETTLE_MS = 40
"""A write without its close event yet: how long to wait before reloading anyway."""
COMPLETE_EVENTS = frozenset({"closed", "moved", "created", "deleted"})
COMPOSITION = "composition"
SESSION_ASSETS = "session assets"


@dataclass(frozen=True)
class WatchRoot:
    """A folder to watch, whether its sub-folders too, and the suffixes whose changes count."""

    folder: Path
    recursive: bool
    suffixes: frozenset[str]


def watch_target(composition: Path) -> tuple[Path, bool]:
    """The folder to watch and whether recursively: a folder composition's whole tree, a
    single file's folder (its imports may sit next to it)."""
    return (composition, True) if composition.is_dir() else (composition.parent, False)


class _Handler(FileSystemEventHandler):
    def __init__(self, notify: Callable[[str, str], None], suffixes: frozenset[str]) -> None:
        super().__init__()
        self._notify = notify
        self._suffixes = suffixes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path and Path(str(path)).suffix.lower() in self._suffixes:
                self._notify(str(path), event.event_type)
                return


class CompositionWatcher(QObject):
    """Emits `changed` (on the GUI thread) as soon as a save in any watched root is complete,
    and once more after the burst when it went on (see the module doc): the composition
    (`watch`) and the session-assets folder (`watch_session_assets`)."""

    changed = Signal()
    _raw = Signal(str, str)  # path, event type; emitted from watchdog's thread, Qt queues it to ours

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._observer: BaseObserver | None = None
        self._timer = QTimer(self)  # the quiet period after a reload; its end reloads if events came
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._quiet_over)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._fire)
        self._pending = False
        self._raw.connect(self._on_raw)
        self._roots: dict[str, WatchRoot] = {}
        self._stopped = False
        self.last_changed: Path | None = None

    @property
    def watched(self) -> Path | None:
        """The composition's folder being watched, if any."""
        root = self._roots.get(COMPOSITION)
        return root.folder if root is not None else None

    @property
    def roots(self) -> dict[str, WatchRoot]:
        return dict(self._roots)

    @Slot(str, str)
    def _on_raw(self, path: str, kind: str) -> None:
        """On the GUI thread (a slot of this object, so the cross-thread emit is queued)."""
        self.last_changed = Path(path)
        if self._timer.isActive():  # a reload went out: the rest of the burst gives one more
            self._pending = True
            self._timer.start()  # restarts: that one waits for the burst to end
        elif kind in COMPLETE_EVENTS:
            self._fire()
        elif not self._settle.isActive():
            self._settle.start()

    def _fire(self) -> None:
        self._settle.stop()
        self._pending = False
        self._timer.start()
        self.changed.emit()

    def _quiet_over(self) -> None:
        if self._pending:
            self._fire()

    def watch(self, composition: Path) -> None:
        """Watch this composition (instead of the previous one; other roots stay). Always
        starts watching afresh: the folder may have been replaced since it was last watched."""
        folder, recursive = watch_target(composition)
        self._roots[COMPOSITION] = WatchRoot(folder, recursive, COMPOSITION_SUFFIXES)
        self._restart()

    def watch_session_assets(self, folder: Path | None) -> None:
        """Watch a session-assets folder (None: none) besides the composition; called after
        every load, so an unchanged folder keeps the running observer (and its pending events)."""
        root = WatchRoot(folder, True, SESSION_SUFFIXES) if folder is not None else None
        if self._roots.get(SESSION_ASSETS) == root:
            return
        if root is None:
            del self._roots[SESSION_ASSETS]
        else:
            self._roots[SESSION_ASSETS] = root
        self._restart()

    def _restart(self) -> None:
        self._stop_observer()
        if not self._roots or self._stopped:
            return
        try:
            observer = self._start(Observer())
        except OSError as error:
            # inotify can run out of watches (a big tree, many tools watching): poll instead
            # rather than lose hot reload or, worse, fail to open the composition.
            log.warning("watching %s natively failed (%s); polling instead",
                        ", ".join(str(r.folder) for r in self._roots.values()), error)
            observer = self._start(PollingObserver())
        self._observer = observer

    def _start(self, observer: BaseObserver) -> BaseObserver:
        for root in self._roots.values():
            observer.schedule(_Handler(self._raw.emit, root.suffixes), str(root.folder), recursive=root.recursive)
        observer.daemon = True
        observer.start()
        return observer

    def _stop_observer(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
            self._observer = None

    def stop(self) -> None:
        """Stop watching for good (the window closes; a load reported late starts nothing)."""
        self._stopped = True
        self._stop_observer()
        self._timer.stop()
        self._settle.stop()
        self._pending = False
