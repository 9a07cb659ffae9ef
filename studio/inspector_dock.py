"""The Inspector dock: the node tree of the frame on screen, the selected node's details, and
the params that move or resize it as live editors.

The tree is a `QTreeView` over `NodeTreeModel` (studio/node_tree.py). Selection is by path, so
it survives new frames and reloads as long as the node exists (a node that comes back is
selected again). The details pane shows what the engine knows of the node (component, path,
key, frame, bounds, clip, style, text / image / video) and, once probed, the params that change
its frame: each with its effect per step (or the frames of its values) and the editor the
params form would give it (studio/editors), editing through the same params model, so an edit
here is an undo step like any other and shows in the params form too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.inspect import ParamEffect, ProbeResult

from .asset_catalog import AssetCatalog
from .drag_param import moves, resizes
from .editors import EditorContext, ParamEditor, make_editor
from .node_tree import PATH_ROLE, NodeTreeModel, rect_text
from .params_model import ParamsModel

DETAIL_FIELDS = ("component", "path", "key", "frame", "bounds", "clip", "text", "image", "video")
RESET_EVERY_MS = 250
"""A tree whose structure changes with every frame (things mounting and unmounting) is rebuilt
in the view at most this often: rebuilding thousands of rows at 30 fps would take the GUI
thread. Picking and the selection's outline use each frame's tree regardless (studio/inspection.py)."""
FRAME_COLUMN_SAMPLE = "0000, 0000  0000×0000"


def signed(value: float) -> str:
    return f"{value:+g}".replace("-", "−")


def effect_text(effect: ParamEffect) -> str:
    """One line: what a step does (`+0.1 → x−4 y−4 w+8 h+8`), or how many other places the
    values give."""
    if effect.type == "number":
        parts = []
        for sign, delta in (("+", effect.plus), ("−", effect.minus)):
            if delta:
                moved = " ".join(f"{k[1]}{signed(v)}" for k, v in delta.items() if abs(v) > 1e-6) or "no change"
                parts.append(f"{sign}{effect.step:g} → {moved}")
        return ";  ".join(parts)
    placed = [value for value, frame in effect.frames if frame is not None]
    gone = [value for value, frame in effect.frames if frame is None]
    text = f"{len(placed)} other place{'s' if len(placed) != 1 else ''}" if placed else ""
    if gone:
        text += ("; " if text else "") + "hidden by " + ", ".join(json.dumps(v) for v in gone)
    return text


def frames_tip(effect: ParamEffect) -> str:
    if effect.type == "number":
        return f"step {effect.step:g}" + (f", min {effect.min:g}" if effect.min is not None else "") + \
            (f", max {effect.max:g}" if effect.max is not None else "")
    return "\n".join(f"{json.dumps(v)}: {rect_text(f) or 'hidden'}" for v, f in effect.frames)


def placing_effects(result: ProbeResult | None) -> list[ParamEffect]:
    """The effects that move or resize the node (not the ones that only hide it)."""
    if result is None:
        return []
    return [e for e in result.effects if moves(e, result.bounds) or resizes(e, result.bounds)]


class InspectorDock(QDockWidget):
    """View › Inspector. `pathSelected(path or None)` when the user selects a node in the tree;
    `select_path` follows a selection made elsewhere (the preview) without echoing it."""

    pathSelected = Signal(object)
    pathHovered = Signal(object)  # the row under the pointer (None: none), outlined lightly

    def __init__(self, params: ParamsModel, catalog: AssetCatalog | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspector-dock")
        self.params = params
        self.model = NodeTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # hundreds of rows, repainted every frame
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        # A fixed width, not ResizeToContents: that reads every row on every rebuild.
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.header().resizeSection(1, self.tree.fontMetrics().horizontalAdvance(FRAME_COLUMN_SAMPLE) + 12)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.setMouseTracking(True)  # `entered` while hovering rows
        self.tree.entered.connect(lambda index: self.pathHovered.emit(index.data(PATH_ROLE)))
        self.tree.viewport().installEventFilter(self)
        self.model.dataChanged.connect(lambda *_: self._show_details())

        # What the node is, then what moves it, then its style: the order a designer asks in.
        # Rows the node has no value for are hidden.
        self.fields: dict[str, QLabel] = {}
        details = QWidget()
        self.form = form = QFormLayout(details)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in DETAIL_FIELDS:
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.fields[name] = label
            form.addRow(name.capitalize(), label)
        self.effects_title = QLabel("<b>Params that move it</b>")
        form.addRow(self.effects_title)
        self.effects_box = QWidget()
        self.effects_grid = QGridLayout(self.effects_box)
        self.effects_grid.setContentsMargins(0, 0, 0, 0)
        self.effects_grid.setColumnStretch(2, 1)
        form.addRow(self.effects_box)
        self.style_model = QStandardItemModel(0, 2, self)
        self.style_model.setHorizontalHeaderLabels(["Style", "Value"])
        self.style_view = QTableView()
        self.style_view.setModel(self.style_model)
        self.style_view.verticalHeader().hide()
        self.style_view.horizontalHeader().setStretchLastSection(True)
        self.style_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.style_view.setMaximumHeight(140)
        form.addRow(self.style_view)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(2, 2, 2, 2)
        self.hint = QLabel("Click the preview to pick a node; Alt+click picks the one beneath.")
        self.hint.setWordWrap(True)
        column.addWidget(self.hint)
        column.addWidget(split, 1)
        self.setWidget(body)

        self.context = EditorContext(commit=self._commit, catalog=catalog or AssetCatalog(self), parent=self)
        self.editors: dict[str, ParamEditor] = {}
        self.effects: list[ParamEffect] = []
        self.selected: str | None = None
        self._quiet = False
        self._pending: Mapping[str, Any] | None = None
        self._last_reset = QElapsedTimer()
        self._reset_timer = QTimer(self)
        self._reset_timer.setSingleShot(True)
        self._reset_timer.timeout.connect(lambda: self.set_tree(self._pending))
        self._probed_path: str | None = None
        params.dataChanged.connect(self._params_changed)
        params.modelReset.connect(lambda: self.show_effects(self._probed_path, None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Leave:
            self.pathHovered.emit(None)
        return False

    # ------------------------------------------------------------------ the tree

    def set_tree(self, tree: Mapping[str, Any] | None) -> None:
        """A new frame's tree: shown in place when its structure is the same, else rebuilt
        (at most every `RESET_EVERY_MS`) with the expanded nodes and the selection restored
        by path."""
        if self._reset_timer.isActive():
            self._pending = tree  # a rebuild is due soon: it will show the newest tree
            return
        recent = self._last_reset.isValid() and self._last_reset.elapsed() < RESET_EVERY_MS
        first = not self.model.paths()
        expanded = [path for path in self.model.branch_paths() if self.tree.isExpanded(self.model.index_of_path(path))]
        changed = self.model.set_tree(tree, reset=not recent)
        if changed is None:
            self._pending = tree
            self._reset_timer.start(max(1, RESET_EVERY_MS - self._last_reset.elapsed()))
            return
        if not changed:
            return
        self._last_reset.start()
        self._quiet = True
        try:
            if first:
                self.tree.expandToDepth(3)  # a first look that reaches the layout's nodes
            for path in expanded:
                index = self.model.index_of_path(path)
                if index.isValid():
                    self.tree.setExpanded(index, True)
            self._select_in_view(self.selected)
        finally:
            self._quiet = False
        self._show_details()

    def flush(self) -> None:
        """Show a tree whose rebuild was put off, now."""
        if self._reset_timer.isActive():
            self._reset_timer.stop()
            self._last_reset.invalidate()
            self.set_tree(self._pending)

    def select_path(self, path: str | None) -> None:
        """Select a node (from the preview): shown, scrolled to, details updated (with the
        newest tree: the node picked may be newer than the view's)."""
        self.flush()
        self.selected = path
        self._quiet = True
        try:
            self._select_in_view(path)
        finally:
            self._quiet = False
        self._show_details()

    def _select_in_view(self, path: str | None) -> None:
        index = self.model.index_of_path(path)
        selection = self.tree.selectionModel()
        if not index.isValid():
            selection.clearSelection()
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.setExpanded(parent, True)
            parent = parent.parent()
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        self.selected = current.data(PATH_ROLE) if current.isValid() else None
        self._show_details()
        self.pathSelected.emit(self.selected)

    # ------------------------------------------------------------------ details

    def node(self) -> dict[str, Any] | None:
        return self.model.node_at_path(self.selected)

    def _show_details(self) -> None:
        node = self.node() or {}
        for name, label in self.fields.items():
            value = node.get(name)
            if name in ("frame", "bounds", "clip"):
                text = rect_text(value)
            elif value is None:
                text = ""
            else:
                text = str(value)
            if label.text() != text:
                label.setText(text)
            self.form.setRowVisible(label, bool(text) or name in ("component", "path", "frame"))
        style = node.get("style") or {}
        rows = [(str(k), json.dumps(v, ensure_ascii=False)) for k, v in style.items()]
        current = [(self.style_model.item(r, 0).text(), self.style_model.item(r, 1).text())
                   for r in range(self.style_model.rowCount())]
        if rows != current:
            self.style_model.setRowCount(0)
            for key, value in rows:
                self.style_model.appendRow([QStandardItem(key), QStandardItem(value)])
        self.style_view.setVisible(bool(rows))

    # ------------------------------------------------------------------ params that move it

    def show_effects(self, path: str | None, result: ProbeResult | None, probing: bool = False) -> None:
        """The probe's answer for `path` (None: not probed; `probing`: on its way)."""
        self._probed_path = path
        for editor in self.editors.values():
            editor.close()
        self.editors.clear()
        while self.effects_grid.count():
            item = self.effects_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.effects = placing_effects(result)
        if probing:
            self.effects_title.setText("<b>Params that move it</b>  (probing…)")
        elif result is None:
            self.effects_title.setText("<b>Params that move it</b>" + ("  (select a node)" if path is None else ""))
        else:
            self.effects_title.setText(f"<b>Params that move it</b>  ({len(self.effects)} of "
                                       f"{len({p.id for p in self.params.specs})} params)")
        for row, effect in enumerate(self.effects):
            spec = self.params.spec(effect.param)
            name = QLabel(effect.param)
            name.setToolTip(spec.help if spec is not None and spec.help else effect.param)
            what = QLabel(effect_text(effect))
            what.setToolTip(frames_tip(effect))
            what.setStyleSheet("color: palette(mid);")
            self.effects_grid.addWidget(name, row * 2, 0, 1, 2)
            self.effects_grid.addWidget(what, row * 2, 2)
            if spec is not None:
                editor = make_editor(spec, self.context, self.params.value(effect.param))
                editor.input.setObjectName(f"inspector:{effect.param}")
                self.effects_grid.addWidget(editor.widget, row * 2 + 1, 1, 1, 2)
                self.editors[effect.param] = editor

    def _commit(self, param_id: str, value: Any, token: object | None) -> None:
        self.params.edit(param_id, value, token)

    def _params_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: Sequence[int] = ()) -> None:
        specs = self.params.specs
        for row in range(top.row(), bottom.row() + 1):
            if 0 <= row < len(specs) and (editor := self.editors.get(specs[row].id)) is not None:
                editor.show_value(self.params.value(specs[row].id))
