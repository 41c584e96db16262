"""The Points page's library search, per keystroke, over the whole catalog.

Each query is typed one character at a time ("g", "gb", "gb2", "gb21"), as the search box
sends it. The baseline is the least a search can do: one scan of the codes with
str.startswith, measured on the same prefixes in the same run.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.report import Result

QUERIES = ("gb21", "jianjing", "shoulder well", "肩井", "levator", "bl13", "tianzong", "upper trap")
REPEATS = 20


def _prefixes() -> list[str]:
    return [q[:n] for q in QUERIES for n in range(1, len(q) + 1)]


def run(workdir: Path) -> list[Result]:
    from planner.catalog import load_catalog
    from planner.domain.catalog import compact

    catalog = load_catalog()
    keys = [compact(t.target_id) for t in catalog]
    prefixes = _prefixes()
    catalog.search("warm", limit=400)
    times: list[float] = []
    bare: list[float] = []
    for _ in range(REPEATS):
        for text in prefixes:
            t = time.perf_counter()
            catalog.search(text, limit=400)  # the Points page's proxy asks for this many
            times.append(time.perf_counter() - t)
            key = compact(text)
            t = time.perf_counter()
            [k for k in keys if k.startswith(key)]
            bare.append(time.perf_counter() - t)
    median_ms, worst_ms = statistics.median(times) * 1000, max(times) * 1000
    p99_ms = statistics.quantiles(times, n=100)[98] * 1000
    bare_ms = statistics.median(bare) * 1000
    return [
        Result(
            "catalog search median per keystroke (ms)",
            median_ms,
            5.0,
            f"{median_ms / bare_ms:.1f}x a bare str.startswith scan of {len(keys)} codes "
            f"({bare_ms:.3f} ms); {len(prefixes)} keystrokes x {REPEATS}",
            " ms",
        ),
        Result(
            "catalog search p99 keystroke (ms)",
            p99_ms,
            5.0,
            f"slowest single keystroke {worst_ms:.2f} ms (a GC pause shows here)",
            " ms",
        ),
    ]
