"""What a recording payload needs besides the params, gathered once per load.

Why a module: `build_payload` is pure and takes ~0.1 ms, so the payload dock rebuilds the payload
on the GUI thread at every edit. Its other inputs are not the GUI's to fetch: the composition's
facts come from the engine (interface, bundled images, whether it is our baseline) and the
session assets from a folder scan. `gather_load_facts` collects them on the session's render
thread after each open or reload, and `StudioSession.factsChanged` publishes the result; the
GUI thread never asks the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vcs_engine.errors import InputError
from vcs_engine.hoststate import HostState
from vcs_engine.payload import CompositionFacts, Problem, composition_facts
from vcs_engine.session_assets import SessionAssets, scan_session_assets


@dataclass(frozen=True)
class LoadFacts:
    """The composition and session assets of the last load, as payloads see them."""

    facts: CompositionFacts | None = None
    """None until a composition is known (a failed first open)."""
    assets_folder: Path | None = None
    """The session-assets folder the engine uses (None: none)."""
    assets: SessionAssets | None = None
    """Its scan; None without a folder or when it could not be scanned (see `assets_problem`)."""
    assets_problem: Problem | None = None
    size: tuple[int, int] | None = None
    """The engine's output size (later changes: `StudioSession.outputSizeChanged`)."""


def gather_load_facts(host: HostState) -> LoadFacts:
    """The facts of `host`'s composition and its session assets (render thread only: it reads
    the host's state and the file system)."""
    facts = composition_facts(host) if host.path is not None else None
    folder, size = host.session_assets, (int(host.size[0]), int(host.size[1]))
    if folder is None:
        return LoadFacts(facts, size=size)
    try:
        return LoadFacts(facts, folder, scan_session_assets(folder), size=size)
    except InputError as error:  # the folder went away, or is far too big
        return LoadFacts(facts, folder, None, Problem(str(error), file=str(folder)), size=size)
