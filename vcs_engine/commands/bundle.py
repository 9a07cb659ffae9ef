"""`vcs bundle`: a composition (and a session's assets) as one `.vcsbundle` file."""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module
from pathlib import Path

from ..bundle import is_bundle, write_bundle
from ..confine import real_path
from ..errors import InputError
from ..host import OUR_BASELINE_DIR, resolve_composition, transform_failure
from ..payload import BASELINE_ID
from ..session_assets import SessionAssets, scan_session_assets
from ..supervisor import SupervisedHost
from ..transform import Bundle, TransformError, load_composition_modules


def _prepare(path: Path, assets: SessionAssets | None) -> Bundle:
    """The transformed modules; also imports the file writer (the export package loads PyAV,
    ~0.2 s) while the engine process loads, rather than after."""
    import_module("vcs_engine.export.files")
    return load_composition_modules(path, overrides=assets)


def bundle_command(args: argparse.Namespace) -> int:
    if args.out.is_dir():
        raise InputError(f"--out {args.out}: is a folder; a bundle is one file (e.g. NAME.vcsbundle)")
    path = resolve_composition(args.composition)
    if is_bundle(path):
        raise InputError(f"{args.composition}: is a bundle already")
    assets = scan_session_assets(args.session_assets) if args.session_assets is not None else None
    # The interface comes from loading the composition in the engine process, like every load:
    # the only code that runs while bundling. Meanwhile (the engine process starts on the other
    # core) the modules are transformed here: that takes a third off the command's time.
    with ThreadPoolExecutor(1) as pool:
        transformed = pool.submit(_prepare, path, assets)
        with SupervisedHost(session_assets=args.session_assets) as host:
            host.open(path)
            interface = dict(host.interface.raw)
        try:
            modules = transformed.result()
        except TransformError as e:  # a file changed since the load
            raise transform_failure(e) from None
    ours = real_path(path) == real_path(OUR_BASELINE_DIR)
    summary = write_bundle(path, modules, args.out, interface, session_assets=assets,
                           composition_id=BASELINE_ID if ours else None)
    print(f"wrote {summary.path}: {summary.modules} modules, {summary.images} images, "
          f"{summary.bytes / 1024:,.0f} kB")
    return 0
