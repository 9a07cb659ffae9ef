"""ES module syntax → the ``__require`` / ``__exports`` form of the runtime contract.

QuickJS (through the `quickjs` package) cannot link ES modules for us, so each module becomes a
function of ``(__require, __exports)``. What ESM semantics we keep, and how:

* Imports are hoisted: all ``__require`` calls and import bindings go into the chunk's first line,
  before the module body, in source order, and the import statements themselves are blanked.
  Bindings are taken once, after the imported module has run (a snapshot, not a live binding).
* Exports are live: every exported name is a getter on ``__exports`` returning the local binding,
  defined before anything else runs, so hoisted functions are visible to modules in an import cycle.
* ``export default <expression>`` binds ``__vcs_default``; an anonymous default function or class
  is given that name so it stays a hoisted declaration.
* ``export * from`` copies getters for every name but ``default`` not exported explicitly.

The body rewrite is a list of `Edit`s on top-level statements only, so it never overlaps JSX.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tree_sitter

from .errors import TransformError
from .syntax import position

DEFAULT_BINDING = "__vcs_default"


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """A module specifier as written, with its 1-based position for error messages."""

    specifier: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace source bytes ``[start, end)`` by `text`; `end_row` is the row of `end`."""

    start: int
    end: int
    end_row: int
    text: str


@dataclass(frozen=True, slots=True)
class ModuleInterface:
    """What a module imports and exports, ready to be written as the chunk's first line.

    `bindings`: ``(local name, request index, imported name)``, imported name ``None`` for a
    namespace. `exports`: ``(exported name, JS expression)``. `star_exports`: request indices.
    """

    requests: tuple[ImportRequest, ...]
    bindings: tuple[tuple[str, int, str | None], ...]
    exports: tuple[tuple[str, str], ...]
    star_exports: tuple[int, ...]

    def header(self, resolved_ids: list[str]) -> str:
        """The code that precedes the body: export getters, requires, bindings, star exports."""
        parts: list[str] = []
        if self.exports:
            getters = ", ".join(
                f"{json.dumps(name)}: {{enumerable: true, get: () => {expression}}}"
                for name, expression in self.exports
            )
            parts.append(f"Object.defineProperties(__exports, {{{getters}}});")
        for index, module_id in enumerate(resolved_ids):
            parts.append(f"const {_module_var(index)} = __require({json.dumps(module_id)});")
        if self.bindings:
            declarations = ", ".join(
                f"{local} = {_module_var(index)}" + ("" if imported is None else _member(imported))
                for local, index, imported in self.bindings
            )
            parts.append(f"const {declarations};")
        for index in self.star_exports:
            module = _module_var(index)
            parts.append(
                f'Object.keys({module}).forEach((k) => {{ if (k !== "default" && !(k in __exports)) '
                f"Object.defineProperty(__exports, k, {{enumerable: true, get: () => {module}[k]}}); }});"
            )
        return " ".join(parts)


def _module_var(index: int) -> str:
    return f"__vcs_m{index}"


def _member(name: str) -> str:
    return "." + name if name.replace("$", "_").isidentifier() else f"[{json.dumps(name)}]"


def plan_module_syntax(program: tree_sitter.Node, source: bytes, file: Path) -> tuple[ModuleInterface, list[Edit]]:
    """Read the top-level import/export statements; return the interface and the body edits."""
    planner = _Planner(source, file)
    for statement in program.named_children:
        if statement.type == "import_statement":
            planner.import_statement(statement)
        elif statement.type == "export_statement":
            planner.export_statement(statement)
    return planner.interface(), planner.edits


