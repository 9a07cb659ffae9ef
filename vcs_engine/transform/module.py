"""One module: source bytes → body code + interface, and the final chunk for the runtime.

The expensive part (parse, JSX lowering, import/export analysis) depends only on the file's
content, so `transform_module` takes no path-dependent input except for error messages, and its
result can be cached by content hash. Resolution of specifiers happens later (`bundle.py`) and only
feeds `TransformedModule.chunk`, which is cheap string assembly.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

import tree_sitter

from .errors import TransformError
from .esm import ImportRequest, ModuleInterface, plan_module_syntax
from .jsx import JsxLowering
from .syntax import JS_LANGUAGE, parse_module, position
from .writer import LineWriter

# Alternations with capture names only: a field-constrained pattern made this query three times slower.
# The named `import` node is the callee of a dynamic `import(…)`.
_QUERY = tree_sitter.Query(
    JS_LANGUAGE,
    """
    [(jsx_element) (jsx_self_closing_element)] @jsx
    (import) @dynamic_import
    (meta_property) @meta
    [(import_statement) (export_statement)] @module_statement
    """,
)

RESERVED_PREFIX = b"__vcs"
"""Names the engine's globals and the transform's generated bindings (`__vcs_default`,
`__vcs_m0`, …) start with. A composition declaring one would collide with the generated code
(QuickJS would then report a redeclaration in code the author never wrote) or shadow the
runtime's globals, so composition code may not use such names at all."""

_NAMES = tree_sitter.Query(JS_LANGUAGE, "[(identifier) (shorthand_property_identifier_pattern)] @name")


@dataclass(frozen=True, slots=True)
class TransformedModule:
    """Result of transforming one module's source; independent of its path and module id."""

    body: str
    interface: ModuleInterface
    line_count: int

    @property
    def requests(self) -> tuple[ImportRequest, ...]:
        return self.interface.requests

    def chunk(self, module_id: str, resolved_ids: list[str]) -> str:
        """The script chunk of the runtime contract; `resolved_ids` parallels `requests`."""
        header = self.interface.header(resolved_ids)
        return (
            f"__vcs_define({json.dumps(module_id)}, function (__require, __exports) {{ "
            f'"use strict"; {header} {self.body}\n}});\n'
        )


def transform_module(source: bytes, file: Path) -> TransformedModule:
    """Transform one JavaScript/JSX ES module (`file` is used for error messages only)."""
    try:
        source.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TransformError(file, *position(source, error.start), "the file is not UTF-8 text") from None
    tree = parse_module(source, file)
    root = tree.root_node
    try:
        return _transform_tree(source, file, root)
    except RecursionError:
        # A last resort: the depth limits (syntax.MAX_SYNTAX_DEPTH, jsx.MAX_JSX_DEPTH) keep the
        # recursive walks far from Python's limit.
        raise TransformError(file, 0, 0, "the module is nested too deeply to transform") from None


def _transform_tree(source: bytes, file: Path, root: tree_sitter.Node) -> TransformedModule:
    if RESERVED_PREFIX in source:  # rare: the query runs only then
        for node in tree_sitter.QueryCursor(_NAMES).captures(root).get("name", ()):
            if (node.text or b"").startswith(RESERVED_PREFIX):
                _fail(source, file, node, "names starting with __vcs are reserved for the engine")
    captures = tree_sitter.QueryCursor(_QUERY).captures(root)
    for node in captures.get("dynamic_import", ()):
        _fail(source, file, node, "dynamic import() is not supported: use a static import")
    for node in captures.get("module_statement", ()):
        if node.parent is not None and node.parent.type != "program":
            _fail(source, file, node, "import and export are only allowed at the top level of a module")
    for node in captures.get("meta", ()):
        if node.text.startswith(b"import"):
            _fail(source, file, node, "import.meta is not supported in compositions")
    interface, edits = plan_module_syntax(root, source, file)
    jsx_nodes = sorted(captures.get("jsx", ()), key=lambda node: node.start_byte)
    writer = LineWriter(source)
    renderer = _Renderer(writer, jsx_nodes)
    renderer.jsx = JsxLowering(source, file, writer, renderer.span)
    position_ = 0
    for edit in sorted(edits, key=lambda edit: edit.start):
        renderer.span(position_, edit.start)
        writer.emit(edit.text)
        writer.goto(edit.end_row)
        position_ = edit.end
    renderer.span(position_, len(source))
    return TransformedModule(writer.getvalue(), interface, source.count(b"\n") + 1)


class _Renderer:
    """Copies source spans, lowering the outermost JSX elements found inside each span."""

    def __init__(self, writer: LineWriter, jsx_nodes: list[tree_sitter.Node]) -> None:
        self._writer = writer
        self._nodes = jsx_nodes
        self._starts = [node.start_byte for node in jsx_nodes]
        self.jsx: JsxLowering

    def span(self, start: int, end: int) -> None:
        index = bisect_left(self._starts, start)
        cursor = start
        while index < len(self._nodes) and self._starts[index] < end:
            node = self._nodes[index]
            self._writer.copy(cursor, node.start_byte)
            self.jsx.element(node)
            cursor = node.end_byte
            # Elements nested in this one start before its end: they were lowered with it.
            index = bisect_left(self._starts, cursor, index + 1)
        self._writer.copy(cursor, end)


def _fail(source: bytes, file: Path, node: tree_sitter.Node, message: str) -> None:
    line, col = position(source, node.start_byte)
    raise TransformError(file, line, col, message)
