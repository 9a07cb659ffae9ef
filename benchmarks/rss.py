"""Memory figures shared by the benchmarks: resident size of a process, and its growth.

Linux /proc only (the benchmarks' machines); nothing here is part of the engine.
"""

from __future__ import annotations

import os
from pathlib import Path


def rss_mb(pid: int | None = None) -> float | None:
    """Resident set size in MB (VmRSS) of `pid` (default: this process); None when it is gone."""
    try:
        for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        return None
    return None


def slope_mb_per_min(samples: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (seconds, MB) over the last 80 % of the samples, in MB/min.

    The first 20 % are warm-up (caches filling, the allocator settling); None with fewer than
    three samples left or no time between them."""
    tail = samples[len(samples) // 5:]
    if len(tail) < 3:
        return None
    n = len(tail)
    mean_t = sum(t for t, _ in tail) / n
    mean_m = sum(m for _, m in tail) / n
    var = sum((t - mean_t) ** 2 for t, _ in tail)
    if var == 0:
        return None
    return sum((t - mean_t) * (m - mean_m) for t, m in tail) / var * 60.0
