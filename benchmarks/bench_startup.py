"""`needleplan --exit-after-startup` on 100,000 patients vs a bare QMainWindow script."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from benchmarks.measure import paired_medians
from benchmarks.report import Result
from benchmarks.seed import seeded_database

REPEATS = 10


def run(workdir: Path) -> list[Result]:
    db = seeded_database(workdir, 100_000)
    exe = shutil.which("needleplan") or str(Path(sys.executable).with_name("needleplan"))
    bare, app = paired_medians(
        [sys.executable, str(Path(__file__).with_name("bare_qt.py"))],
        [exe, "--database-url", f"sqlite:///{db}", "--exit-after-startup"],
        REPEATS,
    )
    startup_ms = next(
        (
            line.split("=", 1)[1]
            for line in app.stdout.splitlines()
            if line.startswith("startup_ms=")
        ),
        "?",
    )
    return [
        Result(
            "startup time (100k patients) / bare QMainWindow",
            app.wall_s / bare.wall_s,
            2.0,
            f"{app.wall_s * 1000:.0f} ms vs {bare.wall_s * 1000:.0f} ms;"
            f" app says startup_ms={startup_ms}",
        ),
        Result(
            "startup peak memory / bare QMainWindow",
            app.rss_mib / bare.rss_mib,
            1.6,
            f"{app.rss_mib:.0f} MiB vs {bare.rss_mib:.0f} MiB",
        ),
    ]
