"""The `compositionInterface` a composition declares, and checks of param values against it.

Values reach the composition exactly as given (Daily's servers do no coercion, vcs-api.md §5);
these checks only produce warnings for the CLI and the studio.

The interface is the composition's data, so it is untrusted: `CompositionInterface.from_json`
accepts any JSON value and keeps what is well-formed. A param without a string id, with an
unknown type, or an enum without a list of values is dropped; a field of the wrong kind
(`defaultValue` an object, `displayMeta` a string, `fontFamilies` a number) is ignored; lists
are capped. Each problem is one warning (`CompositionInterface.warnings`, also logged), and the
host stays usable. The runtime already reduced the interface to plain data
(runtime/modules.js), so this is the second line, for what JSON can still get wrong.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .limits import describe

log = logging.getLogger(__name__)

PARAM_TYPES = ("boolean", "number", "text", "enum")
MAX_PARAMS = 1000
"""Params kept (the runtime keeps as many, runtime/modules.js). Daily's largest composition
declares about a hundred; a UI with thousands is no use, and each costs a widget."""
MAX_VALUES = 1000
"""Values kept per enum (and entries per string list): enough for any menu."""
MAX_WARNINGS = 20
"""Interface warnings reported one by one; the rest are counted in one more line."""


class _Warnings:
    """Collects the interface's problems, at most `MAX_WARNINGS` lines plus a count."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.dropped = 0

    def add(self, message: str) -> None:
        if len(self.lines) < MAX_WARNINGS:
            self.lines.append("compositionInterface" + message)
        else:
            self.dropped += 1

    def result(self) -> tuple[str, ...]:
        more = [f"compositionInterface: {self.dropped} more problems"] if self.dropped else []
        return tuple(self.lines + more)


def _scalar(value: Any) -> bool:
    """A value a param can hold: null, a boolean, a finite number or a string."""
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (bool, int, str))


