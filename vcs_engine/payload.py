"""Recording and live-streaming payloads for Daily, checked before they leave.

Daily's servers take a composition as a `layout` inside the options of a recording or live
stream (recording-export.md §1–2). Nothing there is checked before the server runs it, and a
layout the server dislikes is dropped silently: the recording then shows Daily's default grid.
So this module builds the payload and validates *everything* it can know locally: param ids,
types and enum values against the composition's interface, the size, the session assets and
the URL they will be fetched from.

Pure functions, no I/O: the CLI (`vcs payload`) and the studio's payload dock call
`build_payload` with what they already hold (the interface of the loaded composition, the
params, a scanned session-assets folder) and show `PayloadResult.problems` and `.warnings`;
the studio can call it on every edit. `format_payload` writes the options as JSON or as a
daily-js, daily-python or curl call.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import pprint
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from .errors import InputError
from .interface import CompositionInterface, ParamSpec
from .limits import check_output_size, check_param_value, describe
from .session_assets import SessionAssets, image_file_name

TARGETS: tuple[str, ...] = ("start-recording", "update-recording", "start-live-streaming", "update-live-streaming")
FORMATS: tuple[str, ...] = ("json", "daily-js", "daily-python", "curl")
BASELINE_ID = "daily:baseline"
DAILY_BASELINE_IMAGES: frozenset[str] = frozenset({
    "overlay.png", "user_white_64.png", "party-popper_1f389.png", "mic_active_white_32.png",
    "mic_muted_white_32.png"})
"""The images Daily's baseline bundles (recording-export.md §3): a session asset of the same name
is silently replaced by the bundled file on Daily's servers."""
REST_API = "https://api.daily.co/v1"


@dataclass(frozen=True)
class Problem:
    """One line about the payload, naming what it is about.

    `param` (a param id) or `file` (a file or option) lets a UI point at the cause, e.g. select
    the param in its parameter panel."""

    message: str
    param: str | None = None
    file: str | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class CompositionFacts:
    """What the payload needs to know of the loaded composition."""

    interface: CompositionInterface
    is_our_baseline: bool
    """Our `compositions/baseline`, which stands for Daily's `daily:baseline` on the server."""
    bundled_images: frozenset[str] = frozenset()
    """The names of the composition's own `images/`."""
    name: str = "the composition"


@dataclass(frozen=True)
class PayloadOptions:
    """How to build the payload (the CLI's options)."""

    target: str = "start-recording"
    composition_id: str | None = None
    """None: `daily:baseline` for our baseline; required for any other composition."""
    asset_base_url: str | None = None
    """Where the session-assets folder will be published; each asset's URL is this + its key."""
    size: tuple[int, int] | None = None
    """The output size (start payloads only); None leaves Daily's default."""
    since: Mapping[str, Any] | None = None
    """The previous param set: the update then holds only the params that changed since."""
    params_label: str = "params"
    """How messages name the param set (e.g. its file)."""
    since_label: str = "--since"


@dataclass
class PayloadResult:
    """The options object (None when there are problems), and every problem and warning."""

    options: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def is_update(target: str) -> bool:
    return target.startswith("update-")


def is_image_param(spec: ParamSpec) -> bool:
    """Params that name an image asset: every id ending in `assetName` (the baseline's
    `image.assetName`, `banner.icon.assetName`, `toast.icon.assetName`,
    `openingSlate.bgImageAssetName`, `titleSlate.bgImageAssetName`), text typed."""
    return spec.type == "text" and spec.id.lower().endswith("assetname")


# ---------------------------------------------------------------------- building


def composition_facts(host: Any) -> CompositionFacts:
    """The facts of the composition a `Host` or `SupervisedHost` has loaded."""
    from .bundle import bundle_composition_id
    from .confine import real_path
    from .host import OUR_BASELINE_DIR

    bundled = frozenset(name for name, entry in host.images.items() if entry.get("type") == "compositionAsset")
    ours = host.path is not None and (real_path(host.path) == real_path(OUR_BASELINE_DIR)
                                      or bundle_composition_id(host.path) == BASELINE_ID)
    name = host.interface.name or (host.path.name if host.path is not None else "the composition")
    return CompositionFacts(host.interface, ours, bundled, name=name)


