"""`vcs info`: a composition's parameters as a table."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from ..bundle import is_bundle, open_bundle
from ..host import Host, resolve_composition, transform_failure
from ..interface import CompositionInterface
from ..transform import TransformError


def info_command(args: argparse.Namespace) -> int:
    path = resolve_composition(args.composition)
    if is_bundle(path):  # its interface was read when it was bundled: nothing runs now
        try:
            iface = CompositionInterface.from_json(open_bundle(path).interface())
        except TransformError as e:
            raise transform_failure(e) from None
    else:
        iface = Host.load(path).interface
    table = Table(title=f"{iface.name or path} — {len(iface.params)} params")
    for col in ("id", "type", "default", "values / step", "help"):
        table.add_column(col, overflow="fold")
    for p in iface.params:
        extra = ", ".join(p.values) if p.values else ("" if p.step is None else f"step {p.step:g}")
        table.add_row(p.id, p.type, repr(p.default), extra, p.help)
    Console().print(table)
    return 0
