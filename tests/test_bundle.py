"""Composition bundles (vcs_engine/bundle.py, `vcs bundle`): same frames as the source, damage refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import make_png, texts, write_composition
from test_cli_errors import assert_refused, run_vcs

from vcs_engine.authoring import asset_resolver
from vcs_engine.bundle import BundleError, open_bundle
from vcs_engine.cli import main as vcs
from vcs_engine.errors import CompositionError
from vcs_engine.host import Host, resolve_composition
from vcs_engine.render import render_display_list

# A composition with a helper module, its own image and a session image (named by a param).
COMP = """
    import { label } from './helpers/label.js';
    export const compositionInterface = {
      name: 'Bundled', params: [{ id: 'img', type: 'text', defaultValue: 'session_logo.png' }],
    };
    export default function C() {
      const p = hooks.useParams();
      return (
        <Box>
          <Image src="own.png" style={{ w: 40, h: 40 }} />
          <Image src={p.img} layout={[layouts.pad, { top: 50 }]} style={{ w: 30, h: 30 }} />
          <Text layout={[layouts.pad, { top: 100 }]}>{label()}</Text>
        </Box>
      );
    }
"""
HELPER = "export function label() { return 'from the helper'; }\n"
OVERRIDE = "export function label() { return 'from the session'; }\n"


@pytest.fixture(autouse=True)
def bundle_cache(tmp_path, monkeypatch) -> Path:
    """Each test unpacks into its own cache folder (never the user's)."""
    cache = tmp_path / "bundle-cache"
    monkeypatch.setenv("VCS_BUNDLE_CACHE", str(cache))
    return cache


@pytest.fixture
def comp(tmp_path) -> Path:
    folder = write_composition(tmp_path / "comp", COMP, {"helpers/label.js": HELPER})
    (folder / "images").mkdir()
    make_png(folder / "images" / "own.png", 8, 8)
    return folder


@pytest.fixture
def session(tmp_path) -> Path:
    folder = tmp_path / "session"
    (folder / "images").mkdir(parents=True)
    (folder / "components").mkdir()
    make_png(folder / "images" / "session_logo.png", 6, 4)
    return folder


def bundle(composition: Path | str, out: Path, *extra: str) -> Path:
    assert vcs(["bundle", str(composition), "--out", str(out), *extra]) == 0
    return out


def frames(composition: Path | str, count: int = 3, **kwargs) -> list[tuple[str, str, bytes]]:
    """Video layers, display list and drawn graphics of the first frames."""
    host = Host.load(composition, **kwargs)
    assets = asset_resolver(host)
    result = []
    for n in range(count):
        out = host.render(n)
        pixels = render_display_list(out.flattened, out.width, out.height, assets)
        result.append((out.video_layers_json, out.flattened_json, pixels.tobytes()))
    return result


def test_bundle_holds_modules_interface_images_and_checksums(comp, tmp_path):
    path = bundle(comp, tmp_path / "c.vcsbundle")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
        interface = json.loads(z.read("interface.json"))
    assert {"modules/index.jsx", "modules/helpers/label.js", "interface.json", "images/own.png"} <= names
    assert manifest["formatVersion"] == 1 and manifest["engineVersion"]
    assert manifest["entry"] == "index.jsx"
    assert [m["id"] for m in manifest["modules"]] == ["helpers/label.js", "index.jsx"]  # load order
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert interface["name"] == "Bundled" and interface["params"][0]["id"] == "img"


def test_info_of_a_bundle_reads_its_interface(comp, tmp_path, capsys):
    path = bundle(comp, tmp_path / "c.vcsbundle")
    capsys.readouterr()
    assert vcs(["info", str(comp)]) == 0
    source = capsys.readouterr().out
    assert vcs(["info", str(path)]) == 0
    bundled = capsys.readouterr().out
    assert "c.vcsbundle — 1 params" in bundled and "│ img " in bundled
    assert bundled[bundled.index("┏"):] == source[source.index("┏"):]  # the same table below the title


def test_bundle_renders_the_same_frames_as_its_source(comp, session, tmp_path):
    (session / "components" / "overrides").mkdir()
    # An override of the helper (a root-level code file replaces the composition's file of that path).
    (session / "helpers").mkdir()
    path = bundle(comp, tmp_path / "c.vcsbundle", "--session-assets", str(session))
    source = frames(comp, session_assets=session)
    bundled = frames(path)
    assert bundled == source
    assert "from the helper" in texts(json.loads(source[0][1]))
    # Both images are in the table (so drawn): the composition's own and the session's.
    images = Host.load(path).images
    assert images["own.png"]["type"] == "compositionAsset" and images["session_logo.png"]["width"] == 6


def test_bundled_session_code_overrides_are_applied(comp, session, tmp_path):
    (session / "components" / "label.js").write_text(OVERRIDE, encoding="utf-8")
    comp_with_component = write_composition(
        tmp_path / "comp2", COMP.replace("./helpers/label.js", "./components/label.js"),
        {"components/label.js": HELPER})
    path = bundle(comp_with_component, tmp_path / "c.vcsbundle", "--session-assets", str(session))
    out = Host.load(path).render(0)
    assert "from the session" in texts(out)
    assert frames(path, 1) == frames(comp_with_component, 1, session_assets=session)


def test_baseline_bundle_renders_the_same_frames(tmp_path, capsys):
    path = bundle("daily:baseline", tmp_path / "baseline.vcsbundle")
    capsys.readouterr()
    assert vcs(["payload", str(path)]) == 0  # still known as Daily's baseline
    assert json.loads(capsys.readouterr().out)["layout"]["composition_id"] == "daily:baseline"
    host_a, host_b = Host.load("daily:baseline"), Host.load(path)
    assert host_b.interface.params == host_a.interface.params
    assert host_b.images == host_a.images
    for host in (host_a, host_b):
        host.set_inputs([True, True, True])
        host.set_params({"mode": "grid", "showImageOverlay": True, "image.assetName": "overlay.png",
                         "videoSettings.showParticipantLabels": True})
    for n in (0, 10, 20):
        a, b = host_a.render(n), host_b.render(n)
        assert (a.video_layers_json, a.flattened_json) == (b.video_layers_json, b.flattened_json)
    pixels_a = render_display_list(a.flattened, 1280, 720, asset_resolver(host_a))
    pixels_b = render_display_list(b.flattened, 1280, 720, asset_resolver(host_b))
    assert np.array_equal(pixels_a, pixels_b)


def rewrite(path: Path, out: Path, change) -> Path:
    """A copy of the bundle with `change(name, data) -> data | None` applied (None drops it)."""
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(out, "w") as w:
        for name in z.namelist():
            data = change(name, z.read(name))
            if data is not None:
                w.writestr(name, data)
    return out


@pytest.mark.parametrize("change, needle", [
    (lambda n, d: d + b"\n// edited" if n == "modules/index.jsx" else d, "modules/index.jsx does not match its checksum"),
    (lambda n, d: None if n == "images/own.png" else d, "images/own.png is missing"),
    (lambda n, d: None if n == "manifest.json" else d, "has no manifest.json"),
    (lambda n, d: (json.dumps({**json.loads(d), "formatVersion": 99}).encode() if n == "manifest.json" else d),
     "bundle format 99"),
])
def test_changed_bundle_is_refused(comp, tmp_path, change, needle):
    good = bundle(comp, tmp_path / "c.vcsbundle")
    bad = rewrite(good, tmp_path / "bad.vcsbundle", change)
    with pytest.raises(BundleError, match=needle):
        open_bundle(bad)
    with pytest.raises(CompositionError, match=needle):
        Host.load(bad)


def test_extra_file_is_refused(comp, tmp_path):
    good = bundle(comp, tmp_path / "c.vcsbundle")
    bad = tmp_path / "bad.vcsbundle"
    bad.write_bytes(good.read_bytes())
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr("modules/evil.js", "x")
    with pytest.raises(BundleError, match="modules/evil.js is not in its manifest"):
        open_bundle(bad)


def test_truncated_and_tampered_bundles_give_one_line(comp, tmp_path):
    good = bundle(comp, tmp_path / "c.vcsbundle")
    truncated = tmp_path / "cut.vcsbundle"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    proc = run_vcs("render", truncated, "--out", tmp_path / "r", cwd=tmp_path)
    assert_refused(proc, str(truncated), "not a complete bundle", "vcs bundle")
    tampered = rewrite(good, tmp_path / "t.vcsbundle",
                       lambda n, d: d.replace(b"from the helper", b"from elsewhere"))
    for command in (["info", tampered], ["render", tampered, "--out", tmp_path / "r"],
                    ["payload", tampered]):
        assert_refused(run_vcs(*command, cwd=tmp_path), "modules/helpers/label.js does not match its checksum")
    assert not (tmp_path / "r").exists()


def test_a_bundle_takes_no_override_code_and_is_not_bundled_again(comp, session, tmp_path, capsys):
    path = bundle(comp, tmp_path / "c.vcsbundle")
    (session / "index.jsx").write_text("export default function X() { return null; }\n", encoding="utf-8")
    with pytest.raises(CompositionError, match="holds its session's code already"):
        Host.load(path, session_assets=session)
    assert vcs(["bundle", str(path), "--out", str(tmp_path / "again.vcsbundle")]) == 1
    assert "is a bundle already" in capsys.readouterr().err
    assert not (tmp_path / "again.vcsbundle").exists()


def test_failed_bundle_keeps_the_existing_file(tmp_path, capsys):
    broken = write_composition(tmp_path / "broken", "export default function C() { return <Box>; }")
    out = tmp_path / "c.vcsbundle"
    out.write_bytes(b"previous")
    assert vcs(["bundle", str(broken), "--out", str(out)]) == 1
    assert "index.jsx:" in capsys.readouterr().err
    assert out.read_bytes() == b"previous"


def test_unpacked_once_per_content(comp, tmp_path, bundle_cache):
    path = bundle(comp, tmp_path / "c.vcsbundle")
    first = open_bundle(path)
    assert open_bundle(path).folder == first.folder
    (comp / "helpers" / "label.js").write_text(OVERRIDE, encoding="utf-8")
    bundle(comp, path)
    second = open_bundle(path)
    assert second.folder != first.folder and second.folder.parent == bundle_cache
    assert "from the session" in texts(Host.load(path).render(0))
    assert resolve_composition(path) == path.resolve()