def build_payload(composition: CompositionFacts, params: Mapping[str, Any], options: PayloadOptions,
                  assets: SessionAssets | None = None) -> PayloadResult:
    """The recording/streaming options for `params`, or the problems that stop it.

    `params` is the flat `{id: value}` map (a `--params` file, the studio's current values).
    Every problem is collected, not just the first, so a user fixes them in one go."""
    report = _Report()
    if options.target not in TARGETS:
        report.problem(f"unknown target {options.target!r}; choose one of {', '.join(TARGETS)}")
        return PayloadResult(None, report.problems, report.warnings)
    iface = composition.interface
    current = _checked_params(iface, params, options.params_label, report)
    previous = _checked_params(iface, options.since, options.since_label, report) if options.since is not None else None
    update = is_update(options.target)
    if previous is not None and not update:
        report.problem(f"{options.since_label}: a previous param set makes an update payload; "
                       "use an update target (update-recording or update-live-streaming)", file=options.since_label)
    composition_id = _composition_id(composition, options.composition_id, report)
    size = _size(options, update, report)
    if update and previous is None:
        report.warn("an update without a previous param set (--since) sends every param that differs from its "
                    "default; params changed by earlier payloads and now back at their default keep their "
                    "earlier values on the server")
    sent = _changed(iface, current, previous or {}, report) if update else _non_defaults(iface, current)
    _warn_experimental(iface, sent, report)
    bundled = composition.bundled_images | (DAILY_BASELINE_IMAGES if composition_id == BASELINE_ID else frozenset())
    named = _named_images(iface, current, bundled, assets, report)
    asset_urls = _session_assets(assets, named, bundled, options, update, report)

    layout: dict[str, Any] = {"preset": "custom"}
    if not update:
        layout["composition_id"] = composition_id
    layout["composition_params"] = {pid: _json_value(value) for pid, value in sent.items()}
    if asset_urls and not update:
        layout["session_assets"] = asset_urls
    result: dict[str, Any] = {}
    if options.target == "start-recording":
        result["type"] = "cloud"  # layouts apply to cloud recordings only
    if size is not None and not update:
        result["width"], result["height"] = size
    result["layout"] = layout
    if options.target == "start-live-streaming":
        report.warn("a live stream also needs its destination (rtmpUrl or endpoints): the daily-js, "
                    "daily-python and curl formats take it from RTMP_URL")
    return PayloadResult(None if report.problems else result, report.problems, report.warnings)


class _Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, message: str, *, param: str | None = None, file: str | None = None) -> None:
        self.problems.append(Problem(message, param, file))

    def warn(self, message: str, *, param: str | None = None, file: str | None = None) -> None:
        self.warnings.append(Problem(message, param, file))


def _checked_params(iface: CompositionInterface, values: Any, label: str, report: _Report) -> dict[str, Any]:
    """The params of `values` that can be sent as they are; one problem per other one."""
    if not isinstance(values, Mapping):
        report.problem(f"{label}: params must be an object of {{\"id\": value}}, not {describe(values)}", file=label)
        return {}
    good: dict[str, Any] = {}
    for pid, value in values.items():
        spec = iface.param(pid) if isinstance(pid, str) else None
        try:
            check_param_value(spec, pid, value, where=label)
        except InputError as error:
            report.problem(str(error), param=pid if isinstance(pid, str) else None, file=label)
            continue
        if spec is None:
            report.problem(f"{label}: unknown param {pid[:200]!r}{_did_you_mean(pid, [p.id for p in iface.params])}"
                           + (f"; {label} looks like a payload, but a param set is wanted" if pid == "layout" else ""),
                           param=pid, file=label)
        elif (wrong := _type_problem(spec, value)) is not None:
            report.problem(f"{label}: {wrong}", param=pid, file=label)
        else:
            good[pid] = value
    return good


