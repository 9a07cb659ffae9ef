"""Hot reload: watch a composition's files and tell the GUI thread, debounced.

watchdog calls back on its own thread; the Qt signal (queued across threads) brings the event to
the GUI thread, where a single-shot timer collapses the burst of events one save produces
(editors write, rename and touch) into one reload.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = frozenset({".js", ".jsx", ".mjs"})
DEBOUNCE_MS = 150


def watch_target(composition: Path) -> tuple[Path, bool]:
    """The folder to watch and whether recursively: a folder composition's whole tree, a
    single file's folder (its imports may sit next to it)."""
    return (composition, True) if composition.is_dir() else (composition.parent, False)


class _Handler(FileSystemEventHandler):
    def __init__(self, notify) -> None:
        super().__init__()
        self._notify = notify

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path and Path(str(path)).suffix.lower() in SOURCE_SUFFIXES:
                self._notify(str(path))
                return


class CompositionWatcher(QObject):
    """Emits `changed` (on the GUI thread) ~150 ms after the last source change."""

    changed = Signal()
    _raw = Signal(str)  # emitted from watchdog's thread; Qt queues it to ours

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._observer: BaseObserver | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.changed)
        self._raw.connect(self._on_raw)
        self.watched: Path | None = None
        self.last_changed: Path | None = None

    @Slot(str)
    def _on_raw(self, path: str) -> None:
        """On the GUI thread (a slot of this object, so the cross-thread emit is queued)."""
        self.last_changed = Path(path)
        self._timer.start()  # restarts: the reload waits for the burst to end

    def watch(self, composition: Path) -> None:
        """Watch (only) this composition; replaces any previous watch."""
        self.stop()
        folder, recursive = watch_target(composition)
        try:
            observer = self._start(Observer(), folder, recursive)
        except OSError as error:
            # inotify can run out of watches (a big tree, many tools watching): poll instead
            # rather than lose hot reload or, worse, fail to open the composition.
            log.warning("watching %s natively failed (%s); polling instead", folder, error)
            observer = self._start(PollingObserver(), folder, recursive)
        self._observer = observer
        self.watched = folder

    def _start(self, observer: BaseObserver, folder: Path, recursive: bool) -> BaseObserver:
        observer.schedule(_Handler(self._raw.emit), str(folder), recursive=recursive)
        observer.daemon = True
        observer.start()
        return observer

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
            self._observer = None
        self._timer.stop()
