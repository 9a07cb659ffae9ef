"""Daily's published scenario tests, run through `vcs render` with Daily's compositions.

Inputs come from ../shared/daily-reference (never copied into the project); the tests skip when
that folder is absent. Video-layer JSON must be byte-identical; the graphics PNG must be within
the tolerance of that folder's README (a diff image is written to tests/_failures/ otherwise).

Composition images that Daily's scenario runner did not know (the baseline's own icons) are
drawn as the images they are in our engine, while Daily's goldens show its missing-image
placeholder there (layout-and-output.md §6); those frames are compared with the placeholder
regions masked out.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from vcs_engine.cli import main as vcs
from vcs_engine.render import read_png
from vcs_engine.render.compare import compare_images, save_diff_image

REF = Path(__file__).resolve().parents[2] / "shared" / "daily-reference"
FAILURES = Path(__file__).resolve().parent / "_failures"
PLACEHOLDER = "rgba(0, 150, 60, 0.5)"

pytestmark = pytest.mark.skipif(not REF.is_dir(), reason="shared/daily-reference is not present")


def composition_for(scenario_dir: Path) -> Path:
    cid = json.loads((scenario_dir / "scenario.json").read_text())["compositionId"]
    ns, _, name = cid.partition(":")
    if ns == "example":
        return REF / "examples" / f"{name}.jsx"
    return REF / "compositions" / f"daily-{name}"


def scenarios() -> list[str]:
    return sorted(p.name for p in (REF / "scenarios").iterdir()) if REF.is_dir() else []


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    """Render each scenario once (both parametrized tests use the same files)."""
    cache: dict[str, Path] = {}

    def render(name: str) -> Path:
        if name not in cache:
            sdir = REF / "scenarios" / name
            out = tmp_path_factory.mktemp(name)
            code = vcs(["render", str(composition_for(sdir)), "--scenario", str(sdir / "vcs-scenario.js"),
                        "--out", str(out), "--assets", str(REF / "assets"),
                        "--emit", "videolayers,fgdisplaylist,graphics"])
            assert code == 0
            cache[name] = out
        return cache[name]

    return render


def golden_frames(name: str) -> list[int]:
    sdir = REF / "scenarios" / name
    return sorted(int(p.name.split("_")[1]) for p in sdir.glob("vcs-output_*_videolayers.json"))


@pytest.mark.parametrize("name", scenarios())
def test_video_layers_byte_identical(name: str, rendered) -> None:
    out = rendered(name)
    for n in golden_frames(name):
        expected = (REF / "scenarios" / name / f"vcs-output_{n}_videolayers.json").read_text()
        actual = (out / f"vcs-output_{n}_videolayers.json").read_text()
        assert actual == expected, f"{name} frame {n}"


def placeholder_mask(display_list: dict, shape: tuple[int, int]) -> np.ndarray:
    """Pixels covered by Daily's missing-image placeholder fills (with a 2 px margin)."""
    mask = np.zeros(shape, dtype=bool)
    cmds = display_list["commands"]
    for prev, cmd in zip(cmds, cmds[1:]):
        if prev == ["fillStyle", PLACEHOLDER] and cmd[0] == "fillRect":
            x, y, w, h = cmd[1]
            x0, y0 = max(0, int(x) - 2), max(0, int(y) - 2)
            mask[y0:int(y + h) + 3, x0:int(x + w) + 3] = True
    return mask


@pytest.mark.parametrize("name", scenarios())
def test_graphics_within_tolerance(name: str, rendered) -> None:
    out = rendered(name)
    failures = []
    for n in golden_frames(name):
        sdir = REF / "scenarios" / name
        expected = read_png(sdir / f"vcs-output_{n}_fgdisplaylist.canvex.linux_skia_x86_64.png")
        actual = read_png(out / f"vcs-output_{n}_graphics.png")
        golden_list = json.loads((sdir / f"vcs-output_{n}_fgdisplaylist.canvex.json").read_text())
        mask = placeholder_mask(golden_list, expected.shape[:2])
        a, e = actual.copy(), expected.copy()
        a[mask] = 0
        e[mask] = 0
        diff = compare_images(a, e)
        if not diff.within():
            path = save_diff_image(actual, expected, FAILURES / f"conformance-{name}-{n}.png")
            failures.append(f"frame {n}: {diff} (diff image: {path})")
    assert not failures, f"{name}: " + "; ".join(failures)
