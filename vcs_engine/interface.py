"""The `compositionInterface` a composition declares, and checks of param values against it.

Values reach the composition exactly as given (Daily's servers do no coercion, vcs-api.md §5);
these checks only produce warnings for the CLI and the studio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

PARAM_TYPES = ("boolean", "number", "text", "enum")


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
    def from_json(cls, d: Mapping[str, Any]) -> "ParamSpec":
        step = d.get("step")
        return cls(
            id=str(d["id"]),
            type=str(d.get("type", "text")),
            default=d.get("defaultValue"),
            values=tuple(str(v) for v in d.get("values") or ()),
            step=float(step) if isinstance(step, (int, float)) and not isinstance(step, bool) else None,
            help=str(d.get("shortHelpText") or ""),
            text_size_hint=d.get("textSizeHint"),
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

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "CompositionInterface":
        meta = d.get("displayMeta") or {}
        params = tuple(ParamSpec.from_json(p) for p in d.get("params") or () if isinstance(p, dict) and p.get("id"))
        fams = d.get("fontFamilies")
        return cls(
            name=str(meta.get("name") or ""),
            description=str(meta.get("description") or ""),
            params=params,
            font_families=tuple(fams) if isinstance(fams, list) else ("Roboto",),
            image_preloads=tuple(d.get("imagePreloads") or ()),
            standard_sources=tuple(d.get("standardSources") or ()),
            raw=dict(d),
        )

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
