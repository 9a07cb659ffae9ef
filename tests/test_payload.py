"""Recording payloads (`vcs_engine.payload`, `vcs payload`): what is sent, what is refused.

The pure function is tested against a small hand-written interface (and our baseline's where the
baseline's own rules matter); the CLI in subprocesses, as scripts and users run it: exit status,
one `error:` line per problem and nothing on stdout when anything is wrong.
"""

from __future__ import annotations

import ast
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from vcs_engine.interface import CompositionInterface
from vcs_engine.payload import (DAILY_BASELINE_IMAGES, FORMATS, TARGETS, CompositionFacts, PayloadOptions,
                                build_payload, format_payload, upload_files)
from vcs_engine.session_assets import scan_session_assets

REPO = Path(__file__).resolve().parent.parent

IFACE = CompositionInterface.from_json({"params": [
    {"id": "mode", "type": "enum", "values": ["grid", "single", "pip"], "defaultValue": "grid"},
    {"id": "show", "type": "boolean", "defaultValue": False},
    {"id": "size_gu", "type": "number", "defaultValue": 2},
    {"id": "title", "type": "text", "defaultValue": "Hello"},
    {"id": "image.assetName", "type": "text", "defaultValue": "overlay.png"},
    {"id": "toast.icon.assetName", "type": "text", "defaultValue": ""},
    {"id": "zoom", "type": "text", "defaultValue": "", "experimental": True},
    {"id": "nodefault", "type": "text"},
]})
OURS = CompositionFacts(IFACE, is_our_baseline=True, bundled_images=frozenset({"overlay.png", "user_white_64.png"}))
START = PayloadOptions()


def build(params, options=START, assets=None, composition=OURS):
    return build_payload(composition, params, options, assets)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def layout(result) -> dict:
    assert result.ok, messages(result)
    return result.options["layout"]


