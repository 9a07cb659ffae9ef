"""The window's inspection and layout tools, wired in one place (`Inspection(window)`).

Preview tools (overlays, checkerboard, zoom and pan: studio/overlays.py, studio/preview.py), the
Inspector dock (the node tree, details and "params that move it": studio/inspector_dock.py),
dragging a node to edit its params (studio/drag_param.py), the Raw Data dock
(studio/raw_data_dock.py) and the Multiview dock (studio/multiview.py). The window only creates
this object; everything here follows the window's models and session through their signals, so
the window's own code stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QDockWidget, QLabel, QToolBar

from vcs_engine.inspect import ParamEffect, ProbeResult, nodes_at, walk

from .drag_param import Edit, NodeDragger, handle_points
from .engine import RenderedFrame
from .inspector_dock import InspectorDock, placing_effects
from .multiview import MultiviewDock
from .overlays import PreviewOptions
from .preview import PreviewWidget
from .raw_data_dock import RawDataDock

if TYPE_CHECKING:
    from .main_window import MainWindow

SELECTION_COLOUR = QColor(255, 140, 0)
PREDICTION_COLOUR = QColor(255, 140, 0, 200)
MULTIVIEW_SIZE = QSize(1100, 420)
PROBE_DELAY_MS = 150
"""Selection and edits settle this long before the params are probed again (a probe renders
every param's values: a fraction of a second on our baseline, on the render thread)."""


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
        window.layersChanged.connect(self._layers_changed)  # a box, or remembered layers restored
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
        # Base edits only: a recorded edit is an event (documentChanged), not a frame-0 param.
        window.params_model.valuesChanged.connect(
            lambda values, replace: None if window.recorder.applying else self.multiview.set_params(values, replace))
        window.slots_model.slotsChanged.connect(
            lambda slots: None if window.recorder.applying else self.multiview.set_slots(slots))
        window.recorder.baseSlotsChanged.connect(self.multiview.set_slots)  # footage changed while recording
        window.messageAdded.connect(self.multiview.add_message)
        window.timeline.documentChanged.connect(lambda: self.multiview.set_document(window.timeline.scenario()))
        self.raw_dock.visibilityChanged.connect(self._place_raw_dock)
        # The sizes side by side want a wide, short window of their own (dockable again).
        self.multiview.setFloating(True)
        self.multiview.resize(MULTIVIEW_SIZE)

        window.session.frameRendered.connect(self._frame_shown)
        self._build_inspector()
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
        return [self.inspector, self.raw_dock, self.multiview]

    def _place_raw_dock(self, visible: bool) -> None:
        """The first time Raw Data shows, it becomes a tab beside the participants (the widest
        place under the preview). Not while the window is built: a hidden tab there would fix
        the window's minimum width (as the Errors dock found)."""
        inputs = self.window.findChild(QDockWidget, "inputs-dock")
        if visible and inputs is not None and not self.raw_dock.isFloating() \
                and self.raw_dock not in self.window.tabifiedDockWidgets(inputs):
            self.raw_dock.visibilityChanged.disconnect(self._place_raw_dock)
            self.window.tabifyDockWidget(inputs, self.raw_dock)
            self.raw_dock.show()
            self.raw_dock.raise_()

    def _build_inspector(self) -> None:
        """The Inspector dock (tabbed with the params), selection, picking and dragging."""
        window = self.window
        self.tree: dict[str, Any] | None = None
        self._nodes: dict[str, dict[str, Any]] = {}  # the tree's nodes by path
        self.selected: str | None = None
        self.hovered: str | None = None  # a row under the pointer in the tree
        self.probe: ProbeResult | None = None
        self.inspector = InspectorDock(window.params_model, window.catalog, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        params_dock = window.findChild(QDockWidget, "params-dock")
        if params_dock is not None:
            window.tabifyDockWidget(params_dock, self.inspector)
            params_dock.raise_()
        self.inspector.pathSelected.connect(lambda path: self.select(path, from_tree=True))
        self.inspector.pathHovered.connect(self._hover)
        self.inspector.visibilityChanged.connect(self._inspector_visible)
        window.session.treeInspected.connect(self._set_tree)
        window.session.probed.connect(self._probed)
        window.params_model.valuesChanged.connect(lambda *_: self._probe_soon())
        self.dragger = NodeDragger(window.preview, window.params_model, self.selected_node, self.effects)
        self.dragger.dragging.connect(lambda _edit: window.preview.update())
        self.dragger.finished.connect(self._probe_soon)
        self._probe_timer = QTimer(self)
        self._probe_timer.setSingleShot(True)
        self._probe_timer.setInterval(PROBE_DELAY_MS)
        self._probe_timer.timeout.connect(self._request_probe)
        self._click: QPointF | None = None
        self.inspecting = False
        self.inspector_shown = False
        window.preview.overlays.append(self._paint_selection)
        window.preview.installEventFilter(self)

    # ------------------------------------------------------------------ following the window

    def _video_layers(self) -> list:
        frame = self.window.last_frame
        return list(frame.output.video_layers) if frame is not None else []

    def _frame_shown(self, frame: RenderedFrame) -> None:
        self.raw_dock.show_output(frame.output)
        self.multiview.follow(frame.output.frame_index, frame.exact)
        if frame.tree is not None:
            self._set_tree(frame.tree)

    # ------------------------------------------------------------------ the tree and the selection

    def _inspector_visible(self, visible: bool) -> None:
        # The signal's value, not isVisible(): a dock tabbed away stays "visible" for a while.
        self.inspector_shown = visible
        if self.inspector.isHidden():  # closed (not just tabbed away): the selection goes too
            self.select(None)
        self._update_inspecting()

    def _update_inspecting(self) -> None:
        """Trees come with every frame while the inspector shows or a node is selected (it
        stays outlined and draggable while the params tab is in front); otherwise the engine
        is not asked for them."""
        on = self.inspector_shown or self.selected is not None
        if on != self.inspecting:
            self.inspecting = on
            self.window.session.set_inspecting(on)
            if not on:
                self.window.preview.unsetCursor()

    def _set_tree(self, tree: dict[str, Any]) -> None:
        self.tree = tree
        self._nodes = {node["path"]: node for node in walk(tree)}
        self.inspector.set_tree(tree)
        if self.raw_dock.isVisible():  # the node may have moved; hidden, it waits for the next selection
            self._highlight_raw()
        self.window.preview.update()

    def selected_node(self) -> dict[str, Any] | None:
        """The selected node in the newest tree (the view may show a slightly older one)."""
        return self._nodes.get(self.selected) if self.selected is not None else None

    def effects(self) -> list[ParamEffect]:
        """The selected node's params that move or resize it (empty until probed)."""
        if self.probe is None or self.probe.path != self.selected:
            return []
        effects = placing_effects(self.probe)
        model = self.window.params_model
        if any(e.value != model.value(e.param) for e in effects):
            return []  # probed before the last edit: wait for the new probe (on its way)
        return effects

    def select(self, path: str | None, from_tree: bool = False) -> None:
        """Select a node by path (None: nothing): outlined at once from the tree on hand; its
        params are probed shortly after."""
        if path == self.selected:
            return
        self.selected = path
        if not from_tree:
            self.inspector.select_path(path)
        self.probe = None
        self.inspector.show_effects(path, None, probing=path is not None)
        self._highlight_raw()
        self.window.preview.update()
        self._update_inspecting()
        self._probe_soon()

    def pick(self, pos: QPointF, beneath: bool = False) -> str | None:
        """Select the topmost node under a preview point; `beneath` (Alt+click) the one under
        the selected node there, round again after the lowest."""
        if self.tree is None:
            return None
        point = self.window.preview.to_frame(pos)
        hits = [node["path"] for node in nodes_at(self.tree, point.x(), point.y())]
        if not hits:
            self.select(None)
            return None
        index = hits.index(self.selected) + 1 if beneath and self.selected in hits else 0
        self.select(hits[index % len(hits)])
        return self.selected

    def _probe_soon(self) -> None:
        if self.selected is not None and self.inspecting and not self.dragger.pressed:
            self._probe_timer.start()

    def _request_probe(self) -> None:
        if self.selected is not None and not self.dragger.pressed:
            self.window.session.probe(self.selected)

    def _probed(self, path: str, result: ProbeResult | None) -> None:
        if path != self.selected:
            return  # an answer for a node no longer selected
        self.probe = result
        self.inspector.show_effects(path, result)
        self.window.preview.update()

    def _highlight_raw(self) -> None:
        node = self.selected_node()
        if node is None:
            self.raw_dock.clear_highlight()
            return
        frame = node.get("frame")
        rect = tuple(float(frame[k]) for k in "xywh") if frame else None
        self.raw_dock.highlight_node(rect, node.get("text"), node.get("video"))

    def _hover(self, path: str | None) -> None:
        if path != self.hovered:
            self.hovered = path
            self.window.preview.update()

    def _paint_selection(self, painter: QPainter, view: PreviewWidget) -> None:
        hovered = self._nodes.get(self.hovered) if self.hovered not in (None, self.selected) else None
        frame = (hovered or {}).get("bounds")
        if frame:
            pen = QPen(SELECTION_COLOUR, 1, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(view.rect_to_widget(*(float(frame[k]) for k in "xywh")))
        node = self.selected_node()
        rect = self.dragger.node_rect() if node is not None else None
        if rect is None:
            return
        pen = QPen(SELECTION_COLOUR, 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        label = node.get("path", "").rsplit("/", 1)[-1]
        painter.drawText(rect.topLeft() + QPointF(3, -4), label)
        if self.dragger.can_resize():
            painter.setBrush(SELECTION_COLOUR)
            for point in handle_points(rect).values():
                painter.drawRect(QRectF(point.x() - 3, point.y() - 3, 6, 6))
        edit: Edit | None = self.dragger.edit
        base = self.dragger.base
        if self.dragger.active and edit is not None and base is not None:
            dx, dy, dw, dh = edit.predicted
            predicted = view.rect_to_widget(base["x"] + dx, base["y"] + dy, base["w"] + dw, base["h"] + dh)
            dashed = QPen(PREDICTION_COLOUR, 1, Qt.PenStyle.DashLine)
            dashed.setCosmetic(True)
            painter.setPen(dashed)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(predicted)
            painter.drawText(predicted.bottomLeft() + QPointF(3, 14), f"{edit.param} = {edit.value}")

    # ------------------------------------------------------------------ pointer on the preview

    def _preview_event(self, event: QEvent) -> bool:
        """Picking and dragging; zoom and pan are the preview's own (it sees what we pass)."""
        preview = self.window.preview
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            if self.dragger.pressed:  # the drag's values back
                self.dragger.cancel()
                preview.update()
                return True
            if self.selected is not None:  # else: nothing selected any more
                self.select(None)
                return True
        if not isinstance(event, QMouseEvent) or not self.inspecting or self.tree is None or preview.panning:
            return False
        pos = event.position()
        left = event.button() == Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonPress and left:
            if not self.dragger.press(pos):
                self._click = pos
            return True
        if kind == QEvent.Type.MouseMove:
            if self.dragger.pressed:
                self.dragger.move(pos)
                return True
            if not event.buttons():
                self.dragger.hover(pos)
            return False
        if kind == QEvent.Type.MouseButtonRelease and left:
            beneath = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if self.dragger.pressed:
                if not self.dragger.release():
                    self.pick(pos, beneath)
            elif self._click is not None:
                self.pick(pos, beneath)
            self._click = None
            preview.update()
            return True
        return False

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
        if watched is self.window.preview:
            return self._preview_event(event)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.multiview.stop()
        return False
