"""Session assets applied as Daily's servers apply them (`--session-assets`, `Host(session_assets=)`).

Code files in the folder's root, `components/` and `components/overrides/` replace the
composition's files of the same path; code anywhere else is refused; `images/` adds images, but
a name the composition bundles keeps the bundled file. The folder is an allowed root for those
files only: links leading out of it are never read.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_composition
from PIL import Image

from vcs_engine.errors import CompositionError, InputError
from vcs_engine.host import Host
from vcs_engine.session_assets import MAX_SESSION_FILES, scan_session_assets
from vcs_engine.supervisor import SupervisedHost
from vcs_engine.transform import TransformCache, TransformError, load_composition_modules

REPO = Path(__file__).resolve().parent.parent

COMPOSITION = """
    import Banner from './components/Banner.js';
    import label from './label.js';
    export const compositionInterface = { params: [] };
    export default function C() {
      return <Box><Banner /><Text>{label()}</Text><Image src="logo.png" /><Image src="own.png" /></Box>;
    }
"""
FILES = {
    "components/Banner.js": """
        import * as React from 'react';
        import { Text } from '#vcs-react/components';
        export default function Banner() { return <Text>composition banner</Text>; }
    """,
    "label.js": "export default function label() { return 'composition label'; }\n",
}


def texts_of(out) -> list[str]:
    return [c[1][0] for c in out.flattened["commands"] if c[0] == "fillText"]


def images_of(out) -> list[dict]:
    return [c[1][0] for c in out.flattened["commands"] if c[0] == "drawImage"]


def png(path: Path, color=(255, 0, 0, 255), size=(4, 4)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGBA", size, color).save(path)


@pytest.fixture
def composition(tmp_path: Path) -> Path:
    folder = write_composition(tmp_path / "comp", COMPOSITION, FILES)
    png(folder / "images" / "own.png", (0, 255, 0, 255))
    return folder


@pytest.fixture
def session(tmp_path: Path) -> Path:
    folder = tmp_path / "session"
    (folder / "components").mkdir(parents=True)
    (folder / "components" / "Banner.js").write_text(
        "import * as React from 'react';\nimport { Text } from '#vcs-react/components';\n"
        "import extra from './extra.js';\nimport label from '../label.js';\n"
        "export default function Banner() { return <Text>{'session banner, ' + extra + ', ' + label()}</Text>; }\n")
    (folder / "components" / "extra.js").write_text("export default 'added by the session';\n")
    png(folder / "images" / "logo.png", (0, 0, 255, 255))
    return folder


# ---------------------------------------------------------------------- the scan


def test_scan_sorts_files_by_the_role_daily_gives_them(tmp_path: Path) -> None:
    for key in ("index.jsx", "components/A.js", "components/overrides/decorateVideoGridItem.js",
                "lib/helper.js", "components/deep/B.jsx", "images/sub/x.png", "notes.txt", ".hidden.js"):
        (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / key).write_text("x")
    png(tmp_path / "images" / "a.png")
    (tmp_path / "images" / "a.png.json").write_text('{"width": 4, "height": 4}')
    Image.new("RGB", (4, 4)).save(tmp_path / "images" / "b.jpg")
    assets = scan_session_assets(tmp_path)
    assert sorted(assets.code) == ["components/A.js", "components/overrides/decorateVideoGridItem.js", "index.jsx"]
    assert assets.misplaced_code == ("components/deep/B.jsx", "lib/helper.js")
    assert sorted(assets.images) == ["a.png", "b.jpg"] and assets.not_png == {"b.jpg"}
    assert assets.ignored == ("images/sub/x.png", "notes.txt")


def test_scan_never_follows_links_out_of_the_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.js"
    secret.write_text("export default 'secret';")
    folder = tmp_path / "session"
    (folder / "components").mkdir(parents=True)
    (folder / "components" / "Banner.js").symlink_to(secret)
    (folder / "images").mkdir()
    (folder / "images" / "x.png").symlink_to(secret)
    assets = scan_session_assets(folder)
    assert assets.code == {} and assets.images == {}
    assert assets.outside == ("components/Banner.js", "images/x.png")
    assert assets.refused_code == ("components/Banner.js",)


def test_scan_refuses_a_huge_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vcs_engine.session_assets.MAX_SESSION_FILES", 5)
    for i in range(6):
        (tmp_path / f"f{i}.txt").write_text("")
    with pytest.raises(InputError, match="more than 5 files"):
        scan_session_assets(tmp_path)
    assert MAX_SESSION_FILES == 10_000


def test_scan_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="session assets folder not found"):
        scan_session_assets(tmp_path / "nowhere")


# ---------------------------------------------------------------------- code overrides


def test_override_replaces_the_file_of_the_same_path_and_resolves_in_the_composition(
        composition: Path, session: Path) -> None:
    bundle = load_composition_modules(composition, TransformCache(), overrides=scan_session_assets(session))
    by_id = {m.id: m.path for m in bundle.modules}
    assert by_id["components/Banner.js"] == (session / "components" / "Banner.js").resolve()
    assert by_id["components/extra.js"] == (session / "components" / "extra.js").resolve()
    assert by_id["label.js"] == (composition / "label.js").resolve()  # '../label.js' from the override


def test_host_renders_the_overrides_and_drops_them_when_unset(composition: Path, session: Path) -> None:
    host = Host.load(composition, session_assets=session)
    assert texts_of(host.render(0))[0] == "session banner, added by the session, composition label"
    host.set_session_assets(None)
    host.reload()
    assert texts_of(host.render(1))[0] == "composition banner"
    host.set_session_assets(session)
    host.reload()
    assert texts_of(host.render(2))[0].startswith("session banner")


def test_the_entry_file_can_be_replaced(composition: Path, session: Path) -> None:
    (session / "index.jsx").write_text("import * as React from 'react';\nimport { Text } from '#vcs-react/components';\n"
                                       "export default function C() { return <Text>session entry</Text>; }\n")
    assert texts_of(Host.load(composition, session_assets=session).render(0)) == ["session entry"]


def test_misplaced_code_is_refused_naming_the_file(composition: Path, session: Path) -> None:
    (session / "lib").mkdir()
    (session / "lib" / "Banner.js").write_text("export default 1;")
    with pytest.raises(TransformError, match=r"lib/Banner.js: code files of session assets are taken only from"):
        load_composition_modules(composition, TransformCache(), overrides=scan_session_assets(session))
    with pytest.raises(CompositionError, match="lib/Banner.js"):
        Host.load(composition, session_assets=session)


def test_an_override_linking_out_of_the_folder_is_never_read(composition: Path, session: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.js"
    secret.write_text("export default function Banner() { return 'SECRET CONTENT'; }")
    (session / "components" / "Banner.js").unlink()
    (session / "components" / "Banner.js").symlink_to(secret)
    with pytest.raises(CompositionError) as refused:
        Host.load(composition, session_assets=session)
    assert "leads outside the session assets folder" in str(refused.value)
    assert "SECRET" not in str(refused.value) and str(secret) not in str(refused.value)


def test_a_missing_folder_is_an_input_error(composition: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="session assets folder not found"):
        Host(session_assets=tmp_path / "nowhere")


# ---------------------------------------------------------------------- images


def test_session_images_are_added_but_bundled_names_keep_the_bundled_file(
        composition: Path, session: Path, caplog: pytest.LogCaptureFixture) -> None:
    png(session / "images" / "own.png", (255, 255, 0, 255))
    with caplog.at_level(logging.WARNING):
        host = Host.load(composition, session_assets=session)
    assert host.images["logo.png"]["type"] == "defaultAsset"
    assert host.images["own.png"]["type"] == "compositionAsset"
    assert any("images/own.png" in r.getMessage() and "wins" in r.getMessage() for r in caplog.records)
    assert host.image_dirs[0] == session / "images"
    from vcs_engine.authoring import asset_resolver
    from vcs_engine.render.canvex import AssetRef

    resolver = asset_resolver(host)
    assert resolver.path(AssetRef("defaultAsset", "logo.png")) == session / "images" / "logo.png"
    assert resolver.path(AssetRef("compositionAsset", "own.png")) == composition / "images" / "own.png"
    assert {i["id"] for i in images_of(host.render(0))} == {"logo.png", "own.png"}


def test_a_non_png_session_image_is_used_with_a_warning(composition: Path, session: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    Image.new("RGB", (4, 4)).save(session / "images" / "photo.jpg")
    with caplog.at_level(logging.WARNING):
        host = Host.load(composition, session_assets=session)
    assert "photo.jpg" in host.images
    assert any("photo.jpg is not a PNG" in r.getMessage() for r in caplog.records)


# ---------------------------------------------------------------------- supervised engine and CLI


def test_supervised_host_takes_the_folder_to_every_new_engine(composition: Path, session: Path) -> None:
    with SupervisedHost(session_assets=session, spare=True) as host:
        host.open(composition)
        assert texts_of(host.render(0))[0].startswith("session banner")
        host.set_session_assets(None)
        host.reload()
        assert texts_of(host.render(1))[0] == "composition banner"
        os.kill(host._engine._process.pid, 9)  # a crash: the spare takes over at the next change
        with pytest.raises(CompositionError, match="crashed"):
            host.render(2)
        host.set_session_assets(session)
        host.set_params({})  # the replay opens the composition with the folder set now
        assert texts_of(host.render(2))[0].startswith("session banner")
        assert host.image_dirs == [session.absolute() / "images"]


def run_vcs(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "vcs_engine", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120, check=False)


def test_render_and_export_take_session_assets(composition: Path, session: Path, tmp_path: Path) -> None:
    done = run_vcs("render", composition, "--session-assets", session, "--out", "out", "--size", "64x36",
                   "--emit", "fgdisplaylist", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    commands = json.loads((tmp_path / "out" / "vcs-output_0_fgdisplaylist.json").read_text())["commands"]
    assert any(c[0] == "fillText" and c[1][0].startswith("session banner") for c in commands)
    done = run_vcs("export", composition, "--session-assets", session, "--out", "out.mp4", "--size", "64x36",
                   "--seconds", "0.1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_cli_refusals_are_one_error_line(composition: Path, session: Path, tmp_path: Path) -> None:
    missing = run_vcs("render", composition, "--session-assets", "nowhere", "--out", "out", cwd=tmp_path)
    (session / "components" / "overrides" / "deeper").mkdir(parents=True)
    (session / "components" / "overrides" / "deeper" / "x.js").write_text("export default 1;")
    misplaced = run_vcs("export", composition, "--session-assets", session, "--out", "o.mp4", "--size", "64x36",
                        "--seconds", "0.1", cwd=tmp_path)
    for done, expected in ((missing, "session assets folder not found: nowhere"),
                           (misplaced, "components/overrides/deeper/x.js: code files of session assets")):
        assert done.returncode == 1
        lines = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
        assert len(lines) == 1 and expected in lines[0], done.stderr
    assert not (tmp_path / "o.mp4").exists()
