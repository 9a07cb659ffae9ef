"""Parsing and validation of canvex display lists (layout-and-output.md §3.1–3.2).

Two levels of strictness, as in Daily's renderer:

* a *malformed document* (unknown command, ``null``/booleans, out-of-range integers, stray
  objects, bad top-level keys or size) is rejected as a whole with :class:`DisplayListError`, so a
  broken frame is never half drawn;
* a *bad command* (wrong argument count or types) is dropped with one logged warning and the rest
  of the list still renders.

The result is a :class:`DisplayList` whose commands carry normalised arguments, so the
interpreter never has to re-check types.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

MAX_SIZE = 32768
_INT32 = range(-(2 ** 31), 2 ** 31)
_TOP_LEVEL_KEYS = frozenset({"width", "height", "commands"})
ASSET_TYPES = frozenset({"defaultAsset", "compositionAsset", "liveAsset"})


class DisplayListError(ValueError):
    """The document is malformed; nothing of it may be drawn."""


class _BadCommand(Exception):
    """One command's arguments do not fit; the command is skipped."""


@dataclass(frozen=True)
class AssetRef:
    """An image reference of a ``drawImage`` command (``type`` already defaulted)."""

    type: str
    id: str


@dataclass(frozen=True)
class Command:
    """A validated command; ``args`` are normalised by its validator (see ``_VALIDATORS``)."""

    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class DisplayList:
    """A parsed document: viewport size and the commands that passed validation."""

    width: int
    height: int
    commands: tuple[Command, ...]


def parse_display_list(doc: Mapping[str, Any] | str | bytes) -> DisplayList:
    """Validate a display list given as JSON text or as the already-decoded dict.

    Raises :class:`DisplayListError` for the document-level faults of §3.2; bad commands are
    logged and left out of the result.
    """
    if isinstance(doc, (str, bytes)):
        doc = _load_json(doc)
    if not isinstance(doc, Mapping):
        raise DisplayListError("a display list must be a JSON object")
    extra = set(doc) - _TOP_LEVEL_KEYS
    if extra:
        raise DisplayListError(f"unknown top-level keys {sorted(extra)}")
    width, height = (_size(doc, key) for key in ("width", "height"))
    raw_commands = doc.get("commands")
    if not isinstance(raw_commands, list):
        raise DisplayListError("'commands' must be an array")
    commands = []
    for index, raw in enumerate(raw_commands):
        command = _parse_command(index, raw)
        if command is not None:
            commands.append(command)
    return DisplayList(width, height, tuple(commands))


def _load_json(text: str | bytes) -> Any:
    def reject_constant(name: str) -> Any:
        raise DisplayListError(f"{name} is not valid JSON")

    try:
        return json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        raise DisplayListError(f"invalid JSON: {error}") from error


def _size(doc: Mapping[str, Any], key: str) -> int:
    value = doc.get(key)
    if type(value) is not int or not 1 <= value <= MAX_SIZE:
        raise DisplayListError(f"'{key}' must be an integer in 1…{MAX_SIZE}, got {value!r}")
    return value


def _check_scalar(value: Any) -> Any:
    """Reject the scalar values canvex's JSON reader refuses (null, booleans, big ints, NaN)."""
    if value is None or isinstance(value, bool):
        raise DisplayListError(f"{json.dumps(value)} is not allowed in a display list")
    if isinstance(value, int) and value not in _INT32:
        raise DisplayListError(f"integer {value} does not fit a signed 32-bit int")
    if isinstance(value, float) and not math.isfinite(value):
        raise DisplayListError(f"{value} is not a JSON number")
    if not isinstance(value, (int, float, str)):
        raise DisplayListError(f"unexpected value {value!r}")
    return value


def _check_asset_object(value: Mapping[str, Any]) -> dict[str, str]:
    for key, item in value.items():
        if not isinstance(item, str):
            raise DisplayListError(f"asset object key {key!r} holds a non-string value")
    return dict(value)


def _flatten_arguments(elements: list[Any]) -> list[Any]:
    """Every scalar after the name, and every element of an argument array, is one argument."""
    args: list[Any] = []
    for element in elements:
        if isinstance(element, list):
            for item in element:
                if isinstance(item, list):
                    raise DisplayListError("an array inside an argument array")
                args.append(_check_asset_object(item) if isinstance(item, Mapping)
                            else _check_scalar(item))
        elif isinstance(element, Mapping):
            raise DisplayListError("an object outside an argument array")
        else:
            args.append(_check_scalar(element))
    return args