def png(path: Path, color=(0, 200, 255, 255)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGBA", (8, 8), color).save(path)


# ---------------------------------------------------------------------- what is sent


def test_start_payload_sends_only_non_defaults_with_the_composition_id() -> None:
    result = build({"mode": "grid", "show": True, "size_gu": 2.0, "title": "Hi"})
    assert result.options == {"type": "cloud", "layout": {
        "preset": "custom", "composition_id": "daily:baseline",
        "composition_params": {"show": True, "title": "Hi"}}}
    assert result.warnings == []


def test_json_types_follow_the_declared_types() -> None:
    params = layout(build({"size_gu": 6.0, "mode": "pip", "show": True, "title": ""}))["composition_params"]
    assert params == {"mode": "pip", "show": True, "size_gu": 6, "title": ""}
    assert isinstance(params["size_gu"], int) and params["show"] is True
    assert layout(build({"size_gu": 0.5}))["composition_params"] == {"size_gu": 0.5}


def test_params_follow_the_interface_order() -> None:
    params = layout(build({"title": "x", "show": True, "mode": "pip"}))["composition_params"]
    assert list(params) == ["mode", "show", "title"]


def test_size_goes_into_start_payloads() -> None:
    result = build({}, PayloadOptions(size=(1920, 1080)))
    assert (result.options["width"], result.options["height"]) == (1920, 1080)
    assert "width" not in build({}).options


def test_update_with_since_holds_only_changes_and_explicit_defaults() -> None:
    before = {"mode": "pip", "show": True, "title": "Old"}
    now = {"show": True, "title": "New", "size_gu": 3}  # mode went back to its default
    result = build(now, PayloadOptions(target="update-recording", since=before))
    assert result.options == {"layout": {"preset": "custom",
                                         "composition_params": {"mode": "grid", "size_gu": 3, "title": "New"}}}
    assert result.warnings == []


def test_update_payloads_never_carry_id_or_assets_and_always_a_layout(tmp_path: Path) -> None:
    png(tmp_path / "images" / "logo.png")
    assets = scan_session_assets(tmp_path)
    for target in ("update-recording", "update-live-streaming"):
        result = build({"image.assetName": "logo.png"},
                       PayloadOptions(target=target, since={"image.assetName": "logo.png"},
                                      asset_base_url="https://cdn.example.com/a/"), assets)
        assert result.options == {"layout": {"preset": "custom", "composition_params": {}}}


def test_update_without_since_warns_that_earlier_changes_stay() -> None:
    result = build({"show": True}, PayloadOptions(target="update-live-streaming"))
    assert layout(result)["composition_params"] == {"show": True}
    assert any("--since" in str(w) for w in result.warnings)


def test_going_back_to_a_missing_default_is_a_warning_not_null() -> None:
    result = build({}, PayloadOptions(target="update-recording", since={"nodefault": "x"}))
    assert layout(result)["composition_params"] == {}
    assert [w.param for w in result.warnings] == ["nodefault"]


def test_since_with_a_start_target_is_a_problem() -> None:
    assert any("update target" in m for m in messages(build({}, PayloadOptions(since={}))))


def test_experimental_params_are_sent_with_a_warning() -> None:
    result = build({"zoom": "1.5"})
    assert layout(result)["composition_params"] == {"zoom": "1.5"}
    assert [w.param for w in result.warnings] == ["zoom"]


def test_session_assets_list_named_images_and_override_code(tmp_path: Path) -> None:
    png(tmp_path / "images" / "logo.png")
    png(tmp_path / "images" / "badge.png")
    png(tmp_path / "images" / "spare.png")
    (tmp_path / "components" / "overrides").mkdir(parents=True)
    (tmp_path / "components" / "CustomOverlay.js").write_text("export default () => <Image src='badge' />;")
    (tmp_path / "components" / "overrides" / "decorateVideoGridItem.js").write_text("export default () => ({});")
    result = build({"image.assetName": "logo", "toast.icon.assetName": "overlay.png"},
                   PayloadOptions(asset_base_url="https://cdn.example.com/brand"), scan_session_assets(tmp_path))
    assert layout(result)["session_assets"] == {
        "components/CustomOverlay.js": "https://cdn.example.com/brand/components/CustomOverlay.js",
        "components/overrides/decorateVideoGridItem.js":
            "https://cdn.example.com/brand/components/overrides/decorateVideoGridItem.js",
        "images/badge.png": "https://cdn.example.com/brand/images/badge.png",
        "images/logo.png": "https://cdn.example.com/brand/images/logo.png",
    }
    assert layout(result)["composition_params"]["image.assetName"] == "logo"
    assert [w.file for w in result.warnings] == ["images/spare.png"]  # named by nothing: not sent
    files = upload_files(scan_session_assets(tmp_path), result.options)
    assert files == {key: tmp_path / key for key in layout(result)["session_assets"]}


def test_asset_urls_are_percent_encoded(tmp_path: Path) -> None:
    png(tmp_path / "images" / "my logo.png")
    result = build({"image.assetName": "my logo.png"}, PayloadOptions(asset_base_url="https://cdn.example.com/x/"),
                   scan_session_assets(tmp_path))
    assert layout(result)["session_assets"] == {"images/my logo.png": "https://cdn.example.com/x/images/my%20logo.png"}


# ---------------------------------------------------------------------- what is refused


@pytest.mark.parametrize("params,expected,param", [
    ({"tilte": "x"}, "unknown param 'tilte'; did you mean 'title'?", "tilte"),
    ({"SHOW": True}, "did you mean 'show'?", "SHOW"),
    ({"show": "true"}, "param 'show' is a boolean (true or false), not a string ('true')", "show"),
    ({"size_gu": "6"}, "param 'size_gu' is a number, not a string ('6')", "size_gu"),
    ({"size_gu": True}, "param 'size_gu' is a number, not a boolean (true)", "size_gu"),
    ({"title": 5}, "param 'title' is text (a string), not a number (5)", "title"),
    ({"mode": "gird"}, "param 'mode' must be one of grid, single, pip, not 'gird'; did you mean 'grid'?", "mode"),
    ({"mode": 1}, "param 'mode' is one of grid, single, pip (a string), not a number (1)", "mode"),
    ({"size_gu": float("nan")}, "not a finite number (NaN)", "size_gu"),
    ({"size_gu": float("inf")}, "not a finite number (Infinity)", "size_gu"),
    ({"title": [1]}, "param 'title' is text (a string), not a list", "title"),
    ({"image.assetName": "logo.png"}, "param 'image.assetName' names the image 'logo.png'", "image.assetName"),
])
def test_each_param_problem_is_one_line_naming_the_param(params, expected, param) -> None:
    result = build(params)
    assert result.options is None
    assert len(result.problems) == 1, messages(result)
    assert expected in messages(result)[0]
    assert result.problems[0].param == param
    assert "\n" not in messages(result)[0]


def test_all_problems_are_reported_at_once() -> None:
    result = build({"tilte": 1, "show": 1, "mode": "x"}, PayloadOptions(size=(1281, 721)))
    assert len(result.problems) == 4 and result.options is None


@pytest.mark.parametrize("size,expected", [((1281, 720), "even width"), ((1280, 721), "even height"),
                                           ((0, 720), "between 1 and 7,680")])
def test_size_problems(size, expected) -> None:
    assert expected in " ".join(messages(build({}, PayloadOptions(size=size))))


def test_a_non_png_session_image_is_a_problem(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8)).save(tmp_path / "logo.png", format="JPEG")  # named .png, JPEG inside
    (tmp_path / "images").mkdir()
    (tmp_path / "logo.png").rename(tmp_path / "images" / "logo.png")
    Image.new("RGB", (8, 8)).save(tmp_path / "images" / "photo.jpg")
    result = build({"image.assetName": "logo.png", "toast.icon.assetName": "photo.jpg"},
                   PayloadOptions(asset_base_url="https://cdn.example.com/"), scan_session_assets(tmp_path))
    assert sorted(p.file for p in result.problems) == ["images/logo.png", "images/photo.jpg"]
    assert all("not a PNG image" in m for m in messages(result))


