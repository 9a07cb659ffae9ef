"""The studio window: preview in the centre, params on the right, session controls on top.

The window owns no engine state and never waits for the engine: it builds the docks, forwards
edits to the `StudioSession` (studio/session.py), whose render thread talks to the engine process,
and shows what the session publishes. Whatever the composition does, the window stays responsive;
an error shows in a red banner above the last good frame until a frame renders again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSpinBox,
    QSplitter,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.errors import InputError, VcsError
from vcs_engine.host import resolve_composition
from vcs_engine.offline import read_webvtt, transcript_events
from vcs_engine.scenario import Scenario
from vcs_engine.timeline import has_call

from .asset_catalog import AssetCatalog
from .console import ConsoleView, LogBridge
from .engine import DEFAULT_PARTICIPANTS, OUTPUT_SIZES, PreviewEngine, RenderedFrame, new_message, participant_slots
from .errors_dock import ErrorBanner, ErrorsDock, ErrorsPanel
from .exports import Exports
from .footage_drop import FootageDrop
from .inputs_panel import InputsPanel
from .inspection import Inspection
from .keyboard import ShortcutsHelp, TypingGuard, make_tab_reachable, standard_key
from .messages import MessagesPanel
from .new_composition import NewCompositionAction
from .param_sets import ParamSetActions
from .params_model import ParamsModel
from .params_panel import RESET_ALL_TEXT, ParamsPanel
from .payload_dock import PayloadDock
from .playback import PlaybackClock
from .preview import PreviewWidget
from .recent import RecentMenu
from .recording import Recorder
from .session import StudioSession
from .session_assets_menu import SessionAssetsMenu
from .settings import CompositionMemory, StudioSettings
from .slots_model import MAX_SLOTS, SlotsModel, checked_slots, missing_footage
from .timeline import TimelineDock, TimelineModel
from .ui_fonts import register_emoji_font
from .watcher import CompositionWatcher

FPS = 30
NEW_DOCUMENT_FRAMES = 30 * FPS
"""A new timeline document (no scenario opened) is 30 s long: room to record in."""
TIMER_MS = 15
"""The playback timer runs faster than the frame rate: it only asks for the frame whose time has
come (PlaybackClock), so the phase error stays under one timer period."""
LAYER_NAMES = ("background", "video", "foreground")
PARAMS_WIDTH = 460
"""The params column's first width: long ids (`scaleModeForScreenshare`) and a colour field."""
BOTTOM_HEIGHT = 230
"""The console and participants row's first height: four participants above the message history
(the 16:9 preview loses ~20 px of width at the default window size)."""
ENGINE_LOGGERS = ("vcs_engine", "vcs")
"""Loggers whose warnings (missing images, unknown fonts, bad footage) go to the console."""


def size_label(width: int, height: int) -> str:
    return f"{width}×{height}"


