"""Search as you type over 100,000 patients through the search box's own code path."""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from benchmarks.data import queries
from benchmarks.report import Result
from benchmarks.seed import seeded_database
from planner.domain.text import fold_words

PAGE = 200  # what the patient list asks for per fetch


def _bare(db: Path, qs: list[str]) -> list[float]:
    """Baseline: one indexed prefix range with raw sqlite3, no ORM, no intersection."""
    conn = sqlite3.connect(db)
    times = []
    for q in qs:
        word = fold_words(q)[0]
        t = time.perf_counter()
        conn.execute(
            "SELECT patient_id FROM patient_terms WHERE term >= ? AND term < ? LIMIT ?",
            (word, word[:-1] + chr(ord(word[-1]) + 1), PAGE),
        ).fetchall()
        times.append(time.perf_counter() - t)
    conn.close()
    return times


def run(workdir: Path) -> list[Result]:
    from planner.store.database import open_store

    db = seeded_database(workdir, 100_000)
    qs = queries(100)
    store = open_store(f"sqlite:///{db}")
    try:
        store.patients.search("warm", limit=PAGE)  # connection and statement cache warm-up
        times = []
        for q in qs:
            t = time.perf_counter()
            store.patients.search(q, limit=PAGE)
            store.patients.count(q)
            times.append(time.perf_counter() - t)
    finally:
        store.close()
    bare = _bare(db, qs)
    median_ms, worst_ms = statistics.median(times) * 1000, max(times) * 1000
    bare_ms = statistics.median(bare) * 1000
    return [
        Result(
            "search median per keystroke (ms)",
            median_ms,
            5.0,
            f"{median_ms / bare_ms:.1f}x a bare indexed prefix lookup ({bare_ms:.2f} ms)",
            " ms",
        ),
        Result("search worst of 100 (ms)", worst_ms, 20.0, f"slowest query of {len(qs)}", " ms"),
    ]
