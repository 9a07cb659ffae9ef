"""JSX → element calls with the semantics of Babel's classic React transform.

Two forms are written. ``__h(type, props, ...children)`` is ``createElement`` (Babel's classic
output). When an element has no spread (``{...x}``) among its attributes or children, the props
object literal is fresh by construction, so ``__jsx(type, {attrs…, children})`` hands it to the
runtime to keep as the element's props: no copy, no ``arguments`` slicing. That halves the cost
of an element in QuickJS (measured 4.5 → 2 µs), and compositions create dozens per frame. Both
forms give compositions the same props, keys, refs and evaluation order.

Semantics reproduced (they are observable by compositions):

* tag names that are valid identifiers starting with a lower-case letter, and names that are not
  identifiers at all (``my-el``, ``svg:rect``), become strings; anything else (``Box``, ``a.B``,
  ``this``) is an expression;
* fragments use the runtime global ``__Fragment``;
* props are an object literal, or ``Object.assign(…)`` of fresh objects and spreads as soon as a
  spread is present;
  ``key``/``ref`` stay in the props (``__h`` and ``__jsx`` extract them, as ``createElement`` does);
* in the ``__jsx`` form, children are the literal's last property, ``children``: absent, the one
  child, or an array of them, exactly what ``createElement`` would store; they override a
  ``children`` attribute as JSX children do;
* JSX text is decoded (HTML entities) and then cleaned like Babel does: split into lines, trim the
  inner line edges, drop blank lines, join the rest with one space;
* attribute strings are decoded and their line breaks (with following white space) become one space;
* ``{/* comment */}`` children disappear; every child is its own argument.

Checked at development time against Babel 7.29 (classic runtime, ``useBuiltIns``) on Daily's
modules and on the text/entity cases of tests/test_transform.py: same calls, strings and argument
order; Babel only differs in folding ``{...{a, b}}`` spreads into the props literal.

Line preservation: each attribute and child is written on the row where it starts in the source,
and the closing parenthesis leaves the writer on the element's last row, so the code after the
element stays on its own line.
"""

from __future__ import annotations

import html.entities
import json
import re
from collections.abc import Callable
from pathlib import Path

import tree_sitter

from .errors import TransformError
from .syntax import describe_mismatch, mismatched_closing_tag, position
from .writer import LineWriter

SpanRenderer = Callable[[int, int], None]
"""Writes the source bytes ``[start, end)`` with any JSX inside them lowered."""

_ELEMENT_TYPES = frozenset({"jsx_element", "jsx_self_closing_element"})
_CHILD_TYPES = _ELEMENT_TYPES | {"jsx_expression"}

# Babel's JSX entity table is the XHTML one: HTML 4's named entities plus `apos`.
_NAMED_ENTITIES: dict[str, int] = {**html.entities.name2codepoint, "apos": 0x27}
# Babel reads at most 10 characters after '&' looking for ';', and only a lower-case 'x' marks hex.
_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]{1,8})|#([0-9]{1,9})|([A-Za-z][A-Za-z0-9]{0,9}));")
# JavaScript's \s (used by Babel's attribute clean-up), which differs slightly from Python's.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ATTRIBUTE_BREAK = re.compile(f"\n[{_JS_SPACE}]+")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_TEXT_BLANK = b" \t\r\n"

MAX_JSX_DEPTH = 100
"""Deepest nesting of JSX elements in one module. Lowering recurses (about six Python frames a
level), so a generated file nesting thousands of elements would end in a RecursionError; real
compositions nest a few dozen levels and build deeper trees with components."""


def decode_entities(text: str) -> str:
    """Replace the HTML character references JSX understands; leave unknown ones untouched."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity_value, text)


def _entity_value(match: re.Match[str]) -> str:
    hex_digits, decimal, name = match.groups()
    if name is not None:
        code = _NAMED_ENTITIES.get(name)
    else:
        code = int(hex_digits, 16) if hex_digits is not None else int(decimal)
    if code is None or code > 0x10FFFF:
        return match.group(0)
    return chr(code)


def clean_jsx_text(text: str) -> str:
    """Babel's white-space rule for JSX text (input already entity-decoded)."""
    lines = _LINE_BREAK.split(text)
    last_non_blank = 0
    for index, line in enumerate(lines):
        if line.strip(" \t"):
            last_non_blank = index
    pieces: list[str] = []
    last = len(lines) - 1
    for index, line in enumerate(lines):
        line = line.replace("\t", " ")
        if index > 0:
            line = line.lstrip(" ")
        if index < last:
            line = line.rstrip(" ")
        if line:
            pieces.append(line if index == last_non_blank else line + " ")
    return "".join(pieces)