def _parse_command(index: int, raw: Any) -> Command | None:
    if not isinstance(raw, list):
        raise DisplayListError(f"command {index} is not an array")
    if not raw:
        log.warning("display list: empty command %d skipped", index)
        return None
    name = raw[0]
    if not isinstance(name, str):
        raise DisplayListError(f"command {index}: the name is not a string")
    validator = _VALIDATORS.get(name)
    if validator is None:
        raise DisplayListError(f"command {index}: unknown command {name!r}")
    args = _flatten_arguments(raw[1:])
    try:
        return Command(name, validator(args))
    except _BadCommand as problem:
        log.warning("display list: command %d %r skipped: %s", index, name, problem)
        return None


# --- per-command argument validators: raw argument list → normalised tuple ---------------------

def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


def _numbers(count: int) -> Callable[[list[Any]], tuple[float, ...]]:
    def validate(args: list[Any]) -> tuple[float, ...]:
        if len(args) != count or not all(map(_is_number, args)):
            raise _BadCommand(f"needs exactly {count} numbers")
        return tuple(float(a) for a in args)
    return validate


def _ignore_args(_args: list[Any]) -> tuple[()]:
    return ()


def _one_string(args: list[Any]) -> tuple[str]:
    if len(args) != 1 or not isinstance(args[0], str):
        raise _BadCommand("needs exactly one string")
    return (args[0],)


def _font(args: list[Any]) -> tuple[str | float, str, float, str]:
    if len(args) != 4:
        raise _BadCommand("needs exactly 4 arguments [weight, style, px, family]")
    weight, style, px, family = args
    if not (isinstance(weight, str) or _is_number(weight)) or not isinstance(style, str) \
            or not _is_number(px) or not isinstance(family, str):
        raise _BadCommand("expects [string|number, string, number, string]")
    return (weight, style, float(px), family)


def _clip(args: list[Any]) -> tuple[bool]:
    """``(evenodd,)``. Malformed arguments are reported, yet canvex still clips (non-zero)."""
    if len(args) > 1 or (args and not isinstance(args[0], str)):
        log.warning("display list: clip with malformed arguments %r clips non-zero", args)
        return (False,)
    return (args == ["evenodd"],)


def _text(number_count: int) -> Callable[[list[Any]], tuple[Any, ...]]:
    def validate(args: list[Any]) -> tuple[Any, ...]:
        if len(args) != 1 + number_count or not isinstance(args[0], str) \
                or not all(map(_is_number, args[1:])):
            raise _BadCommand(f"needs a string and {number_count} numbers")
        return (args[0], *(float(a) for a in args[1:]))
    return validate


def _draw_image(args: list[Any]) -> tuple[AssetRef, tuple[float, ...] | None, tuple[float, ...]]:
    """``(asset, src or None, dst)``; 9+ arguments mean source then destination rectangle."""
    if len(args) < 5 or not isinstance(args[0], dict):
        raise _BadCommand("needs an asset object and 4 numbers")
    asset_id = args[0].get("id", "")
    if not isinstance(asset_id, str) or not asset_id:
        raise _BadCommand("asset without a string id")
    asset_type = args[0].get("type")
    asset = AssetRef(asset_type if asset_type in ASSET_TYPES else "compositionAsset", asset_id)
    if not all(map(_is_number, args[1:5])):
        raise _BadCommand("arguments 1-4 must be numbers")
    first = tuple(float(a) for a in args[1:5])
    if len(args) < 9:
        return (asset, None, first)
    second = tuple(float(a) if _is_number(a) else 0.0 for a in args[5:9])
    return (asset, first, second)


_VALIDATORS: dict[str, Callable[[list[Any]], tuple[Any, ...]]] = {
    **dict.fromkeys(("save", "restore", "beginPath", "closePath", "fill", "stroke"), _ignore_args),
    **dict.fromkeys(("fillStyle", "strokeStyle", "lineJoin"), _one_string),
    **dict.fromkeys(("lineWidth", "globalAlpha", "rotate"), _numbers(1)),
    **dict.fromkeys(("scale", "translate", "moveTo", "lineTo"), _numbers(2)),
    **dict.fromkeys(("quadraticCurveTo", "rect", "fillRect", "strokeRect"), _numbers(4)),
    "arcTo": _numbers(5),
    "roundRect": _numbers(8),
    "font": _font,
    "clip": _clip,
    "fillText": _text(2),
    "strokeText": _text(2),
    "fillText_emoji": _text(4),
    "drawImage": _draw_image,
}
COMMAND_NAMES = frozenset(_VALIDATORS)