def _type_problem(spec: ParamSpec, value: Any) -> str | None:
    """Why `value` cannot be sent as `spec`'s declared type (Daily's servers pass any value
    through, and the composition then misbehaves silently), or None."""
    shown = f"param {spec.id!r}"
    if spec.type == "boolean" and not isinstance(value, bool):
        return f"{shown} is a boolean (true or false), not {describe(value)}"
    if spec.type == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"{shown} is a number, not {describe(value)}"
    if spec.type == "text" and not isinstance(value, str):
        return f"{shown} is text (a string), not {describe(value)}"
    if spec.type == "enum":
        if not isinstance(value, str):
            return f"{shown} is one of {', '.join(spec.values)} (a string), not {describe(value)}"
        if value not in spec.values:
            return f"{shown} must be one of {', '.join(spec.values)}, not {value[:40]!r}{_did_you_mean(value, spec.values)}"
    return None


def _did_you_mean(word: str, choices: Any) -> str:
    choices = list(choices)
    by_case = {c.lower(): c for c in choices}
    close = [by_case[word.lower()]] if word.lower() in by_case else difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: 2 and 2.0 are, true and 1 are not."""
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _non_defaults(iface: CompositionInterface, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that differ from their defaults, in the interface's order."""
    return {p.id: values[p.id] for p in iface.params if p.id in values and not _same(values[p.id], p.default)}


def _changed(iface: CompositionInterface, current: Mapping[str, Any], previous: Mapping[str, Any],
             report: _Report) -> dict[str, Any]:
    """What an update must send to go from `previous` to `current` (both over the defaults):
    the changed values, and the default of each param that went back to it."""
    sent: dict[str, Any] = {}
    for p in iface.params:
        if p.id not in current and p.id not in previous:
            continue
        before, after = previous.get(p.id, p.default), current.get(p.id, p.default)
        if _same(before, after):
            continue
        if after is None:  # back to a default that does not exist
            report.warn(f"param {p.id!r} has no default to go back to; it keeps its previous value on the server",
                        param=p.id)
            continue
        sent[p.id] = after
    return sent


def _warn_experimental(iface: CompositionInterface, sent: Mapping[str, Any], report: _Report) -> None:
    for pid in sent:
        spec = iface.param(pid)
        if spec is not None and spec.experimental:
            report.warn(f"param {pid!r} is experimental: Daily may change or drop it", param=pid)


