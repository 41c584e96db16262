"""`needleplan import` of 100,000 patients from JSON Lines into a fresh SQLite database, and
its peak memory against a 10,000-patient import: streamed, it does not grow with the file."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from benchmarks.data import write_jsonl
from benchmarks.measure import Run, run_once
from benchmarks.report import Result

COUNT = 100_000
SMALL = 10_000
MEMORY_RATIO_LIMIT = 1.3  # peak RSS of 100,000 vs 10,000 records; read whole it was ~4.6x

_BARE = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, birth TEXT)")
conn.execute("CREATE INDEX ix ON p (name)")
rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)["patient"]
        rows.append((d["name"], d["birth_date"]))
conn.executemany("INSERT INTO p (name, birth) VALUES (?, ?)", rows)
conn.commit()
"""


def _import(workdir: Path, source: Path, name: str) -> Run:
    for f in workdir.glob(name + "*"):
        f.unlink()
    exe = shutil.which("needleplan") or str(Path(sys.executable).with_name("needleplan"))
    url = f"sqlite:///{workdir / name}"
    return run_once([exe, "--database-url", url, "import", str(source)])


def run(workdir: Path) -> list[Result]:
    source = workdir / "import-100k.jsonl"
    if not source.exists():
        write_jsonl(source, COUNT)
    small_source = workdir / "import-10k.jsonl"
    if not small_source.exists():
        write_jsonl(small_source, SMALL)
    for f in workdir.glob("import-bare.sqlite*"):
        f.unlink()
    bare = run_once([sys.executable, "-c", _BARE, str(source), str(workdir / "import-bare.sqlite")])
    app = _import(workdir, source, "import-app.sqlite")
    small = _import(workdir, small_source, "import-small.sqlite")
    return [
        Result(
            "import 100,000 patients (s)",
            app.wall_s,
            15.0,
            f"{app.wall_s / bare.wall_s:.1f}x a bare json+sqlite3 loader ({bare.wall_s:.1f} s); "
            f"peak {app.rss_mib:.0f} MiB",
            " s",
        ),
        Result(
            "import peak memory, 100,000 vs 10,000 patients",
            app.rss_mib / small.rss_mib,
            MEMORY_RATIO_LIMIT,
            f"peak {app.rss_mib:.0f} MiB vs {small.rss_mib:.0f} MiB",
        ),
    ]
