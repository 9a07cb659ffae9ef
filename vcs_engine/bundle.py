"""Composition bundles (`.vcsbundle`): one file that renders like the composition it was made from.

A bundle is a zip holding what a render needs and nothing it must recompute:

    manifest.json                the format version, the engine version, the entry module, the
                                 modules in load order, and the sha256 of every other file
    modules/<module id>          each module transformed (the runtime's script chunk)
    interface.json               the composition's interface, as the composition declared it
    images/<name>                the composition's own images (and their size sidecars)
    session-assets/images/<name> the session's images, when bundled with --session-assets

`write_bundle` transforms the modules (with the session's code overrides applied, as Daily's
servers apply them) and loads the composition once in the supervised engine process to read its
interface: nothing runs beyond what opening it in the studio runs. `open_bundle` checks the whole
file before anything is used — a zip that does not open (truncated), an entry that is missing,
extra, outside the bundle or different from its checksum, an unknown format version — and any
failure is one line naming the bundle. The checksums guard against damage and accidental edits,
not against a forger (who could rewrite the manifest too); a bundle's code runs in the same
sandbox as any composition's.

A checked bundle is unpacked once into a private cache folder named by the sha256 of the bundle
file, so the renderer, the image table and the engine process (which all read images by path)
see an ordinary folder; a bundle that changes gets a new folder. Every command that takes a
composition takes a bundle: `Host.reload` gets its modules from `composition_modules`, and
`HostState` finds its images in the unpacked folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from .confine import real_path
from .imagetable import IMAGE_SUFFIXES
from .session_assets import IMAGES_FOLDER, SessionAssets
from .transform import Bundle, ModuleChunk, TransformError, load_composition_modules

BUNDLE_SUFFIX = ".vcsbundle"
FORMAT = "vcsbundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
INTERFACE = "interface.json"
MODULES_FOLDER = "modules"
SESSION_FOLDER = "session-assets"
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
"""Unpacked size at most (a composition is kilobytes of code and some images): a zip that
claims more is refused before anything is extracted."""
MAX_BUNDLE_FILES = 10_000
"""As for a session-assets folder: far more than any composition holds."""


def engine_version() -> str:
    try:
        return metadata.version("vcs-studio")
    except metadata.PackageNotFoundError:
        return "unknown"


def bundle_cache_dir() -> Path:
    """Where checked bundles are unpacked: `$VCS_BUNDLE_CACHE`, else the user's cache folder."""
    if os.environ.get("VCS_BUNDLE_CACHE"):
        return Path(os.environ["VCS_BUNDLE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vcs-studio" / "bundles"


def is_bundle(path: Path | str) -> bool:
    """True for a file that starts like a zip: every command takes it as a bundle (a composition
    file is JavaScript text, never a zip), whatever its name."""
    p = Path(path)
    try:
        with p.open("rb") as stream:
            return p.is_file() and stream.read(4) == ZIP_SIGNATURE
    except OSError:
        return False


# ---------------------------------------------------------------------- writing


@dataclass(frozen=True)
class BundleSummary:
    """What `write_bundle` wrote, for its report line."""

    path: Path
    modules: int
    images: int
    bytes: int


def write_bundle(composition: Path, modules: Bundle, out: Path, interface: dict[str, Any], *,
                 session_assets: SessionAssets | None = None, composition_id: str | None = None) -> BundleSummary:
    """Bundle a composition folder or file (`composition`, resolved): its transformed `modules`
    (`load_composition_modules` with the session's overrides) and the `interface` read by
    loading it. The file appears complete at `out` or not at all (`atomic_output`).
    `composition_id`: the Daily composition it stands for, when known (our baseline is
    `daily:baseline`), so `vcs payload` treats the bundle as it treats the folder."""
    files: dict[str, bytes] = {f"{MODULES_FOLDER}/{m.id}": m.code.encode("utf-8") for m in modules.modules}
    files[INTERFACE] = json.dumps(interface, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    images = _image_files(modules.root / IMAGES_FOLDER, modules.root) if composition.is_dir() else {}
    if session_assets is not None:
        images |= {f"{SESSION_FOLDER}/{key}": data for key, data in
                   _image_files(session_assets.images_dir, session_assets.root).items()}
    files |= images
    manifest = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "engineVersion": engine_version(),
        "name": interface.get("name") if isinstance(interface.get("name"), str) else composition.stem,
        "entry": modules.entry_id,
        **({"compositionId": composition_id} if composition_id else {}),
        "modules": [{"id": m.id, "lines": m.line_count, "sourceHash": m.source_hash,
                     "dependencies": list(m.dependencies)} for m in modules.modules],
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    from .export.files import atomic_output  # here: the export package loads PyAV, which hosts do not need

    with atomic_output(out) as temporary:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
            for name, data in sorted(files.items()):
                # PNGs are compressed already: storing them saves the time of deflating them again.
                kind = zipfile.ZIP_STORED if name.lower().endswith(IMAGE_SUFFIXES) else zipfile.ZIP_DEFLATED
                z.writestr(name, data, compress_type=kind)
        size = temporary.stat().st_size
    return BundleSummary(out, len(modules.modules), sum(1 for n in images if not n.endswith(".json")), size)


def _image_files(folder: Path, root: Path) -> dict[str, bytes]:
    """`images/NAME` → bytes of the folder's images and their `NAME.json` size sidecars; files
    that are links leading out of `root` are left out (the image table would not use them)."""
    found: dict[str, bytes] = {}
    if not folder.is_dir():
        return found
    for p in sorted(folder.iterdir()):
        lower = p.name.lower()
        sidecar = lower.endswith(".json") and lower[:-5].endswith(IMAGE_SUFFIXES)
        if (lower.endswith(IMAGE_SUFFIXES) or sidecar) and p.is_file() and real_path(p).is_relative_to(root):
            found[f"{IMAGES_FOLDER}/{p.name}"] = p.read_bytes()
    return found


# ---------------------------------------------------------------------- reading


@dataclass(frozen=True)
class OpenedBundle:
    """A checked bundle, unpacked in `folder` (laid out like a composition folder)."""

    path: Path
    folder: Path
    manifest: dict[str, Any]

    @property
    def session_folder(self) -> Path | None:
        """The bundled session's assets (a folder with `images/`), if it was bundled with one."""
        folder = self.folder / SESSION_FOLDER
        return folder if folder.is_dir() else None

    def interface(self) -> dict[str, Any]:
        return json.loads((self.folder / INTERFACE).read_text(encoding="utf-8"))

    def modules(self) -> Bundle:
        """The transformed modules, in load order. Their paths name the bundle and the module
        (`reel.vcsbundle/components/Banner.js`), which is how errors name them."""
        chunks = [ModuleChunk(m["id"], self.path / m["id"],
                              (self.folder / MODULES_FOLDER / m["id"]).read_text(encoding="utf-8"),
                              m["sourceHash"], m["lines"], tuple(m["dependencies"]))
                  for m in self.manifest["modules"]]
        return Bundle(self.folder, self.manifest["entry"], chunks)


def bundle_composition_id(path: Path) -> str | None:
    """The Daily composition a bundle stands for (`write_bundle`'s `composition_id`), if any."""
    return open_bundle(path).manifest.get("compositionId") if is_bundle(path) else None


def bundled_session_folder(root: Path | None) -> Path | None:
    """The session-assets folder inside an unpacked bundle's folder `root`, if any."""
    if root is None:
        return None
    folder = root / SESSION_FOLDER
    return folder if (root / MANIFEST).is_file() and folder.is_dir() else None


def open_bundle(path: Path | str) -> OpenedBundle:
    """Check a bundle and unpack it (once per content); BundleError naming the bundle when it
    is damaged, changed, truncated or of an unknown format."""
    p = Path(path).absolute()
    try:
        data = p.read_bytes()
    except OSError as e:
        raise BundleError(p, f"cannot read the bundle: {e.strerror}") from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(p, f"larger than the {MAX_BUNDLE_BYTES >> 20} MB limit for a bundle")
    digest = hashlib.sha256(data).hexdigest()
    folder = bundle_cache_dir() / digest
    if (folder / MANIFEST).is_file():  # checked when it was unpacked; the name is its content's hash
        return OpenedBundle(p, folder, json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    manifest, files = _checked_contents(p, data)
    _unpack(folder, manifest, files)
    return OpenedBundle(p, folder, manifest)


class BundleError(TransformError):
    """A bundle that cannot be used; reported like a composition that cannot be read."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(path, 0, 0, message + _AGAIN)


_AGAIN = "; make it again with vcs bundle"


def _checked_contents(path: Path, data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every file, each checked against it."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_BUNDLE_FILES or sum(i.file_size for i in infos) > MAX_BUNDLE_BYTES:
                raise BundleError(path, "it unpacks to more files or bytes than a bundle may hold")
            names = [i.filename for i in infos]
            if len(set(names)) != len(names):
                raise BundleError(path, "it names a file twice")
            if MANIFEST not in names:
                raise BundleError(path, f"not a bundle: it has no {MANIFEST}")
            manifest = _manifest(path, z.read(MANIFEST))
            listed: dict[str, str] = manifest["files"]
            extra = sorted(set(names) - set(listed) - {MANIFEST})
            if extra:
                raise BundleError(path, f"{extra[0]} is not in its manifest (the bundle was changed)")
            missing = sorted(set(listed) - set(names))
            if missing:
                raise BundleError(path, f"{missing[0]} is missing (the bundle is incomplete)")
            files = {name: z.read(name) for name in listed}
    except zipfile.BadZipFile as e:
        raise BundleError(path, f"not a complete bundle (truncated or damaged: {e})") from None
    except (EOFError, OSError, zipfile.LargeZipFile) as e:
        raise BundleError(path, f"not a complete bundle (truncated or damaged: {e})") from None
    for name, expected in listed.items():
        if hashlib.sha256(files[name]).hexdigest() != expected:
            raise BundleError(path, f"{name} does not match its checksum in the manifest "
                                    "(the bundle was changed or damaged)")
    return manifest, files


def _manifest(path: Path, raw: bytes) -> dict[str, Any]:
    """The manifest, its shape checked (what `OpenedBundle` reads from it must be there)."""
    try:
        m = json.loads(raw)
    except (ValueError, RecursionError):
        raise BundleError(path, f"{MANIFEST} is not valid JSON") from None
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise BundleError(path, f"not a bundle: {MANIFEST} does not describe one")
    if m.get("formatVersion") != FORMAT_VERSION:
        raise BundleError(path, f"bundle format {m.get('formatVersion')!r}; this vcs "
                                f"({engine_version()}) reads format {FORMAT_VERSION}")
    files, modules = m.get("files"), m.get("modules")
    if not isinstance(files, dict) or not all(isinstance(v, str) and _safe_name(k) for k, v in files.items()):
        raise BundleError(path, f"{MANIFEST}: files must map safe relative names to checksums")
    if not isinstance(modules, list) or not modules or not all(_module_entry(e, files) for e in modules):
        raise BundleError(path, f"{MANIFEST}: modules must list the bundled modules")
    if m.get("entry") not in {e["id"] for e in modules} or INTERFACE not in files:
        raise BundleError(path, f"{MANIFEST}: the entry module or {INTERFACE} is missing")
    return m


def _module_entry(entry: Any, files: dict[str, str]) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("id"), str)
            and f"{MODULES_FOLDER}/{entry['id']}" in files and isinstance(entry.get("lines"), int)
            and isinstance(entry.get("sourceHash"), str) and isinstance(entry.get("dependencies"), list)
            and all(isinstance(d, str) for d in entry["dependencies"]))


def _safe_name(name: str) -> bool:
    """A relative path that stays inside the folder it is unpacked into."""
    p = PurePosixPath(name)
    return (bool(name) and not p.is_absolute() and ".." not in p.parts and "\\" not in name
            and "\0" not in name and p.parts[0] != MANIFEST)


def _unpack(folder: Path, manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    """Write the checked files into `folder` (through a temporary folder renamed into place, so
    a folder that exists is complete; another process unpacking the same bundle is harmless)."""
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=folder.parent))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        try:
            staging.rename(folder)
        except OSError:
            if not (folder / MANIFEST).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------------- loading


def composition_modules(path: Path, overrides: SessionAssets | None = None) -> Bundle:
    """The modules of a composition folder, file or bundle: the one place the engine tells them
    apart. A bundle holds its session's code already; override code given with it is refused."""
    if not is_bundle(path):
        return load_composition_modules(path, overrides=overrides)
    if overrides is not None and overrides.code:
        raise BundleError(path, "a bundle holds its session's code already; session-assets code cannot "
                                "replace it (bundle the composition with --session-assets instead)")
    return open_bundle(path).modules()