def _is_number(value: Any) -> bool:
    """A finite number JavaScript can hold exactly enough (ints beyond 2**53 are not)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= 2**53
    return isinstance(value, float) and math.isfinite(value)


def _js_number_text(value: int | float) -> str:
    """How JavaScript writes a number for the usual cases (``2``, ``2.5``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter, with every field Daily's hosts read."""

    id: str
    type: str
    default: Any = None
    values: tuple[str, ...] = ()
    step: float | None = None
    help: str = ""
    text_size_hint: str | None = None
    experimental: bool = False
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def group(self) -> str | None:
        """The part before the first dot (Daily groups params by it)."""
        k = self.id.find(".")
        return self.id[:k] if 0 < k < len(self.id) - 1 else None

    @property
    def label(self) -> str:
        """A UI label: the part after the group's dot, as Daily's UIs derive it."""
        return self.id[len(self.group) + 1:] if self.group else self.id

    @classmethod
    def from_json(cls, d: Any, where: str = "param",
                  warn: Callable[[str], None] = lambda message: None) -> ParamSpec | None:
        """The param `d` declares, or None when it is unusable; `warn` gets one line per
        problem (`where` names the param in them, e.g. ``.params[3]``)."""
        if not isinstance(d, Mapping):
            warn(f"{where} is {describe(d)}, not an object; it is ignored")
            return None
        pid = d.get("id")
        if not isinstance(pid, str) or not pid:
            warn(f"{where} has no id (a non-empty string); it is ignored")
            return None
        where = f".params {pid[:60]!r}"
        kind = d.get("type")
        if kind not in PARAM_TYPES:
            shown = repr(kind[:40]) if isinstance(kind, str) else describe(kind)
            warn(f"{where} has type {shown}, not one of {', '.join(PARAM_TYPES)}; it is ignored")
            return None
        values: tuple[str, ...] = ()
        if kind == "enum":
            values = _enum_values(d.get("values"), where, warn)
            if not values:
                return None
        default = d.get("defaultValue")
        if not _scalar(default):
            warn(f"{where}: defaultValue is {describe(default)}; params hold booleans, numbers and text, "
                 "so it has no default here")
            default = None
        step = d.get("step")
        if step is not None and not _is_number(step):
            warn(f"{where}: step is {describe(step)}, not a number; it is ignored")
            step = None
        return cls(
            id=pid,
            type=kind,
            default=default,
            values=values,
            step=float(step) if step is not None else None,
            help=_text(d, "shortHelpText", where, warn) or "",
            text_size_hint=_text(d, "textSizeHint", where, warn),
            experimental=bool(d.get("experimental")) or d.get("status") == "experimental",
            raw=dict(d),
        )

    def check(self, value: Any) -> str | None:
        """A warning when `value` does not match the declared type, else None."""
        t = self.type
        if t == "boolean" and not isinstance(value, bool):
            return f"param '{self.id}' is boolean; got {value!r}"
        if t == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"param '{self.id}' is a number; got {value!r}"
            if not math.isfinite(value):
                return f"param '{self.id}' is not a finite number: {value!r}"
        if t == "text" and not isinstance(value, str):
            return f"param '{self.id}' is text; got {value!r}"
        if t == "enum" and value not in self.values:
            return f"param '{self.id}' must be one of {', '.join(self.values)}; got {value!r}"
        return None


@dataclass(frozen=True)
class CompositionInterface:
    """The parsed `compositionInterface` export."""

    name: str = ""
    description: str = ""
    params: tuple[ParamSpec, ...] = ()
    font_families: tuple[str, ...] = ("Roboto",)
    image_preloads: tuple[str, ...] = ()
    standard_sources: tuple[str, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """What was wrong with the declared interface (already logged)."""

    @classmethod
    def from_json(cls, d: Any) -> CompositionInterface:
        """The interface from any JSON value: well-formed parts kept, one warning per problem
        (logged, and kept in `warnings`)."""
        w = _Warnings()
        if not isinstance(d, Mapping):
            w.add(f" is {describe(d)}, not an object; it is ignored")
            d = {}
        meta = d.get("displayMeta")
        if meta is not None and not isinstance(meta, Mapping):
            w.add(f".displayMeta is {describe(meta)}, not an object; it is ignored")
        meta = meta if isinstance(meta, Mapping) else {}
        iface = cls(
            name=_text(meta, "name", ".displayMeta", w.add) or "",
            description=_text(meta, "description", ".displayMeta", w.add) or "",
            params=_params(d.get("params"), w.add),
            font_families=_strings(d, "fontFamilies", w.add) or ("Roboto",),
            image_preloads=_strings(d, "imagePreloads", w.add),
            standard_sources=_strings(d, "standardSources", w.add),
            raw=dict(d),
            warnings=w.result(),
        )
        for line in iface.warnings:
            log.warning("%s", line)
        return iface

    def param(self, param_id: str) -> ParamSpec | None:
        return next((p for p in self.params if p.id == param_id), None)

    def defaults(self) -> dict[str, Any]:
        return {p.id: p.default for p in self.params if p.default is not None}

    def check(self, values: Mapping[str, Any]) -> list[str]:
        """Warnings for undeclared params and values of the wrong type (values still pass)."""
        warnings = []
        for pid, value in values.items():
            spec = self.param(pid)
            if spec is None:
                warnings.append(f"param '{pid}' is not declared by the composition (passed through)")
            elif (w := spec.check(value)) is not None:
                warnings.append(w)
        return warnings


def _params(value: Any, warn: Callable[[str], None]) -> tuple[ParamSpec, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        warn(f".params is {describe(value)}, not a list; the composition has no params here")
        return ()
    if len(value) > MAX_PARAMS:
        warn(f".params has {len(value):,} entries; only the first {MAX_PARAMS} are used")
    params: dict[str, ParamSpec] = {}
    for index, item in enumerate(value[:MAX_PARAMS]):
        spec = ParamSpec.from_json(item, f".params[{index}]", warn)
        if spec is None:
            continue
        if spec.id in params:
            warn(f".params {spec.id[:60]!r} is declared twice; the first declaration is used")
            continue
        params[spec.id] = spec
    return tuple(params.values())


def _enum_values(value: Any, where: str, warn: Callable[[str], None]) -> tuple[str, ...]:
    """An enum's values as strings (numbers are written as JavaScript would); () when unusable."""
    if not isinstance(value, list) or not value:
        warn(f"{where} is an enum without a list of values ({describe(value)}); it is ignored")
        return ()
    kept = [v if isinstance(v, str) else _js_number_text(v) for v in value[:MAX_VALUES]
            if isinstance(v, str) or _is_number(v)]
    if len(kept) < min(len(value), MAX_VALUES) or len(value) > MAX_VALUES:
        warn(f"{where}: values may only be strings or numbers (at most {MAX_VALUES}); the others are ignored")
    if not kept:
        warn(f"{where} is an enum without usable values; it is ignored")
    return tuple(kept)


def _text(d: Mapping[str, Any], key: str, where: str, warn: Callable[[str], None]) -> str | None:
    value = d.get(key)
    if value is None or isinstance(value, str):
        return value
    warn(f"{where}: {key} is {describe(value)}, not text; it is ignored")
    return None


def _strings(d: Mapping[str, Any], key: str, warn: Callable[[str], None]) -> tuple[str, ...]:
    value = d.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        warn(f".{key} is {describe(value)}, not a list of strings; it is ignored")
        return ()
    kept = tuple(v for v in value[:MAX_VALUES] if isinstance(v, str))
    if len(kept) != len(value):
        warn(f".{key} may only hold strings (at most {MAX_VALUES}); the others are ignored")
    return kept
