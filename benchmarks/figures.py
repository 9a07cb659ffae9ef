"""The figures table shared by the benchmarks: each case, its value and its target.

A benchmark prints what it measured beside what the issue asks, so a reader sees at once which
targets hold; the values' format is the benchmark's (milliseconds, ratios, counts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def print_figures(title: str, results: Mapping[str, object], targets: Mapping[str, float | None], *,
                  value_header: str = "value", keys: list[str] | None = None,
                  fmt: Callable[[str, object], str] | None = None) -> None:
    """A rich table of `keys` (default: every result) with their targets ("—" when none)."""
    from rich.console import Console
    from rich.table import Table

    def default_fmt(_key: str, value: object) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    show = fmt or default_fmt
    table = Table(title=title)
    for col in ("case", value_header, "target"):
        table.add_column(col, justify="right")
    for key in keys if keys is not None else list(results):
        if key in results:
            target = targets.get(key)
            table.add_row(key, show(key, results[key]), "—" if target is None else f"{target:g}")
    Console().print(table)
