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


def composition_id(scenario_dir: Path) -> str:
    return json.loads((scenario_dir / "scenario.json").read_text())["compositionId"]


def composition_for(scenario_dir: Path) -> Path:
    """Daily's own composition for a scenario (testing the engine)."""
    ns, _, name = composition_id(scenario_dir).partition(":")
    if ns == "example":
        return REF / "examples" / f"{name}.jsx"
    return REF / "compositions" / f"daily-{name}"


def scenarios() -> list[str]:
    """`NAME` runs Daily's composition; `NAME@ours` runs our own (`daily:baseline` is ours)."""
    if not REF.is_dir():
        return []
    names = sorted(p.name for p in (REF / "scenarios").iterdir())
    ours = [f"{n}@ours" for n in names if composition_id(REF / "scenarios" / n).startswith("daily:")]
    return names + ours


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    """Render each scenario once (both parametrized tests use the same files)."""
    cache: dict[str, Path] = {}

    def render(case: str) -> Path:
        if case not in cache:
            name, _, variant = case.partition("@")
            sdir = REF / "scenarios" / name
            comp = composition_id(sdir) if variant == "ours" else str(composition_for(sdir))
            out = tmp_path_factory.mktemp(name)
            code = vcs(["render", comp, "--scenario", str(sdir / "vcs-scenario.js"),
                        "--out", str(out), "--assets", str(REF / "assets"),
                        "--emit", "videolayers,fgdisplaylist,graphics"])
            assert code == 0
            cache[case] = out
        return cache[case]

    return render


def golden_frames(name: str) -> list[int]:
    sdir = REF / "scenarios" / name
    return sorted(int(p.name.split("_")[1]) for p in sdir.glob("vcs-output_*_videolayers.json"))


@pytest.mark.parametrize("case", scenarios())
def test_video_layers_byte_identical(case: str, rendered) -> None:
    out = rendered(case)
    name = case.partition("@")[0]
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


@pytest.mark.parametrize("case", scenarios())
def test_graphics_within_tolerance(case: str, rendered) -> None:
    out = rendered(case)
    name = case.partition("@")[0]
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
            path = save_diff_image(actual, expected, FAILURES / f"conformance-{case}-{n}.png")
            failures.append(f"frame {n}: {diff} (diff image: {path})")
    assert not failures, f"{case}: " + "; ".join(failures)
