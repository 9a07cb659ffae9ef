"""The window's inspection and layout tools, wired in one place (`Inspection(window)`).

Preview tools (overlays, checkerboard, zoom and pan: studio/overlays.py, studio/preview.py), the
Inspector dock (the node tree, details and "params that move it": studio/inspector_dock.py),
dragging a node to edit its params (studio/drag_param.py), the Raw Data dock
(studio/raw_data_dock.py) and the Multiview dock (studio/multiview.py). The window only creates
this object; everything here follows the window's models and session through their signals, so
the window's own code stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QToolBar

from .engine import RenderedFrame
from .multiview import MultiviewDock
from .overlays import PreviewOptions
from .raw_data_dock import RawDataDock

if TYPE_CHECKING:
    from .main_window import MainWindow


class Inspection(QObject):
    """Preview tools, inspector, raw data and multiview for `window`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        preview = window.preview
        self.options = PreviewOptions(preview, self._video_layers, window.settings, self)
        self.options.changed.connect(self._options_changed)
        self.options.set_layers(window.layers)
        self._transparent = self.options.transparent
        window.session.set_transparent(self._transparent)
        for box in window.layer_boxes.values():
            box.toggled.connect(self._layers_changed)  # after the window's own handler
        preview.spaceTapped.connect(window.play_action.trigger)

        self.zoom_actions = self._zoom_actions()
        self.zoom_label = QLabel()
        preview.viewChanged.connect(self._show_zoom)
        self._show_zoom()
        window.statusBar().addPermanentWidget(self.zoom_label)

        self.raw_dock = RawDataDock(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.raw_dock)
        self.raw_dock.hide()
        self.multiview = MultiviewDock(window.session, window.params_model.changed_values,
                                       lambda: window.slots, lambda: set(window.layers), window.settings, window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.multiview)
        self.multiview.hide()
        window.params_model.valuesChanged.connect(self.multiview.set_params)
        window.slots_model.slotsChanged.connect(self.multiview.set_slots)
        window.message_bar.messageSent.connect(self.multiview.add_message)

        window.session.frameRendered.connect(self._frame_shown)
        self._build_toolbar()
        self._build_menu()
        window.installEventFilter(self)

    # ------------------------------------------------------------------ construction

    def _zoom_actions(self) -> dict[str, QAction]:
        preview = self.window.preview
        specs = (
            ("fit", "Zoom to &Fit", "Ctrl+0", preview.zoom_fit),
            ("actual", "&Actual Size (1:1)", "Ctrl+1", preview.zoom_actual),
            ("in", "Zoom &In", QKeySequence.StandardKey.ZoomIn, lambda: preview.zoom_by(1.25)),
            ("out", "Zoom &Out", QKeySequence.StandardKey.ZoomOut, lambda: preview.zoom_by(0.8)),
        )
        actions = {}
        for key, text, keys, slot in specs:
            act = QAction(text, self.window)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            self.window.addAction(act)  # the shortcut works whatever has the focus
            actions[key] = act
        actions["fit"].setToolTip("Fit the frame in the preview (Ctrl+0); the wheel zooms, the middle "
                                  "button or Space+drag pans")
        return actions

    def _build_toolbar(self) -> None:
        bar = QToolBar("Preview tools")
        bar.setObjectName("preview-toolbar")
        for act in self.options.actions.values():
            bar.addAction(act)
        bar.addSeparator()
        bar.addAction(self.zoom_actions["fit"])
        bar.addAction(self.zoom_actions["actual"])
        self.window.addToolBar(bar)
        self.toolbar = bar

    def _build_menu(self) -> None:
        view = self.window.view_menu
        view.addSeparator()
        for act in self.options.actions.values():
            view.addAction(act)
        view.addSeparator()
        for act in self.zoom_actions.values():
            view.addAction(act)
        view.addSeparator()
        for dock in self.docks():
            view.addAction(dock.toggleViewAction())

    def docks(self) -> list[QDockWidget]:
        return [self.raw_dock, self.multiview]

    # ------------------------------------------------------------------ following the window

    def _video_layers(self) -> list:
        frame = self.window.last_frame
        return list(frame.output.video_layers) if frame is not None else []

    def _frame_shown(self, frame: RenderedFrame) -> None:
        self.raw_dock.show_output(frame.output)
        self.multiview.follow(frame.output.frame_index)

    def _layers_changed(self) -> None:
        layers = set(self.window.layers)
        self.options.set_layers(layers)
        self.multiview.set_layers(layers)
        self._send_transparency()

    def _options_changed(self) -> None:
        self._send_transparency()

    def _send_transparency(self) -> None:
        """The checkerboard needs frames without the black backdrop: tell the engine, and
        show the current frame again."""
        if self.options.transparent != self._transparent:
            self._transparent = self.options.transparent
            self.window.session.set_transparent(self._transparent)
            self.window._state_changed()

    def _show_zoom(self) -> None:
        zoom = self.window.preview.zoom
        self.zoom_label.setText("fit" if zoom is None else f"{zoom * 100:.0f} %")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.multiview.stop()
        return False