@pytest.mark.parametrize("name", sorted(DAILY_BASELINE_IMAGES))
def test_a_session_image_named_like_a_bundled_one_is_a_problem(tmp_path: Path, name: str) -> None:
    png(tmp_path / "images" / name)
    composition = CompositionFacts(IFACE, is_our_baseline=True)  # the list holds even without local images
    result = build({}, PayloadOptions(asset_base_url="https://cdn.example.com/"), scan_session_assets(tmp_path),
                   composition)
    assert [p.file for p in result.problems] == [f"images/{name}"]
    assert "bundles" in messages(result)[0]


def test_an_image_no_one_has_is_a_problem_even_with_a_folder(tmp_path: Path) -> None:
    png(tmp_path / "images" / "other.png")
    result = build({"toast.icon.assetName": "logo"}, PayloadOptions(asset_base_url="https://cdn.example.com/"),
                   scan_session_assets(tmp_path))
    assert [p.param for p in result.problems] == ["toast.icon.assetName"]
    assert "'logo.png'" in messages(result)[0]  # VCS appends .png to a name without extension


def test_bundled_image_names_need_no_session_asset() -> None:
    assert build({"image.assetName": "user_white_64.png"}).ok


@pytest.mark.parametrize("url,fine", [
    ("https://cdn.example.com/brand/", True),
    ("https://203.0.113.9.nip.io/x", True),
    ("http://cdn.example.com/", False),
    ("cdn.example.com/brand", False),
    ("/srv/brand", False),
    ("https://localhost:8443/a/", False),
    ("https://assets.localhost/", False),
    ("https://127.0.0.1/", False),
    ("https://[::1]/", False),
    ("https://10.1.2.3/", False),
    ("https://192.168.0.10/", False),
    ("https://169.254.1.1/", False),
    ("https://0.0.0.0/", False),
    ("https://fileserver/", False),
    ("https://nas.local/", False),
    ("https://cdn.example.com/a?x=1", False),
])
def test_base_url_must_be_public_https(tmp_path: Path, url: str, fine: bool) -> None:
    png(tmp_path / "images" / "logo.png")
    result = build({"image.assetName": "logo.png"}, PayloadOptions(asset_base_url=url), scan_session_assets(tmp_path))
    assert result.ok is fine, messages(result)
    if not fine:
        assert [p.file for p in result.problems] == ["--asset-base-url"]


