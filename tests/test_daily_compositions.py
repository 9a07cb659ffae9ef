"""Every composition Daily published runs unmodified: loads, exposes its params, renders 1–16
participants in each of its modes, and with every boolean param flipped, without errors.

Inputs are read from ../shared/daily-reference (skipped when absent; never copied).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vcs_engine.host import Host

REF = Path(__file__).resolve().parents[2] / "shared" / "daily-reference"
COMPOSITIONS = sorted(
    [p for p in (REF / "compositions").iterdir() if p.is_dir()] + sorted((REF / "examples").glob("*.jsx"))
) if REF.is_dir() else []

pytestmark = pytest.mark.skipif(not REF.is_dir(), reason="shared/daily-reference is not present")


def participants(n: int) -> list[dict]:
    return [{"id": i, "displayName": f"Guest {i + 1}", "dominant": i == 1} for i in range(n)]


@pytest.fixture(scope="module", params=COMPOSITIONS, ids=lambda p: p.stem)
def host(request: pytest.FixtureRequest) -> Host:
    return Host.load(request.param)


def test_exposes_params(host: Host) -> None:
    ids = [p.id for p in host.interface.params]
    if not host.interface.raw.get("params"):
        pytest.skip("declares no params")
    assert len(ids) == len(set(ids)), "param ids are unique"
    # (Daily's own data is not always consistent: the baseline's `text.fontStyle` enum has the
    # default '' outside its values. Hosts must take such defaults as they are.)
    assert ids, "a composition with an interface declares params"
    for p in host.interface.params:
        assert p.type in ("boolean", "number", "text", "enum"), p


def test_renders_every_mode_and_participant_count(host: Host) -> None:
    mode = host.interface.param("mode")
    modes = mode.values if mode is not None else (None,)
    frame = 0
    for m in modes:
        if m is not None:
            host.set_params({"mode": m})
        for n in range(1, 17):
            host.set_inputs(participants(n))
            frame += 1
            out = host.render(frame)
            # Every video layer shows one of the inputs, at a sane size.
            for layer in out.video_layers:
                assert layer["id"] in range(n), (m, n, layer)
                assert layer["frame"]["w"] >= 0 and layer["frame"]["h"] >= 0
            assert out.flattened["width"] == 1280 and out.flattened["height"] == 720


def test_grid_shows_everyone(host: Host) -> None:
    if host.interface.param("mode") is None or "grid" not in host.interface.param("mode").values:
        pytest.skip("no grid mode")
    host.set_params({"mode": "grid"})
    for n in (1, 4, 9, 16):
        host.set_inputs(participants(n))
        ids = sorted(layer["id"] for layer in host.render(100 + n).video_layers)
        assert ids == list(range(n))


def test_every_boolean_param_toggles_without_error(host: Host) -> None:
    host.set_inputs(participants(4))
    frame = 200
    for p in host.interface.params:
        if p.type != "boolean":
            continue
        for value in (not p.default, p.default):
            host.set_params({p.id: value})
            frame += 1
            host.render(frame)