def _is_identifier(name: str) -> bool:
    return name.replace("$", "_").isidentifier()


def _js_string(text: str) -> str:
    # JSON string syntax is valid JavaScript; ASCII escapes keep the chunk encoding-proof.
    return json.dumps(text)


def _property_key(name: str) -> str:
    return name if _is_identifier(name) else _js_string(name)


class JsxLowering:
    """Writes the lowered form of JSX elements into a `LineWriter`."""

    def __init__(self, source: bytes, file: Path, writer: LineWriter, render_span: SpanRenderer) -> None:
        self._source = source
        self._file = file
        self._w = writer
        self._render_span = render_span
        self._depth = 0

    def element(self, node: tree_sitter.Node) -> None:
        """Lower a ``jsx_element`` / ``jsx_self_closing_element`` (fragments included)."""
        if self._depth >= MAX_JSX_DEPTH:
            self._fail(node, f"JSX elements are nested more than {MAX_JSX_DEPTH} deep here; "
                             "split the tree into components")
        self._depth += 1
        try:
            self._element(node)
        finally:
            self._depth -= 1

    def _element(self, node: tree_sitter.Node) -> None:
        w = self._w
        if node.type == "jsx_self_closing_element":
            tag = node
            children: list[tree_sitter.Node] | None = None
        else:
            tag = node.child_by_field_name("open_tag")
            children = node.children
            closing = mismatched_closing_tag(node)
            if closing is not None:
                self._fail(closing, describe_mismatch(node))
        name = tag.child_by_field_name("name")
        attributes = tag.children_by_field_name("attribute")
        fresh = not any(a.type == "jsx_expression" for a in attributes) and not any(
            child.type == "jsx_expression" and self._is_spread_child(child) for child in children or ())
        w.emit("__jsx(" if fresh else "__h(")
        if name is None:
            w.emit("__Fragment")
        else:
            self._type(name)
        if fresh:
            w.emit(", ")
            self._object(attributes, children)
        else:
            self._props(attributes)
            if children is not None:
                self._children(children)
        w.emit(")")
        w.goto(node.end_point.row)

    def _is_spread_child(self, container: tree_sitter.Node) -> bool:
        content = self._content(container)
        return bool(content) and content[0].type == "spread_element"

    def _type(self, name: tree_sitter.Node) -> None:
        self._w.goto(name.start_point.row)
        text = self._text(name.start_byte, name.end_byte)
        if name.type == "jsx_namespace_name" or (
            name.type == "identifier" and text != "this" and (text[:1].islower() or not _is_identifier(text))
        ):
            self._w.emit(_js_string(text))
        else:
            self._w.copy(name.start_byte, name.end_byte)

    def _props(self, attributes: list[tree_sitter.Node]) -> None:
        w = self._w
        if not attributes:
            w.emit(", null")
            return
        groups: list[tree_sitter.Node | list[tree_sitter.Node]] = []
        for attribute in attributes:
            if attribute.type == "jsx_expression":
                groups.append(attribute)
            elif groups and isinstance(groups[-1], list):
                groups[-1].append(attribute)
            else:
                groups.append([attribute])
        if len(groups) == 1 and isinstance(groups[0], list):
            w.emit(", ")
            self._object(groups[0])
            return
        # A leading attribute object is fresh, so it can be the assignment target (as Babel does).
        w.emit(", Object.assign(" if isinstance(groups[0], list) else ", Object.assign({}, ")
        for index, group in enumerate(groups):
            if index:
                w.emit(", ")
            if isinstance(group, list):
                self._object(group)
            else:
                w.goto(group.start_point.row)
                self._spread_argument(group)
        w.emit(")")

    def _object(self, attributes: list[tree_sitter.Node],
                children: list[tree_sitter.Node] | None = None) -> None:
        """An object literal of `attributes`; with `children` (the ``__jsx`` form), followed by
        a ``children`` property holding them as ``createElement`` would."""
        w = self._w
        w.emit("{")
        for index, attribute in enumerate(attributes):
            if index:
                w.emit(", ")
            w.goto(attribute.start_point.row)
            name = attribute.children[0]
            w.emit(_property_key(self._text(name.start_byte, name.end_byte)) + ": ")
            value = attribute.children[-1] if attribute.child_count > 1 else None
            if value is None:
                w.emit("true")
            elif value.type == "string":
                raw = self._text(value.start_byte + 1, value.end_byte - 1)
                w.emit(_js_string(_ATTRIBUTE_BREAK.sub(" ", decode_entities(raw))))
            elif value.type == "jsx_expression":
                if not self._content(value):
                    self._fail(value, "JSX attributes must be given a non-empty expression")
                self._render_span(*self._inner(value))
            else:
                self.element(value)
        if children is not None:
            self._children_property(children, bool(attributes))
        w.emit("}")

    def _children_property(self, nodes: list[tree_sitter.Node], after_attributes: bool) -> None:
        """``children: c`` or ``children: [c1, c2…]``, or nothing when there are none."""
        items = self._child_items(nodes)
        if not items:
            return
        w = self._w
        w.emit((", " if after_attributes else "") + "children: " + ("[" if len(items) > 1 else ""))
        for index, write in enumerate(items):
            if index:
                w.emit(", ")
            write()
        if len(items) > 1:
            w.emit("]")

    def _spread_argument(self, container: tree_sitter.Node) -> None:
        """``{...expr}`` (attribute or child): write ``expr``."""
        spread = self._content(container)[0]
        self._render_span(spread.children[0].end_byte, container.children[-1].start_byte)

    def _children(self, nodes: list[tree_sitter.Node]) -> None:
        """The children as further ``createElement`` arguments."""
        for write in self._child_items(nodes):
            self._w.emit(", ")
            write()

    def _child_items(self, nodes: list[tree_sitter.Node]) -> list[Callable[[], None]]:
        """One writer per child that produces a value, in order.

        nodes = [opening tag, content..., closing tag]. Text is taken from the raw gaps between
        the non-text children, so that tree-sitter's split of text, entities and comment-like
        text into separate nodes does not matter.
        """
        items: list[Callable[[], None]] = []
        gap_start = nodes[0].end_byte
        gap_row = nodes[0].end_point.row
        for child in nodes[1:-1]:
            if child.type not in _CHILD_TYPES:
                continue
            self._text_item(gap_start, child.start_byte, gap_row, items)
            if child.type == "jsx_expression":
                if self._content(child):  # {} and {/* comment */} disappear
                    items.append(lambda child=child: self._expression_child(child))
            else:
                items.append(lambda child=child: (self._w.goto(child.start_point.row), self.element(child)))
            gap_start = child.end_byte
            gap_row = child.end_point.row
        self._text_item(gap_start, nodes[-1].start_byte, gap_row, items)
        return items

    def _text_item(self, start: int, end: int, row: int, items: list[Callable[[], None]]) -> None:
        raw = self._source[start:end]
        first = len(raw) - len(raw.lstrip(_TEXT_BLANK))
        if first == len(raw) and (not raw or b"\n" in raw or b"\r" in raw):
            return  # white space spanning lines (indentation between tags) is dropped
        text = clean_jsx_text(decode_entities(raw.decode("utf-8")))
        if text:
            line = row + raw.count(b"\n", 0, first)
            items.append(lambda: (self._w.goto(line), self._w.emit(_js_string(text))))

    def _expression_child(self, container: tree_sitter.Node) -> None:
        self._w.goto(container.start_point.row)
        if self._is_spread_child(container):
            self._w.emit("...")
            self._spread_argument(container)
        else:
            self._render_span(*self._inner(container))

    @staticmethod
    def _content(container: tree_sitter.Node) -> list[tree_sitter.Node]:
        return [child for child in container.named_children if child.type != "comment"]

    @staticmethod
    def _inner(container: tree_sitter.Node) -> tuple[int, int]:
        """Byte span between the braces of a ``{…}`` container (comments included)."""
        return container.children[0].end_byte, container.children[-1].start_byte

    def _text(self, start: int, end: int) -> str:
        return self._source[start:end].decode("utf-8")

    def _fail(self, node: tree_sitter.Node, message: str) -> None:
        line, col = position(self._source, node.start_byte)
        raise TransformError(self._file, line, col, message)