def test_assets_to_send_need_a_base_url(tmp_path: Path) -> None:
    png(tmp_path / "images" / "logo.png")
    result = build({"image.assetName": "logo.png"}, START, scan_session_assets(tmp_path))
    assert [p.file for p in result.problems] == ["--asset-base-url"]


def test_misplaced_code_in_the_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "helper.js").write_text("export const x = 1;")
    result = build({}, START, scan_session_assets(tmp_path))
    assert [p.file for p in result.problems] == ["lib/helper.js"]


def test_another_composition_needs_an_id_and_gets_a_warning() -> None:
    other = CompositionFacts(IFACE, is_our_baseline=False, name="my comp")
    assert any("--composition-id is needed" in m for m in messages(build({}, START, composition=other)))
    result = build({}, PayloadOptions(composition_id="daily:baseline"), composition=other)
    assert layout(result)["composition_id"] == "daily:baseline"
    assert any("not our baseline" in str(w) for w in result.warnings)


def test_a_malformed_composition_id_is_a_problem() -> None:
    assert [p.file for p in build({}, PayloadOptions(composition_id="daily baseline")).problems] == ["--composition-id"]


def test_a_payload_given_as_since_is_named() -> None:
    result = build({}, PayloadOptions(target="update-recording", since={"layout": {}}, since_label="prev.json"))
    assert "looks like a payload" in messages(result)[0]


# ---------------------------------------------------------------------- formats


OPTIONS = {"type": "cloud", "width": 1280, "height": 720, "layout": {
    "preset": "custom", "composition_id": "daily:baseline",
    "composition_params": {"show": True, "title": "Ann's \"show\" $HOME `x` \\ ünï", "size_gu": 2.5},
    "session_assets": {"images/a.png": "https://cdn.example.com/images/a.png"}}}


@pytest.mark.parametrize("target", TARGETS)
def test_json_format_parses_back(target: str) -> None:
    assert json.loads(format_payload(OPTIONS, target, "json")) == OPTIONS


@pytest.mark.parametrize("target", TARGETS)
def test_daily_python_format_is_python_holding_the_payload(target: str) -> None:
    text = format_payload(OPTIONS, target, "daily-python")
    tree = ast.parse(text)
    assign = tree.body[0]
    settings = ast.literal_eval(assign.value)
    assert settings["layout"] == OPTIONS["layout"]
    assert settings["video"] == {"width": 1280, "height": 720}
    call = tree.body[1].value
    assert call.func.value.id == "client"
    assert call.func.attr == {"start-recording": "start_recording", "update-recording": "update_recording",
                              "start-live-streaming": "start_live_stream_with_rtmp_urls",
                              "update-live-streaming": "update_live_stream"}[target]


@pytest.mark.parametrize("target", TARGETS)
def test_daily_js_format_holds_the_payload_as_an_object_literal(target: str) -> None:
    text = format_payload(OPTIONS, target, "daily-js")
    head, _, rest = text.partition("const options = ")
    literal, _, call = rest.rpartition(";\nawait call.")
    assert json.loads(literal) == OPTIONS  # JSON is a JS object literal
    method = {"start-recording": "startRecording", "update-recording": "updateRecording",
              "start-live-streaming": "startLiveStreaming", "update-live-streaming": "updateLiveStreaming"}[target]
    assert call.startswith(method + "(") and call.endswith(");")


