"""Shared fixtures of the engine's own tests.

`load(source)` writes a composition (JSX text) into tmp_path and returns a loaded `Host` that
shares one session-wide `JsRuntime` (loading the runtime costs ~0.5 s; opening a composition in an
existing runtime a few ms). Tests that may leave the sandbox in a bad state (memory, stack,
time limits) ask for `fresh=True`.

Helpers importable by the test modules (`from conftest import ...`): `commands`, `texts`,
`js_round`, `make_png`, `logs_of`, `probe`.
Compositions record values with `globalThis.__t.push(...)` (reset before each load).
"""

from __future__ import annotations

import itertools
import json
import math
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from vcs_engine.host import Host, _default_text_callables
from vcs_engine.runtime import JsRuntime

HEADER = """\
import * as React from 'react';
import { Box, Text, Image, Video, Emoji } from '#vcs-react/components';
import * as hooks from '#vcs-react/hooks';
import * as layouts from '#vcs-stdlib/layouts';
"""


# ---------------------------------------------------------------------- helpers


def js_round(v: float) -> int:
    """JavaScript Math.round: halves round toward +infinity."""
    return math.floor(v + 0.5)


def spec_grid_item(P: dict, index: int, total: int | None, num_cols: int, num_rows: int, video_asp: float,
                   inner: float, preserve: bool, center_remainder: bool) -> dict:
    """The stdlib gridItem of vcs-api.md §9.7, written from the spec as a test oracle."""
    x, y = P["x"], P["y"]
    if preserve:
        if (num_cols * video_asp) / num_rows >= P["w"] / P["h"]:
            item_w = (P["w"] - (num_cols - 1) * inner) / num_cols
            item_h = item_w / video_asp
            y += (P["h"] - (num_rows * item_h + inner * (num_rows - 1))) / 2
        else:
            item_h = (P["h"] - (num_rows - 1) * inner) / num_rows
            item_w = item_h * video_asp
            x += (P["w"] - (num_cols * item_w + inner * (num_cols - 1))) / 2
    else:
        item_w = (P["w"] - (num_cols - 1) * inner) / num_cols
        item_h = (P["h"] - (num_rows - 1) * inner) / num_rows
    col = index % num_cols
    row = index // num_cols
    if center_remainder and total is not None:
        remainder = total - num_cols * (num_rows - 1)
        if row + 1 == num_rows and 0 < remainder < num_cols:
            x += ((item_w + inner) * (num_cols - remainder)) / 2
    x += col * item_w
    x += col * inner
    y += row * item_h
    y += row * inner
    return {"x": math.floor(x), "y": math.floor(y), "w": math.ceil(item_w), "h": math.ceil(item_h)}


def commands(doc_or_out: Any) -> list[list]:
    """The command list of a display list dict or of a FrameOutput's flattened list."""
    doc = doc_or_out.flattened if hasattr(doc_or_out, "flattened") else doc_or_out
    return doc["commands"]


def texts(doc_or_out: Any) -> list[str]:
    """The strings of every fillText command, in order."""
    return [c[1][0] for c in commands(doc_or_out) if c[0] == "fillText"]


def logs_of(out: Any, level: str | None = None) -> list[str]:
    """Console lines of a FrameOutput (optionally of one level)."""
    return [text for lvl, text in out.logs if level is None or lvl == level]


def make_png(path: Path, w: int, h: int, sidecar: Mapping[str, Any] | None = None) -> Path:
    """A solid PNG of w×h, with an optional `.png.json` sidecar."""
    from PIL import Image as PILImage

    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGBA", (w, h), (200, 30, 30, 255)).save(path)
    if sidecar is not None:
        path.with_name(path.name + ".json").write_text(json.dumps(dict(sidecar)), encoding="utf-8")
    return path


def write_composition(folder: Path, source: str, files: Mapping[str, str] | None = None,
                      header: bool = True) -> Path:
    """A folder composition: index.jsx (+ other files, paths relative to the folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    body = textwrap.dedent(source)
    (folder / "index.jsx").write_text((HEADER if header else "") + body, encoding="utf-8")
    for rel, text in (files or {}).items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


HEADER_LINES = HEADER.count("\n")


# ---------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def js_runtime() -> JsRuntime:
    measure, first_emoji = _default_text_callables()
    return JsRuntime(measure, first_emoji)


@pytest.fixture
def comp_path(tmp_path: Path) -> Callable[..., Path]:
    """Write a composition folder into tmp_path and return its path (no loading)."""
    counter = itertools.count()

    def make(source: str, *, files: Mapping[str, str] | None = None, header: bool = True) -> Path:
        return write_composition(tmp_path / f"comp{next(counter)}", source, files, header)

    return make


@pytest.fixture
def load(comp_path: Callable[..., Path], js_runtime: JsRuntime) -> Callable[..., Host]:
    """`load(source, files=..., size=..., fresh=False, header=True, setup=fn)` → a loaded Host.

    `setup(folder)` may add files (e.g. images) before loading.
    """

    def _load(source: str, *, files: Mapping[str, str] | None = None, size: tuple[int, int] = (1280, 720),
              fps: float = 30.0, fresh: bool = False, header: bool = True,
              setup: Callable[[Path], None] | None = None, asset_dirs=()) -> Host:
        folder = comp_path(source, files=files, header=header)
        if setup is not None:
            setup(folder)
        host = Host(size=size, fps=fps, asset_dirs=asset_dirs, runtime=None if fresh else js_runtime)
        reset_probe(host)
        host.open(folder)
        return host

    return _load


def probe(host: Host, expr: str = "globalThis.__t") -> Any:
    """A JSON value read from the host's JS context (compositions record into globals)."""
    text = host.runtime.eval(f"JSON.stringify({expr})")
    return None if text is None else json.loads(text)


def reset_probe(host_or_runtime: Any) -> None:
    rt = getattr(host_or_runtime, "runtime", host_or_runtime)
    rt.eval("globalThis.__t = []; globalThis.__seen = undefined;")
