"""The node tree of the frame on screen as a Qt item model (the Inspector dock's tree view).

Nodes come from `Host.inspect()` (format in vcs_engine/inspect.py): plain dicts with a `path`
that is unique in the frame and stable across renders. The model keeps the nodes in pre-order
in flat lists (parent, children and row per node), and uses the node's number as the index's
internal id, so `parent()` and `index()` are list look-ups.

A new tree arrives with nearly every frame while the inspector is open. When its paths are the
same as before (the usual case: an animation moves things, nothing mounts or unmounts) the
nodes are swapped in place and one `dataChanged` repaints the view, so expansion, selection
and scrolling stay as they are; only a changed structure resets the model (the dock then
restores expansion and selection by path).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

Index = QModelIndex | QPersistentModelIndex
COMPONENT_COLOUR = QColor(120, 120, 140)


class Column(IntEnum):
    NODE = 0
    FRAME = 1


PATH_ROLE = Qt.ItemDataRole.UserRole + 1
NODE_ROLE = Qt.ItemDataRole.UserRole + 2


def rect_text(rect: Mapping[str, Any] | None) -> str:
    """`x, y  w×h` in whole pixels ('' without a rect)."""
    if not rect or any(rect.get(k) is None for k in ("x", "y", "w", "h")):
        return ""
    x, y, w, h = (rect[k] for k in ("x", "y", "w", "h"))
    return f"{x:g}, {y:g}  {w:g}×{h:g}"


def node_label(node: Mapping[str, Any]) -> str:
    """The node's own segment of its path (`Box[key=video-0]`, `VideoGrid`)."""
    return str(node.get("path", "")).rsplit("/", 1)[-1] or str(node.get("component", "?"))


class NodeTreeModel(QAbstractItemModel):
    """Two columns: the node (its path segment; user components in grey italics, the drawn
    nodes plain) and its frame in output pixels. `PATH_ROLE` gives a node's path, `NODE_ROLE`
    the node dict."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree: dict[str, Any] | None = None
        self._nodes: list[dict[str, Any]] = []
        self._parent: list[int] = []
        self._children: list[list[int]] = []
        self._row: list[int] = []
        self._by_path: dict[str, int] = {}

    # ------------------------------------------------------------------ loading

    def set_tree(self, tree: Mapping[str, Any] | None, reset: bool = True) -> bool | None:
        """Show `tree` (None: nothing). Returns True when the structure changed (the model
        was reset), False when the nodes were updated in place, None when the structure
        changed and `reset` is False (nothing was shown: the caller resets later)."""
        nodes: list[dict[str, Any]] = []
        parents: list[int] = []
        children: list[list[int]] = []
        rows: list[int] = []
        if tree is not None:
            stack: list[tuple[dict[str, Any], int, int]] = [(tree["root"], -1, 0)]
            while stack:
                node, parent, row = stack.pop()
                number = len(nodes)
                nodes.append(node)
                parents.append(parent)
                children.append([])
                rows.append(row)
                if parent >= 0:
                    children[parent].append(number)
                kids = node.get("children") or []
                stack.extend((kid, number, i) for i, kid in reversed(list(enumerate(kids))))
        paths = [str(node.get("path")) for node in nodes]
        same = paths == [str(node.get("path")) for node in self._nodes] and parents == self._parent
        if same:
            self.tree = dict(tree) if tree is not None else None
            self._nodes = nodes
            if nodes:
                # Two different corners: views repaint their whole viewport (one signal, not
                # one per parent).
                self.dataChanged.emit(self.index(0, 0), self.index(0, len(Column) - 1))
            return False
        if not reset:
            return None
        self.beginResetModel()
        self.tree = dict(tree) if tree is not None else None
        self._nodes, self._parent, self._children, self._row = nodes, parents, children, rows
        self._by_path = {path: i for i, path in enumerate(paths)}
        self.endResetModel()
        return True

    # ------------------------------------------------------------------ reading

    def node(self, index: Index) -> dict[str, Any] | None:
        return self._nodes[index.internalId()] if index.isValid() else None

    def node_at_path(self, path: str | None) -> dict[str, Any] | None:
        number = self._by_path.get(path) if path is not None else None
        return self._nodes[number] if number is not None else None

    def index_of_path(self, path: str | None, column: int = 0) -> QModelIndex:
        number = self._by_path.get(path) if path is not None else None
        if number is None:
            return QModelIndex()
        return self.createIndex(self._row[number], column, number)

    def paths(self) -> list[str]:
        return list(self._by_path)

    def branch_paths(self) -> list[str]:
        """The paths of the nodes that have children (the ones a view can expand)."""
        return [str(self._nodes[i].get("path")) for i, kids in enumerate(self._children) if kids]

    # ------------------------------------------------------------------ QAbstractItemModel

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not 0 <= column < len(Column):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row == 0 and self._nodes else QModelIndex()
        kids = self._children[parent.internalId()]
        return self.createIndex(row, column, kids[row]) if 0 <= row < len(kids) else QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._parent[index.internalId()]
        return QModelIndex() if up < 0 else self.createIndex(self._row[up], 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return 1 if self._nodes else 0
        if parent.column() != 0:
            return 0
        return len(self._children[parent.internalId()])

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(Column):
            return ("Node", "Frame (x, y  w×h)")[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role == PATH_ROLE:
            return node.get("path")
        if role == NODE_ROLE:
            return node
        component = node.get("kind") == "component"
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == Column.NODE:
                return node_label(node)
            return rect_text(node.get("frame"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.get("path")
        if role == Qt.ItemDataRole.ForegroundRole and component:
            return COMPONENT_COLOUR
        if role == Qt.ItemDataRole.FontRole and component and index.column() == Column.NODE:
            font = QFont()
            font.setItalic(True)
            return font
        return None