@pytest.mark.parametrize("target", TARGETS)
def test_curl_format_posts_the_payload_to_the_rest_endpoint(target: str) -> None:
    words = shlex.split(format_payload(OPTIONS, target, "curl"))
    assert words[:3] == ["curl", "-X", "POST"]
    endpoint = {"start-recording": "recordings/start", "update-recording": "recordings/update",
                "start-live-streaming": "live-streaming/start", "update-live-streaming": "live-streaming/update"}[target]
    assert words[3] == f"https://api.daily.co/v1/rooms/$ROOM/{endpoint}"
    assert "Authorization: Bearer $DAILY_API_KEY" in words
    body = json.loads(words[words.index("--data") + 1])
    if target == "start-live-streaming":
        assert body.pop("rtmpUrl") == "$RTMP_URL"
    assert body == OPTIONS


def test_curl_body_is_not_expanded_by_the_shell() -> None:
    """The body goes through a real shell unchanged (only $RTMP_URL, outside the quotes, is)."""
    command = format_payload(OPTIONS, "start-live-streaming", "curl").replace("curl ", "printf '%s' ", 1)
    command = command.replace('-X POST "https://api.daily.co/v1/rooms/$ROOM/live-streaming/start" \\\n', "")
    command = command.replace('  -H "Authorization: Bearer $DAILY_API_KEY" \\\n  -H "Content-Type: application/json" \\\n', "")
    command = command.replace("  --data ", "")
    out = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=True,
                         env={"RTMP_URL": "rtmps://live.example.com/app/key", "HOME": "/nowhere", "PATH": os.environ["PATH"]})
    body = json.loads(out.stdout)
    assert body.pop("rtmpUrl") == "rtmps://live.example.com/app/key"
    assert body == OPTIONS


def test_every_format_is_known() -> None:
    assert FORMATS == ("json", "daily-js", "daily-python", "curl")
    with pytest.raises(ValueError):
        format_payload(OPTIONS, "start-recording", "xml")


# ---------------------------------------------------------------------- the CLI


def run_vcs(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "vcs_engine", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60, check=False)


def errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("error: ")]


@pytest.fixture
def session(tmp_path: Path) -> Path:
    folder = tmp_path / "session"
    png(folder / "images" / "studio-logo.png")
    (folder / "components").mkdir()
    (folder / "components" / "CustomOverlay.js").write_text(
        "import * as React from 'react';\nimport { Box } from '#vcs-react/components';\n"
        "export default function CustomOverlay() { return <Box style={{ fillColor: 'red' }} />; }\n")
    return folder