class _Planner:
    def __init__(self, source: bytes, file: Path) -> None:
        self._source = source
        self._file = file
        self.requests: list[ImportRequest] = []
        self.bindings: list[tuple[str, int, str | None]] = []
        self.exports: list[tuple[str, str]] = []
        self.star_exports: list[int] = []
        self.edits: list[Edit] = []
        self._exported: set[str] = set()

    def interface(self) -> ModuleInterface:
        return ModuleInterface(
            tuple(self.requests), tuple(self.bindings), tuple(self.exports), tuple(self.star_exports)
        )

    def import_statement(self, statement: tree_sitter.Node) -> None:
        index = self._request(statement.child_by_field_name("source"))
        self._remove(statement)
        clause = next((child for child in statement.named_children if child.type == "import_clause"), None)
        if clause is None:
            return
        for part in clause.named_children:
            if part.type == "identifier":
                self.bindings.append((self._name(part), index, "default"))
            elif part.type == "namespace_import":
                self.bindings.append((self._name(part.named_children[-1]), index, None))
            elif part.type == "named_imports":
                for specifier in part.named_children:
                    if specifier.type != "import_specifier":
                        continue
                    name = self._name(specifier.child_by_field_name("name"))
                    alias = specifier.child_by_field_name("alias")
                    self.bindings.append((self._name(alias) if alias else name, index, name))

    def export_statement(self, statement: tree_sitter.Node) -> None:
        source = statement.child_by_field_name("source")
        declaration = statement.child_by_field_name("declaration")
        value = statement.child_by_field_name("value")
        if source is not None:
            self._re_export(statement, self._request(source))
        elif declaration is not None:
            self._edit(statement.start_byte, declaration.start_byte, "", declaration.start_point.row)
            is_default = any(child.type == "default" for child in statement.children)
            for name in _declared_names(declaration, self._source):
                self._export("default" if is_default else name, name, declaration)
        elif value is not None:
            self._default_value(statement, value)
        else:
            self._remove(statement)
            for name, alias in self._specifiers(statement):
                self._export(alias, name, statement)

    def _default_value(self, statement: tree_sitter.Node, value: tree_sitter.Node) -> None:
        self._export("default", DEFAULT_BINDING, statement)
        if (
            value.type in ("function_expression", "generator_function", "class")
            and value.child_by_field_name("name") is None
        ):
            # Keep an anonymous default function a hoisted declaration by naming it.
            self._edit(statement.start_byte, value.start_byte, "", value.start_point.row)
            if value.type == "class":
                keyword = value.children[0]
                self._edit(keyword.end_byte, keyword.end_byte, " " + DEFAULT_BINDING, keyword.end_point.row)
            else:
                parameters = value.child_by_field_name("parameters")
                self._edit(
                    parameters.start_byte, parameters.start_byte, " " + DEFAULT_BINDING, parameters.start_point.row
                )
        else:
            self._edit(statement.start_byte, value.start_byte, f"const {DEFAULT_BINDING} = ", value.start_point.row)

    def _re_export(self, statement: tree_sitter.Node, index: int) -> None:
        self._remove(statement)
        module = _module_var(index)
        namespace = next((child for child in statement.named_children if child.type == "namespace_export"), None)
        if namespace is not None:
            self._export(self._name(namespace.named_children[-1]), module, statement)
        elif any(child.type == "export_clause" for child in statement.children):
            for name, alias in self._specifiers(statement):
                self._export(alias, module + _member(name), statement)
        else:
            self.star_exports.append(index)

    def _specifiers(self, statement: tree_sitter.Node) -> Iterator[tuple[str, str]]:
        """``(name, exported as)`` for each specifier of an ``export {…}`` clause."""
        clause = next(child for child in statement.named_children if child.type == "export_clause")
        for specifier in clause.named_children:
            if specifier.type != "export_specifier":
                continue
            name = self._name(specifier.child_by_field_name("name"))
            alias = specifier.child_by_field_name("alias")
            yield name, self._name(alias) if alias else name

    def _export(self, name: str, expression: str, node: tree_sitter.Node) -> None:
        if name in self._exported:
            self._fail(node, f"duplicate export {name!r}")
        self._exported.add(name)
        self.exports.append((name, expression))

    def _request(self, source: tree_sitter.Node) -> int:
        line, col = position(self._source, source.start_byte)
        self.requests.append(ImportRequest(self._name(source), line, col))
        return len(self.requests) - 1

    def _name(self, node: tree_sitter.Node) -> str:
        """An identifier, ``default`` or a string literal's content."""
        if node.type == "string":
            if any(child.type == "escape_sequence" for child in node.named_children):
                self._fail(node, "escape sequences are not supported in module names")
            return self._source[node.start_byte + 1 : node.end_byte - 1].decode("utf-8")
        return self._source[node.start_byte : node.end_byte].decode("utf-8")

    def _remove(self, statement: tree_sitter.Node) -> None:
        self._edit(statement.start_byte, statement.end_byte, "", statement.end_point.row)

    def _edit(self, start: int, end: int, text: str, end_row: int) -> None:
        self.edits.append(Edit(start, end, end_row, text))

    def _fail(self, node: tree_sitter.Node, message: str) -> None:
        line, col = position(self._source, node.start_byte)
        raise TransformError(self._file, line, col, message)


def _declared_names(declaration: tree_sitter.Node, source: bytes) -> Iterator[str]:
    """Names bound by an exported declaration (destructuring patterns included)."""
    if declaration.type in ("lexical_declaration", "variable_declaration"):
        for declarator in declaration.named_children:
            if declarator.type == "variable_declarator":
                yield from _pattern_names(declarator.child_by_field_name("name"), source)
    else:
        name = declaration.child_by_field_name("name")
        if name is not None:
            yield source[name.start_byte : name.end_byte].decode("utf-8")


def _pattern_names(pattern: tree_sitter.Node, source: bytes) -> Iterator[str]:
    if pattern.type in ("identifier", "shorthand_property_identifier_pattern"):
        yield source[pattern.start_byte : pattern.end_byte].decode("utf-8")
    elif pattern.type == "pair_pattern":
        yield from _pattern_names(pattern.child_by_field_name("value"), source)
    elif pattern.type in ("object_assignment_pattern", "assignment_pattern"):
        yield from _pattern_names(pattern.child_by_field_name("left"), source)
    else:
        for child in pattern.named_children:
            if child.type != "comment":
                yield from _pattern_names(child, source)