class MainWindow(QMainWindow):
    """One composition, previewed live at 30 fps.

    State lives in models (params, participants) and the session (the engine); the window wires
    them to views. One `QUndoStack` takes every param and participant edit, whichever view made
    it. With `settings` the window remembers its layout, recent compositions and each
    composition's params, participants and layers; `params` (a param file's values) replaces
    the remembered params, and `participants` or `--inputs` footage the remembered participants
    of the first composition opened (what the command line says wins)."""

    messageAdded = Signal(str, object, int)  # source, message, frame: a session-only message sent
    layersChanged = Signal()  # the layers shown changed (a box, or the ones remembered restored)

    def __init__(self, composition: str = "daily:baseline", *, engine: PreviewEngine | None = None,
                 participants: int | None = None, autostart: bool = True,
                 settings: StudioSettings | None = None, params: dict[str, Any] | None = None,
                 size_chosen: bool = False) -> None:
        super().__init__()
        register_emoji_font()  # messages and timeline labels show emoji on any system
        self.size_chosen = size_chosen  # the user chose the output size: a scenario's does not apply
        engine = engine or PreviewEngine.create()
        self._call_given = participants is not None or bool(engine.painter.inputs)
        participants = DEFAULT_PARTICIPANTS if participants is None else participants
        engine.slots = participant_slots(participants, engine.painter.inputs)  # --inputs: the first rows' footage
        self.session = StudioSession(engine, self)
        self.settings = settings
        self.composition_key: str | None = None  # the open composition, as remembered (a path)
        self._opening = 0  # opens whose params have not arrived yet
        self.output_size = tuple(engine.host.size)
        self.layers = set(engine.layers)
        self.clock = PlaybackClock(FPS)
        self.frame_index = 0  # the frame on screen
        self.last_frame: RenderedFrame | None = None
        self.reload_count = 0
        self._error_frozen = False  # an error showed: no new frames until something changes
        self._requested: int | None = None
        self.loop: tuple[int, int] | None = None  # (in, out) while the timeline loops

        self.undo_stack = QUndoStack(self)
        self.params_model = ParamsModel(self, self.undo_stack)
        self.params_model.valuesChanged.connect(self._params_edited)
        self.params_model.editRefused.connect(lambda _pid, text: self.statusBar().showMessage(text, 8000))
        self.slots_model = SlotsModel(engine.slots, self, self.undo_stack)
        self.slots_model.slotsChanged.connect(self._slots_edited)
        self.catalog = AssetCatalog(self)
        self.timeline = TimelineModel(self.undo_stack, self)
        self.timeline.set_scenario(Scenario(duration_in_frames=NEW_DOCUMENT_FRAMES, fps=FPS))
        self.timeline.documentChanged.connect(self._document_edited)
        self.recorder = Recorder(self.timeline, self.params_model, self.slots_model, self.undo_stack,
                                 lambda: self.frame_index, self)
        self.recorder.recordingChanged.connect(self._recording_changed)
        self.recorder.baseSlotsChanged.connect(self._base_slots_changed)

        self.preview = PreviewWidget()
        self.banner = ErrorBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.preview, 1)
        self.setCentralWidget(central)
        self.footage_drop = FootageDrop(self.preview, lambda: self.last_frame, self.slots_model.assign_footage_to_video)

        self.params_panel = ParamsPanel(self.params_model, self.catalog, reload_images=self.reload_composition)
        dock = self._dock("Params", "params-dock", self.params_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.history = QUndoView(self.undo_stack)
        self.history.setEmptyLabel("<opened>")
        self.history_dock = self._dock("History", "history-dock", self.history, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(dock, self.history_dock)
        dock.raise_()
        self.history_dock.hide()

        self.console = ConsoleView()
        # The params column keeps the full height; the console sits under the preview only.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        console_dock = self._dock("Console", "console-dock", self.console, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.inputs_panel = InputsPanel(self.slots_model)
        self.messages_panel = MessagesPanel()
        self.message_bar = self.messages_panel.bar
        self.messages_panel.messageSent.connect(self.send_message)
        self._update_senders()
        self.inputs_splitter = inputs_box = QSplitter(Qt.Orientation.Vertical)  # the table above the messages
        inputs_box.setObjectName("inputs")
        inputs_box.setChildrenCollapsible(False)
        inputs_box.addWidget(self.inputs_panel)
        inputs_box.addWidget(self.messages_panel)
        inputs_box.setStretchFactor(0, 1)
        inputs_box.setSizes([120, 90])
        inputs_dock = self._dock("Participants", "inputs-dock", inputs_box, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.splitDockWidget(console_dock, inputs_dock, Qt.Orientation.Horizontal)
        self.errors_panel = ErrorsPanel()
        self.errors_dock = ErrorsDock(self.errors_panel, console_dock, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.errors_dock)
        self.errors_dock.hide()
        self.banner.clicked.connect(self.errors_dock.present)
        self.timeline_dock = TimelineDock(self.timeline, self)
        self.timeline_dock.setObjectName("timeline-dock")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.splitDockWidget(self.timeline_dock, console_dock, Qt.Orientation.Vertical)
        self.timeline_dock.seekRequested.connect(self.seek)
        self.timeline_dock.playToggled.connect(self.set_playing)
        self.timeline_dock.speedChanged.connect(self.clock.set_speed)
        self.timeline_dock.loopChanged.connect(self._set_loop)
        # '.' and ',' step frames too (the keys of the studio before the timeline).
        self.timeline_dock.next_action.setShortcuts([QKeySequence("Right"), QKeySequence(".")])
        self.timeline_dock.previous_action.setShortcuts([QKeySequence("Left"), QKeySequence(",")])
        self.resizeDocks([console_dock], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)
        self.resizeDocks([dock], [PARAMS_WIDTH], Qt.Orientation.Horizontal)
        self._log_bridge = LogBridge()
        self._log_bridge.record.connect(self.console.add)
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).addHandler(self._log_bridge)

        self.exports = Exports(self)  # File › Export…, the Exports dock
        self._build_menu()
        self._build_toolbar(participants)
        dock_keys = self.timeline_dock
        playback = self.menuBar().addMenu("&Playback")
        playback.addActions([self.play_action, dock_keys.start_action, dock_keys.previous_action,
                             dock_keys.next_action, dock_keys.end_action, dock_keys.goto_action])
        playback.addSeparator()
        playback.addAction(self.recorder.action)
        view = self.menuBar().addMenu("&View")  # a closed dock must be reachable again
        for each in (self.timeline_dock, dock, console_dock, self.errors_dock, inputs_dock, self.exports.dock):
            view.addAction(each.toggleViewAction())
        self.shortcuts_help = ShortcutsHelp(self)
        self.menuBar().addMenu("&Help").addAction(self.shortcuts_help.action)
        TypingGuard.install()  # single-key shortcuts never fire while typing
        self.frame_label = QLabel("no frame yet")
        self.statusBar().addPermanentWidget(self.frame_label)
        self._frame_times: list[float] = []

        self.session.frameRendered.connect(self._show_frame)
        self.session.errorChanged.connect(self._show_error)
        self.session.errorReported.connect(self.errors_panel.show_report)
        self.session.loaded.connect(self._after_load)
        self.session.paramsChanged.connect(self._show_params)
        self.session.paramRejected.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.session.logged.connect(self.console.add)
        self.session.seekProgress.connect(self.timeline_dock.set_seek_progress)
        self.session.scenarioLoaded.connect(self.set_document)
        self.session.scenarioFailed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.session.scenarioSaved.connect(lambda path: self.statusBar().showMessage(f"saved {path}", 5000))

        self.watcher = CompositionWatcher(self)
        self.watcher.changed.connect(self._file_changed)
        self.payload_dock = PayloadDock(self.params_model, self.session, self.params_panel.focus_param, self._log, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.payload_dock)
        self.payload_dock.hide()  # Export › Recording payload opens it
        self.session_assets_menu = SessionAssetsMenu(self.session, self.watcher, self)
        composition_menu, export_menu = QMenu("&Composition", self), QMenu("E&xport", self)
        composition_menu.addActions(self.session_assets_menu.actions)
        export_menu.addAction(self.exports.action)
        export_menu.addAction(self.payload_dock.toggleViewAction())
        for menu in (composition_menu, export_menu):
            self.menuBar().insertMenu(view.menuAction(), menu)
        view.addAction(self.payload_dock.toggleViewAction())
        self.view_menu = view
        self.inspection = Inspection(self)  # preview tools, inspector, raw data, multiview

        self.timer = QTimer(self)
        self.timer.setInterval(TIMER_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

        self.setAcceptDrops(True)  # a param file dropped anywhere on the window loads it
        self.resize(1400, 820)
        self._restore_window()
        self.open_composition(composition, params=params)
        if autostart:
            self.toggle_playing()

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState() keys docks by name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    @property
    def slots(self) -> list[dict[str, Any]]:
        return self.slots_model.slots()

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

        # Space is the timeline dock's Play (one action per key, or neither fires).
        self.play_action = action("Play", self.toggle_playing, "Ctrl+Space", "Play or pause (Space, Ctrl+Space)")
        # F5, not StandardKey.Refresh: that is Ctrl+R under GNOME and Cmd+R on macOS, Restart's key.
        self.reload_action = action("&Reload", self.reload_composition, "F5",
                                    "Re-read the composition's files (F5); also done on every save")
        self.restart_action = action("Re&start", self.restart, "Ctrl+R",
                                     "Reload and play from frame 0: opening animations, slates (Ctrl+R)")
        menu = self.menuBar().addMenu("&File")
        self.new_composition = NewCompositionAction(self, self._start_dir, self.open_composition)
        menu.addAction(self.new_composition)
        menu.addAction(action("Open &Folder…", self._ask_folder, QKeySequence.StandardKey.Open))
        menu.addAction(action("Open F&ile…", self._ask_file, "Ctrl+Shift+O"))
        self.recent_menu = RecentMenu(self.settings, self.open_composition, self)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        self.param_sets = ParamSetActions(self.params_model, self, self._start_dir, self._log)
        menu.addAction(self.param_sets.save_action)
        menu.addAction(self.param_sets.load_action)
        menu.addAction(action("&Save Frame as PNG…", self._ask_save_frame, QKeySequence.StandardKey.Save))
        menu.addAction(self.exports.action)
        menu.addSeparator()
        menu.addAction(action("Open S&cenario…", self._ask_scenario, "Ctrl+Alt+O",
                              "Open a .json or .js scenario as the timeline's document"))
        menu.addAction(action("Sa&ve Scenario…", self._ask_save_scenario, "Ctrl+Alt+S",
                              "Save the timeline as a .json scenario that vcs render replays"))
        menu.addAction(action("Import &Transcript…", self._ask_transcript, None,
                              "Add a WebVTT transcript's cues to the timeline as transcript messages"))
        menu.addSeparator()
        menu.addAction(self.reload_action)
        menu.addAction(self.restart_action)
        menu.addSeparator()
        menu.addAction(action("&Quit", self.close, standard_key(QKeySequence.StandardKey.Quit, "Ctrl+Q")))

        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = [QKeySequence("Ctrl+Shift+Z")] + QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        self.redo_action.setShortcuts(list(dict.fromkeys(redo_keys)))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(action(f"{RESET_ALL_TEXT.capitalize()}…", self.params_panel.ask_reset_all))
        history = self.history_dock.toggleViewAction()
        history.setText("&History")
        edit.addAction(history)

    def _start_dir(self) -> str:
        path = self.session.engine.host.path
        return str(path.parent) if path is not None else str(Path.cwd())

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open composition folder", self._start_dir())
        if folder:
            self.open_composition(folder)

    def _ask_file(self) -> None:
        file, _ = QFileDialog.getOpenFileName(self, "Open composition file", self._start_dir(),
                                              "Compositions (*.jsx *.js *.vcsbundle)")
        if file:
            self.open_composition(file)

    def _log(self, level: str, text: str) -> None:
        """Console, and the status bar for errors (what the user did failed)."""
        self.console.add(level, text)
        if level == "error":
            self.statusBar().showMessage(text, 8000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.param_sets.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.param_sets.accepts(event.mimeData()):
            event.acceptProposedAction()
            self.param_sets.drop(event.mimeData())

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

        for act in (self.play_action, self.reload_action, self.restart_action, self.recorder.action):
            bar.addAction(act)
        make_tab_reachable(bar)
        bar.addSeparator()

        bar.addWidget(QLabel(" Participants "))
        self.participants_spin = QSpinBox()
        self.participants_spin.setRange(0, MAX_SLOTS)
        self.participants_spin.setValue(participants)
        self.participants_spin.valueChanged.connect(self.set_participants)
        bar.addWidget(self.participants_spin)

        bar.addWidget(QLabel("  Output "))
        self.size_combo = QComboBox()
        # Qt turns tuple item data into something else: keep the sizes here, by index.
        self.sizes = list(OUTPUT_SIZES)
        if self.output_size not in self.sizes:
            self.sizes.append(self.output_size)  # a --size outside the presets
        for w, h in self.sizes:
            self.size_combo.addItem(size_label(w, h))
        self.size_combo.setCurrentIndex(self.sizes.index(self.output_size))
        self.size_combo.currentIndexChanged.connect(self._choose_size)
        bar.addWidget(self.size_combo)
        bar.addSeparator()

        bar.addWidget(QLabel(" Layers "))
        self.layer_boxes: dict[str, QCheckBox] = {}
        for name in LAYER_NAMES:
            box = QCheckBox(name)
            box.setToolTip(f"Draw the {name} layer (untick to inspect the others alone)")
            box.setChecked(name in self.layers)
            box.toggled.connect(lambda on, name=name: self.set_layer(name, on))
            bar.addWidget(box)
            self.layer_boxes[name] = box

    # ------------------------------------------------------------------ what the session publishes

    def _show_frame(self, frame: RenderedFrame) -> None:
        self._requested = None
        self.last_frame = frame
        self.frame_index = frame.output.frame_index
        self.clock.shown(self.frame_index)
        self.timeline_dock.set_frame(self.frame_index)
        if not self.clock.playing:
            self.recorder.show_playhead()  # recording: the panel shows this frame's params
        self.preview.set_frame(frame.rgba)
        now = time.monotonic()
        self._frame_times = [t for t in self._frame_times if now - t < 1.0] + [now]
        w, h = frame.rgba.shape[1], frame.rgba.shape[0]
        self.frame_label.setText(
            f"frame {self.frame_index}  ·  {frame.output.time:6.2f} s  ·  "
            f"{frame.seconds * 1000:5.1f} ms/frame  ·  {len(self._frame_times)} fps  ·  "
            f"{self.clock.dropped} dropped  ·  {w}×{h}")
        # Over the frame budget the preview drops frames: say so.
        self.frame_label.setStyleSheet("color: #b3261e;" if frame.seconds > 1 / FPS else "")

    def _show_error(self, text: str, details: str) -> None:
        if not text:
            self.banner.clear()
            return
        self._requested = None
        self._error_frozen = True
        self.banner.show_error(text, details)
        self.frame_label.setText(f"stopped by an error  ·  showing frame {self.frame_index}")
        self.frame_label.setStyleSheet("color: #b3261e;")

    def _show_params(self, specs: Any, values: dict[str, Any], fresh: bool) -> None:
        """A load's params. After an open the engine's values are the truth (defaults, plus
        remembered or loaded ones); after a reload the model's are (the engine kept them, and
        edits made while the reload was queued are newer than its answer)."""
        if fresh:
            self._opening = max(0, self._opening - 1)
            self.params_model.set_interface(specs, values)
        elif tuple(specs) != self.params_model.specs:
            self.params_model.set_interface(specs, self.params_model.changed_values())

    def _after_load(self, ok: bool, fresh: bool) -> None:
        """After open (`fresh`) or reload: title, message sources, images, watcher, recent
        compositions, a first frame."""
        host = self.session.engine.host
        name = host.interface.name or (host.path.name if host.path else "")
        self.setWindowTitle(f"VCS Studio — {name}" if name else "VCS Studio")
        if host.path is not None and (fresh or self.watcher.watched is None):
            self.watcher.watch(host.path)
        if ok:
            self.catalog.update(host.images, host.composition_dir, host.image_dirs)
            self.message_bar.set_sources(host.interface.standard_sources)
            if fresh and self.settings is not None and host.path is not None:
                self.settings.add_recent(str(host.path))
            if not fresh:  # after an open the first frame is already on its way
                self._state_changed()

    # ------------------------------------------------------------------ composition

    def open_composition(self, composition: str, params: dict[str, Any] | None = None) -> None:
        """Load (or switch to) a composition with `params`, else the ones it had last time
        (with settings), else its defaults. Undo history belongs to the previous composition."""
        self._remember()
        self.undo_stack.clear()
        self.messages_panel.log.clear()  # a new call (the engine forgets them too)
        try:
            self.composition_key = str(resolve_composition(composition))
        except VcsError:
            self.composition_key = None  # the open fails and says so
        if self.settings is not None and self.composition_key is not None:
            memory = self.settings.memory_for(self.composition_key)
            params = memory.params if params is None else params
            self._restore_call(memory)
        self._call_given = False
        self.clock.seek(0)
        self._opening += 1
        self.session.open(composition, params)
        # Asked for now, not when the load is reported: the engine renders it while the GUI
        # thread builds the params form.
        self._error_frozen = False
        self.show_frame(0)

    def _remember(self) -> None:
        """Keep the open composition's changed params, participants and layers for next time
        (not while an open is on its way: the model still shows the previous composition's)."""
        if self.settings is not None and self.composition_key is not None and not self._opening:
            params, slots = self.recorder.base  # while recording the panels show the playhead's
            self.settings.remember(self.composition_key, CompositionMemory(params, slots, frozenset(self.layers)))

    def _restore_call(self, memory: CompositionMemory) -> None:
        """The participants and layers `memory` has (not undoable: the history starts at the
        open). A footage file that is gone is said once in the console; its row is flagged and
        synthetic footage stands in."""
        if memory.slots is not None and not self._call_given:
            self.slots_model.apply(checked_slots(memory.slots))
            for line in missing_footage(self.slots):
                self.console.add("warning", line)
        if memory.layers is not None and memory.layers != self.layers:
            self.layers = set(memory.layers)
            for name, box in self.layer_boxes.items():
                box.blockSignals(True)
                box.setChecked(name in self.layers)
                box.blockSignals(False)
            self.session.set_layers(self.layers)
            self.layersChanged.emit()

    def _restore_window(self) -> None:
        if self.settings is None:
            return
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.splitter_state(self.inputs_splitter.objectName())
        if splitter is not None:
            self.inputs_splitter.restoreState(splitter)

    def reload_composition(self) -> None:
        """Hot reload: params, inputs and size are kept by the host."""
        self.reload_count += 1
        self.session.reload()

    def _file_changed(self) -> None:
        changed = self.watcher.last_changed
        self.console.add("info", f"{changed.name if changed else 'a file'} changed on disk")
        self.reload_composition()

    def restart(self) -> None:
        """Play from frame 0 again with a fresh mount (state and animations start over)."""
        self.clock.seek(0)
        self.reload_composition()

    # ------------------------------------------------------------------ session edits

    def _state_changed(self) -> None:
        """An edit may fix a failing composition: frames are asked for again. The frame whose
        time has come is rendered at once, playing or paused, so the edit shows without waiting
        for the next frame's turn (up to a frame period, 33 ms, while playing)."""
        if self._error_frozen:  # playback resumes where the error stopped it: no jump, no drops
            self.clock.seek(self.frame_index)
        self._error_frozen = False
        self._requested = None
        self.show_frame(self.clock.frame(), exact=False)  # playing too: an edit shows at once

    def set_param(self, param_id: str, value: Any) -> bool:
        """Edit one param as a user would (an undo step); False when refused."""
        return self.params_model.edit(param_id, value)

    def reset_params(self) -> None:
        """Every param back to its default, without asking (the menu and button ask first)."""
        self.params_model.replace_all({}, RESET_ALL_TEXT)

    def _params_edited(self, values: dict[str, Any], replace: bool) -> None:
        """The params model changed (an edit, undo, redo, reset, loaded file): tell the engine
        (not while recording: the edit became an event, studio/recording.py)."""
        if self.recorder.applying:
            return
        self.recorder.base_params_edited(values, replace)  # an undo past the recording's start
        self.session.set_params(values, replace=replace)
        self._state_changed()

    def set_participants(self, count: int) -> None:
        self.slots_model.set_count(count)

    def _slots_edited(self, slots: list[dict[str, Any]]) -> None:
        """The participants changed (table, count, undo, redo): the engine and the views that
        are not the model's own follow (the engine not while recording: the edit became an
        event)."""
        if not self.recorder.applying:
            self.recorder.base_slots_edited(slots)  # an undo past the recording's start
            self.session.set_slots(slots)
        if self.participants_spin.value() != len(slots):
            self.participants_spin.blockSignals(True)
            self.participants_spin.setValue(len(slots))
            self.participants_spin.blockSignals(False)
        self._update_senders()
        self._state_changed()

    def _update_senders(self) -> None:
        self.message_bar.set_senders([str(s.get("displayName", "")) for s in self.slots])

    def send_message(self, source: str, sender: str, text: str) -> None:
        """A message from the message bar: an event at the playhead while recording, else a
        session-only one at the frame on screen (studio/recording.py)."""
        message = new_message(sender, text)
        self.messages_panel.log.append(source, sender, text)
        if self.recorder.recording:
            self.recorder.record_message(source, message)
            return
        self.session.add_message(source, message, self.frame_index)
        self.messageAdded.emit(source, message, self.frame_index)
        self.statusBar().showMessage(f"message kept at frame {self.frame_index} for this session "
                                     "(Record adds messages to the scenario)", 5000)
        self._state_changed()

    def _choose_size(self, index: int) -> None:
        """The user chose a size: from now on a scenario's size does not replace it."""
        self.size_chosen = True
        self.set_output_size(*self.sizes[index])

    def _show_size(self, width: int, height: int) -> None:
        """Show a size in the combo box (added if it is not a preset) without choosing it."""
        if (width, height) not in self.sizes:
            self.sizes.append((width, height))
            self.size_combo.addItem(size_label(width, height))
        self.size_combo.blockSignals(True)
        self.size_combo.setCurrentIndex(self.sizes.index((width, height)))
        self.size_combo.blockSignals(False)

    def set_output_size(self, width: int, height: int) -> None:
        self.output_size = (width, height)
        self.session.set_output_size(width, height)
        self.preview.set_aspect(width, height)
        self._state_changed()

    def set_layer(self, name: str, on: bool) -> None:
        if on:
            self.layers.add(name)
        else:
            self.layers.discard(name)
        self.session.set_layers(self.layers)
        self.layersChanged.emit()
        self._state_changed()

    def seek(self, frame_index: int) -> None:
        """Pause and show `frame_index` exactly (a seek, a step, scrubbing): the frame `vcs
        render` makes for it. A newer seek overtakes one still replaying."""
        if self.clock.playing:
            self.toggle_playing()
        frame_index = max(0, frame_index)
        self.clock.seek(frame_index)
        self._error_frozen = False
        self.show_frame(frame_index)

    def toggle_playing(self) -> None:
        self.set_playing(not self.clock.playing)

    def set_playing(self, playing: bool) -> None:
        if playing == self.clock.playing:
            return
        if not playing:
            self.clock.pause()
            self.timer.stop()
        else:
            self.clock.seek(self.frame_index)
            self.clock.play()
            self.timer.start()
        self.play_action.setText("Pause" if playing else "Play")
        self.timeline_dock.set_playing(playing)

    def _set_loop(self, loop: tuple[int, int] | None) -> None:
        self.loop = loop

    # ------------------------------------------------------------------ the timeline's document

    def set_document(self, scenario: Scenario) -> None:
        """A scenario opened (events form) becomes the document: its fps, its output size
        unless the user chose one, a fresh undo history (its commands belong to the old one),
        and its frame at the playhead."""
        self.undo_stack.clear()
        self.timeline.set_scenario(scenario)
        self.clock.fps = scenario.fps
        if not self.size_chosen and tuple(scenario.output_size) != tuple(self.output_size):
            self._show_size(*scenario.output_size)
            self.set_output_size(*scenario.output_size)
        self.console.add("info", f"scenario {scenario.label}: {len(scenario.events)} events, "
                         f"{scenario.duration_in_frames} frames at {scenario.fps:g} fps")

    def _document_edited(self) -> None:
        """The document changed (an open, an edit, undo, redo): the engine replays it. A
        recorded edit shows live (it is at the playhead); any other shows exactly."""
        self.session.set_document(self.timeline.scenario())
        self._follow_participants_source()
        if self.recorder.recording:
            self._state_changed()
        elif not self.clock.playing:
            self.show_frame(self.frame_index)

    def open_scenario(self, path: str | Path) -> None:
        """Read a scenario (`.json` or Daily's `.js`) in the engine; it becomes the document
        when read (`set_document`), or the status bar says why not."""
        self.session.open_scenario(Path(path))

    def save_scenario(self, path: str | Path) -> None:
        self.session.save_scenario(Path(path))

    def _ask_scenario(self) -> None:
        file, _ = QFileDialog.getOpenFileName(self, "Open scenario", self._start_dir(),
                                              "Scenarios (*.json *.js *.vtt);;All files (*)")
        if file:
            self.open_scenario(file)

    def import_transcript(self, path: str | Path) -> bool:
        """A WebVTT file's cues become transcript messages on the timeline, one undo step, at the
        document's frame rate — as `vcs render --transcript` adds them. A bad file is one line
        in the status bar and the console, and changes nothing."""
        path = Path(path)
        try:
            cues = read_webvtt(path)
            self.timeline.add_events(transcript_events(cues, self.timeline.fps), f"Import transcript {path.name}")
        except InputError as error:
            self._log("error", str(error))
            self.statusBar().showMessage(str(error), 10000)
            return False
        self.statusBar().showMessage(f"{len(cues)} transcript cues added from {path.name} (they show where the "
                                     "composition shows the transcript, e.g. the baseline's text overlay with "
                                     "text.source 'transcript')", 10000)
        return True

    def _ask_transcript(self) -> None:
        file, _ = QFileDialog.getOpenFileName(self, "Import transcript", self._start_dir(),
                                              "WebVTT transcripts (*.vtt);;All files (*)")
        if file:
            self.import_transcript(file)

    def _ask_save_scenario(self) -> None:
        opened = self.timeline.scenario().path  # a .js scenario is offered as the .json next to it
        suggested = opened.with_suffix(".json") if opened is not None else Path(self._start_dir()) / "scenario.json"
        file, _ = QFileDialog.getSaveFileName(self, "Save scenario", str(suggested), "Scenarios (*.json)")
        if file:
            self.save_scenario(file)

    def _recording_changed(self, on: bool) -> None:
        self.statusBar().showMessage("Recording: edits become events at the playhead" if on
                                     else "Recording stopped", 4000)
        self._follow_participants_source()

    def _base_slots_changed(self, slots: list[dict[str, Any]]) -> None:
        self.session.set_slots(slots)
        self._state_changed()

    def _follow_participants_source(self) -> None:
        """A document whose initial state names the participants overrides the table (as in
        `vcs render`), so the table is only editable while recording (edits become events)."""
        scenario_call = has_call(self.timeline.scenario().initial_state)
        self.inputs_panel.setEnabled(not scenario_call or self.recorder.recording)
        self.inputs_panel.setToolTip("The scenario sets the participants; press Record to change them "
                                     "from the playhead on" if scenario_call else "")


    # ------------------------------------------------------------------ frames

    def tick(self) -> None:
        """Timer: ask for the frame whose time has come, unless it is already on its way; at the
        loop's out mark, back to its in mark."""
        if self._error_frozen:
            return
        wanted = self.clock.frame()
        if self.loop is not None and not self.loop[0] <= wanted <= self.loop[1]:
            wanted = self.loop[0]
            self.clock.seek(wanted)
        if wanted != self._requested and wanted != (self.frame_index if self.last_frame else None):
            self.show_frame(wanted, exact=False)

    def show_frame(self, frame_index: int, *, exact: bool = True) -> None:
        """Ask the session for a frame; it arrives through `frameRendered` (or `errorChanged`).
        `exact=False`: the live path (playback, edits; vcs_engine/timeline.py)."""
        self._requested = frame_index
        self.session.request_frame(frame_index, exact=exact)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._remember()
        if self.settings is not None:
            self.settings.save_window_state(self.saveGeometry(), self.saveState())
            self.settings.save_splitter_state(self.inputs_splitter.objectName(), self.inputs_splitter.saveState())
            self.settings.sync()
        self.timer.stop()
        self.exports.close()
        self.watcher.stop()
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).removeHandler(self._log_bridge)
        self.session.close()
        super().closeEvent(event)