def test_cli_prints_the_payload_of_recording_export_example(tmp_path: Path, session: Path) -> None:
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"mode": "grid", "videoSettings.showParticipantLabels": True,
                                  "showImageOverlay": True, "image.assetName": "studio-logo.png",
                                  "image.position": "top-right", "image.height_gu": 6}))
    done = run_vcs("payload", "daily:baseline", "--params", params, "--session-assets", session,
                   "--asset-base-url", "https://cdn.example.com/brand/", "--size", "1280x720", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert errors(done.stderr) == []
    options = json.loads(done.stdout)
    # mode "grid" and image.position "top-right" are the defaults: not sent.
    assert options == {"type": "cloud", "width": 1280, "height": 720, "layout": {
        "preset": "custom", "composition_id": "daily:baseline",
        "composition_params": {"showImageOverlay": True, "videoSettings.showParticipantLabels": True,
                               "image.assetName": "studio-logo.png", "image.height_gu": 6},
        "session_assets": {
            "components/CustomOverlay.js": "https://cdn.example.com/brand/components/CustomOverlay.js",
            "images/studio-logo.png": "https://cdn.example.com/brand/images/studio-logo.png"}}}


def test_cli_problems_exit_1_with_nothing_on_stdout(tmp_path: Path, session: Path) -> None:
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"mode": "gird", "videoSettings.showParticipantLabel": True,
                                  "image.height_gu": "6", "image.assetName": "missing.png"}))
    png(session / "images" / "overlay.png")
    done = run_vcs("payload", "daily:baseline", "--params", params, "--session-assets", session,
                   "--asset-base-url", "http://localhost:8000/", "--size", "1281x720", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = errors(done.stderr)
    assert len(lines) == 7, done.stderr
    joined = "\n".join(lines)
    for expected in ("'mode' must be one of", "did you mean 'videoSettings.showParticipantLabels'",
                     "'image.height_gu' is a number", "'missing.png'", "images/overlay.png", "even width",
                     "--asset-base-url http://localhost:8000/"):
        assert expected in joined


def test_cli_update_since_a_previous_param_set(tmp_path: Path) -> None:
    (tmp_path / "before.json").write_text(json.dumps({"mode": "pip", "showBannerOverlay": True}))
    (tmp_path / "now.json").write_text(json.dumps({"showBannerOverlay": True, "banner.title": "Live"}))
    done = run_vcs("payload", "daily:baseline", "--params", "now.json", "--since", "before.json",
                   "--format", "curl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    words = shlex.split(done.stdout)
    assert words[3].endswith("/recordings/update")
    assert json.loads(words[-1]) == {"layout": {"preset": "custom",
                                                "composition_params": {"mode": "grid", "banner.title": "Live"}}}


def test_cli_bad_files_are_problems_too(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text("{ not json")
    done = run_vcs("payload", "daily:baseline", "--params", "p.json", "--session-assets", "nowhere", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert len(errors(done.stderr)) == 2
    assert "p.json:1:3: not valid JSON" in done.stderr and "session assets folder not found: nowhere" in done.stderr


def test_cli_warnings_keep_exit_0(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(json.dumps({"videoSettings.zoomFactorsList": "1.5"}))
    done = run_vcs("payload", "daily:baseline", "--params", "p.json", cwd=tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)
    assert "WARNING: param 'videoSettings.zoomFactorsList' is experimental" in done.stderr


def test_cli_another_composition(tmp_path: Path) -> None:
    comp = tmp_path / "comp.jsx"
    comp.write_text("export const compositionInterface = { params: [{ id: 'n', type: 'number', defaultValue: 1 }] };\n"
                    "export default function C() { return null; }\n")
    (tmp_path / "p.json").write_text('{"n": 2}')
    refused = run_vcs("payload", comp, "--params", "p.json", cwd=tmp_path)
    assert refused.returncode == 1 and refused.stdout == "" and "--composition-id is needed" in refused.stderr
    done = run_vcs("payload", comp, "--params", "p.json", "--composition-id", "daily:custom", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["layout"]["composition_params"] == {"n": 2}
    assert "not our baseline" in done.stderr


def test_cli_broken_override_code_is_an_error(tmp_path: Path, session: Path) -> None:
    (session / "components" / "CustomOverlay.js").write_text("export default function (\n")
    done = run_vcs("payload", "daily:baseline", "--session-assets", session, cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert "CustomOverlay.js:" in errors(done.stderr)[0]


def test_cli_hostile_composition_is_stopped_in_the_engine_process(tmp_path: Path) -> None:
    comp = tmp_path / "loop.jsx"
    comp.write_text("export const compositionInterface = { params: [] };\n"
                    "export default function C() { while (true) {} }\n")
    env = dict(os.environ, PYTHONPATH=str(REPO), VCS_TIME_LIMIT_S="1")
    done = subprocess.run([sys.executable, "-m", "vcs_engine", "payload", str(comp), "--composition-id", "daily:x"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=30, check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert len(errors(done.stderr)) == 1 and "loop.jsx:2" in errors(done.stderr)[0]
