"""Parsing with tree-sitter and turning its error recovery into a `TransformError`.

tree-sitter never fails: it recovers and marks the damage with ERROR and MISSING nodes. A
composition with such nodes would otherwise be transformed into something QuickJS rejects with a
position in *our* output, so we stop at the first damaged node and report it in the author's terms.
"""

from __future__ import annotations

from pathlib import Path

import tree_sitter
import tree_sitter_javascript

from .errors import TransformError

JS_LANGUAGE = tree_sitter.Language(tree_sitter_javascript.language())

_PARSER = tree_sitter.Parser(JS_LANGUAGE)
_JSX_ELEMENTS = tree_sitter.QueryCursor(tree_sitter.Query(JS_LANGUAGE, "(jsx_element) @element"))

_SNIPPET_CHARS = 24

MAX_SYNTAX_DEPTH = 5000
"""Deepest syntax tree we transform. tree-sitter's query cursor takes time quadratic in the
nesting depth (100,000 nested elements: a minute) and QuickJS's parser recurses too; hand-written
and generated code (long `a + b + …` chains included) stays far below."""


def parse_module(source: bytes, file: Path) -> tree_sitter.Tree:
    """Parse JavaScript + JSX; raise `TransformError` at the first syntax error."""
    tree = _PARSER.parse(source)
    _check_depth(tree, source, file)
    if tree.root_node.has_error:
        # A wrong closing tag makes tree-sitter mark the whole enclosing statement as ERROR; the
        # mismatched element inside it is the better report.
        for element in _JSX_ELEMENTS.captures(tree.root_node).get("element", ()):
            closing = mismatched_closing_tag(element)
            if closing is not None:
                raise TransformError(file, *position(source, closing.start_byte), describe_mismatch(element))
        node = _first_error(tree.root_node)
        if node.is_error and node.child_count > 1 and node.end_byte >= len(source.rstrip()):
            # Recovery swallowed everything up to the end: something was left open.
            message = "syntax error: unexpected end of file (unclosed bracket, string or tag?)"
            raise TransformError(file, *position(source, node.end_byte), message)
        raise TransformError(file, *position(source, node.start_byte), _describe(node))
    return tree


def _check_depth(tree: tree_sitter.Tree, source: bytes, file: Path) -> None:
    """Refuse a syntax tree deeper than `MAX_SYNTAX_DEPTH`, at the first node that is too deep.

    Runs before any query (they are the quadratic part). An iterative walk: a few milliseconds
    for a large module, and only on a transform-cache miss; a tree with fewer nodes than the
    limit cannot be too deep and is not walked."""
    if tree.root_node.descendant_count <= MAX_SYNTAX_DEPTH:
        return
    cursor = tree.walk()
    depth = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            if depth > MAX_SYNTAX_DEPTH:
                message = f"the code is nested more than {MAX_SYNTAX_DEPTH} levels deep here"
                raise TransformError(file, *position(source, cursor.node.start_byte), message)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return
            depth -= 1


def mismatched_closing_tag(element: tree_sitter.Node) -> tree_sitter.Node | None:
    """The closing tag of a ``jsx_element`` if its name differs from the opening tag's."""
    opening = element.child_by_field_name("open_tag")
    closing = element.child_by_field_name("close_tag")
    if opening is None or closing is None:
        return None
    if _tag_name(opening) != _tag_name(closing):
        return closing
    return None


def describe_mismatch(element: tree_sitter.Node) -> str:
    name = _tag_name(element.child_by_field_name("open_tag"))
    return f"expected the closing tag </{name}> (JSX elements must be closed in order)"


def _tag_name(tag: tree_sitter.Node) -> str:
    name = tag.child_by_field_name("name")
    return "" if name is None else (name.text or b"").decode("utf-8", "replace").replace(" ", "")


def position(source: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a byte offset; the column counts characters."""
    line_start = source.rfind(b"\n", 0, offset) + 1
    line = source.count(b"\n", 0, line_start) + 1
    col = len(source[line_start:offset].decode("utf-8", "replace")) + 1
    return line, col


def _first_error(root: tree_sitter.Node) -> tree_sitter.Node:
    """The first ERROR or MISSING node in document order (pre-order walk)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        if node.has_error:
            stack.extend(reversed(node.children))
    return root


def _describe(node: tree_sitter.Node) -> str:
    if node.is_missing:
        return f"syntax error: missing {node.type!r}"
    leaf = node
    while leaf.child_count:
        leaf = leaf.children[0]
    text = (leaf.text or b"").decode("utf-8", "replace").strip()
    if not text:
        return "syntax error"
    if len(text) > _SNIPPET_CHARS:
        text = text[:_SNIPPET_CHARS] + "…"
    return f"syntax error: unexpected {text!r}"