def _json_value(value: Any) -> Any:
    """A whole float as an integer (`6`, not `6.0`): the same JSON number, as Daily writes it."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


def _composition_id(composition: CompositionFacts, given: str | None, report: _Report) -> str | None:
    if given is not None:
        if not given or any(c.isspace() for c in given) or ":" not in given:
            report.problem(f"--composition-id {given[:60]!r}: not a composition id such as {BASELINE_ID}",
                           file="--composition-id")
        elif composition.is_our_baseline and given != BASELINE_ID:
            report.warn(f"our baseline stands for {BASELINE_ID}; {given} may declare other params")
    if composition.is_our_baseline:
        return given or BASELINE_ID
    if given is None:
        report.problem(f"--composition-id is needed: {composition.name} is not our baseline, and Daily's servers run "
                       "only their own compositions (give the id of the one it stands for, e.g. daily:baseline)",
                       file="--composition-id")
    else:
        report.warn(f"{composition.name} is not our baseline: its code cannot be uploaded, Daily's servers run "
                    f"{given} with these params (and your session's override files)")
    return given


def _size(options: PayloadOptions, update: bool, report: _Report) -> tuple[int, int] | None:
    if options.size is None:
        return None
    w, h = options.size
    if update:
        report.warn(f"--size {w}x{h}: the size is set when the recording or stream starts; updates do not carry it")
        return None
    try:
        return check_output_size(w, h, f"--size {w}x{h}", even=True)
    except InputError as error:
        report.problem(str(error), file="--size")
        return None


def _named_images(iface: CompositionInterface, values: Mapping[str, Any], bundled: frozenset[str],
                  assets: SessionAssets | None, report: _Report) -> set[str]:
    """The image file names the image params name (their current values over the defaults),
    with one problem per image that neither the composition nor the session has."""
    named: set[str] = set()
    for spec in iface.params:
        if not is_image_param(spec):
            continue
        value = values.get(spec.id, spec.default)
        if not isinstance(value, str) or not value.strip():
            continue
        name = image_file_name(value)
        if name in bundled:
            continue
        named.add(name)
        if assets is None or name not in assets.images:
            where = f"in the session assets ({assets.images_dir})" if assets is not None else "in session assets (none given)"
            report.problem(f"param {spec.id!r} names the image {name!r}, which is neither in the composition nor "
                           f"{where}", param=spec.id)
    return named


def _session_assets(assets: SessionAssets | None, named: set[str], bundled: frozenset[str],
                    options: PayloadOptions, update: bool, report: _Report) -> dict[str, str]:
    """`session_assets` of a start payload: key → URL for the session's code files and for the
    images a param or a code file names; problems for what Daily's server would refuse or
    silently replace."""
    if assets is None:
        return {}
    for key in assets.misplaced_code:
        report.problem(f"{assets.folder / key}: code files of session assets are taken only from the folder's root, "
                       "components/ and components/overrides/", file=key)
    for key in assets.outside:
        report.problem(f"{assets.folder / key}: a symbolic link leading outside the session assets folder; "
                       "it is not read", file=key)
    for key in assets.ignored:
        report.warn(f"{assets.folder / key}: not a session asset Daily's servers use; it is not sent", file=key)
    keys = list(assets.code)
    for name in sorted(assets.images):
        key = assets.image_key(name)
        if name in assets.not_png:
            report.problem(f"{assets.images_dir / name}: not a PNG image; Daily's servers take only PNG images as "
                           "session assets", file=key)
        if name in bundled:
            report.problem(f"{assets.images_dir / name}: named like an image the composition bundles; Daily's servers "
                           "would silently use the bundled one (rename yours)", file=key)
        if name in named or name in assets.mentioned_by_code:
            keys.append(key)
        else:
            report.warn(f"{assets.images_dir / name}: no param and no override file names it; it is not sent", file=key)
    if update:
        if keys:
            report.warn("session assets are given only when the recording or stream starts; this update assumes "
                        f"the files of {assets.folder} were sent then")
        return {}
    base = _checked_base_url(options.asset_base_url, report) if options.asset_base_url is not None else None
    if keys and options.asset_base_url is None:
        report.problem(f"--asset-base-url is needed: {len(keys)} session asset(s) to send, and Daily's servers fetch "
                       "each from a public https:// URL", file="--asset-base-url")
    if base is None:
        return {}
    return {key: base + quote(key) for key in sorted(keys)}


def _checked_base_url(url: str, report: _Report) -> str | None:
    """`url` with a trailing `/` if Daily's servers can fetch from it, else None and a problem:
    absolute https://, a public host (no localhost, loopback, private or link-local address, no
    single-label or .local name), no query or fragment (keys are appended)."""
    shown = f"--asset-base-url {url[:80]}"
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or not parts.netloc:
        report.problem(f"{shown}: must be an absolute https:// URL (Daily's servers fetch session assets over HTTPS)",
                       file="--asset-base-url")
        return None
    if parts.query or parts.fragment:
        report.problem(f"{shown}: must not have a query or fragment (asset paths are appended to it)",
                       file="--asset-base-url")
        return None
    host = (parts.hostname or "").rstrip(".").lower()
    if not _public_host(host):
        report.problem(f"{shown}: {host or 'no host'} is not reachable from Daily's servers (localhost, a private "
                       "address or a local name); publish the folder on a public host", file="--asset-base-url")
        return None
    return url if url.endswith("/") else url + "/"


def _public_host(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        local = host in ("localhost",) or host.endswith((".localhost", ".local", ".internal", ".lan", ".home.arpa"))
        return bool(host) and "." in host and not local
    return address.is_global and not address.is_multicast


def upload_files(assets: SessionAssets, options: Mapping[str, Any]) -> dict[str, Any]:
    """The files to publish for a start payload's `session_assets`: key → file in the folder.

    What "export the session assets" writes: exactly the files the payload names, at their keys
    under the folder published at `--asset-base-url`."""
    keys = options.get("layout", {}).get("session_assets", {})
    by_key = {**assets.code, **{assets.image_key(name): file for name, file in assets.images.items()}}
    return {key: by_key[key] for key in keys if key in by_key}


# ---------------------------------------------------------------------- formats


def format_payload(options: Mapping[str, Any], target: str, fmt: str) -> str:
    """The options as plain JSON, or as the call that sends them (daily-js, daily-python, or a
    curl command against Daily's REST API with `$DAILY_API_KEY` and `$ROOM` placeholders).
    A live stream's destination is `RTMP_URL` (a variable in code, `$RTMP_URL` for curl)."""
    if fmt == "json":
        return json.dumps(options, indent=2, ensure_ascii=False)
    if fmt == "daily-js":
        return _daily_js(options, target)
    if fmt == "daily-python":
        return _daily_python(options, target)
    if fmt == "curl":
        return _curl(options, target)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


_JS_METHODS = {"start-recording": "startRecording", "update-recording": "updateRecording",
               "start-live-streaming": "startLiveStreaming", "update-live-streaming": "updateLiveStreaming"}


def _daily_js(options: Mapping[str, Any], target: str) -> str:
    body = json.dumps(options, indent=2, ensure_ascii=False)
    call = "{ ...options, rtmpUrl: RTMP_URL }" if target == "start-live-streaming" else "options"
    return (f"// daily-js: `call` is your call object, joined to the room with permission to {_verb(target)}\n"
            f"const options = {body};\n"
            f"await call.{_JS_METHODS[target]}({call});")


def _daily_python(options: Mapping[str, Any], target: str) -> str:
    settings: dict[str, Any] = {}
    video = {k: options[k] for k in ("width", "height") if k in options}
    if video:
        settings["video"] = video  # daily-python's StreamingSettings nest the size under "video"
    settings["layout"] = options["layout"]
    literal = pprint.pformat(settings, indent=1, width=100, sort_dicts=False)
    call = {
        "start-recording": "client.start_recording(streaming_settings=settings)",
        "update-recording": "client.update_recording(update_settings=settings)",
        "start-live-streaming": "client.start_live_stream_with_rtmp_urls([RTMP_URL], streaming_settings=settings)",
        "update-live-streaming": "client.update_live_stream(update_settings=settings)",
    }[target]
    return (f"# daily-python: `client` is your CallClient, joined to the room with permission to {_verb(target)}\n"
            f"settings = {literal}\n{call}")


_REST_PATHS = {"start-recording": "recordings/start", "update-recording": "recordings/update",
               "start-live-streaming": "live-streaming/start", "update-live-streaming": "live-streaming/update"}
_RTMP_MARK = "\u0000rtmp-url\u0000"


def _curl(options: Mapping[str, Any], target: str) -> str:
    """A POST to Daily's REST API. The body is single-quoted for the shell (so nothing in a
    param value is expanded); for a live stream `$RTMP_URL` is spliced in unquoted-by-single."""
    body_options = dict(options)
    if target == "start-live-streaming":
        body_options = {"rtmpUrl": _RTMP_MARK, **body_options}
    body = json.dumps(body_options, indent=2, ensure_ascii=False)
    before, marker, after = body.partition(json.dumps(_RTMP_MARK))
    data = shlex.quote(before + '"') + '"$RTMP_URL"' + shlex.quote('"' + after) if marker else shlex.quote(body)
    return (f'curl -X POST "{REST_API}/rooms/$ROOM/{_REST_PATHS[target]}" \\\n'
            '  -H "Authorization: Bearer $DAILY_API_KEY" \\\n'
            '  -H "Content-Type: application/json" \\\n'
            f"  --data {data}")


def _verb(target: str) -> str:
    return "record" if target.endswith("recording") else "live stream"

