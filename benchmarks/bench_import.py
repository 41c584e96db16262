"""`needleplan import` of 100,000 patients from JSON Lines into a fresh SQLite database."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from benchmarks.data import write_jsonl
from benchmarks.measure import run_once
from benchmarks.report import Result

COUNT = 100_000

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


def run(workdir: Path) -> list[Result]:
    source = workdir / "import-100k.jsonl"
    if not source.exists():
        write_jsonl(source, COUNT)
    for name in ("import-bare.sqlite", "import-app.sqlite"):
        for f in workdir.glob(name + "*"):
            f.unlink()
    bare = run_once([sys.executable, "-c", _BARE, str(source), str(workdir / "import-bare.sqlite")])
    exe = shutil.which("needleplan") or str(Path(sys.executable).with_name("needleplan"))
    url = f"sqlite:///{workdir / 'import-app.sqlite'}"
    app = run_once([exe, "--database-url", url, "import", str(source)])
    return [
        Result(
            "import 100,000 patients (s)",
            app.wall_s,
            15.0,
            f"{app.wall_s / bare.wall_s:.1f}x a bare json+sqlite3 loader ({bare.wall_s:.1f} s); "
            f"peak {app.rss_mib:.0f} MiB",
            " s",
        ),
    ]
