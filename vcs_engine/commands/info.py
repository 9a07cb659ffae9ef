"""`vcs info`: a composition's parameters as a table."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from ..host import Host


def info_command(args: argparse.Namespace) -> int:
    host = Host.load(args.composition)
    iface = host.interface
    table = Table(title=f"{iface.name or host.path} — {len(iface.params)} params")
    for col in ("id", "type", "default", "values / step", "help"):
        table.add_column(col, overflow="fold")
    for p in iface.params:
        extra = ", ".join(p.values) if p.values else ("" if p.step is None else f"step {p.step:g}")
        table.add_row(p.id, p.type, repr(p.default), extra, p.help)
    Console().print(table)
    return 0
