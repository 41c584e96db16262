"""`needleplan backup` and `needleplan restore` of a 100,000-patient SQLite database, each
against a bare copy of the same file (what a file manager would do) in the same run."""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from benchmarks.measure import Run, paired_medians, run_once
from benchmarks.report import Result
from benchmarks.seed import seeded_database

COUNT = 100_000
REPEATS = 3
# 0.6-2.5 s and 0.9-3 s measured on 2 shared cores: most of it is the command's start-up and
# SQLite's integrity check of the copy; the copy itself is close to a file copy.
BACKUP_LIMIT_S = 5.0
RESTORE_LIMIT_S = 8.0

_BARE_COPY = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"


def _needleplan() -> str:
    return shutil.which("needleplan") or str(Path(sys.executable).with_name("needleplan"))


def _clear(folder: Path, pattern: str) -> None:
    for f in folder.glob(pattern):
        f.unlink()


def _restores(workdir: Path, archive: Path) -> tuple[Run, Run]:
    """Median of REPEATS restores over a database that exists (so it is kept aside first),
    each paired with a bare copy of the archive made just before it."""
    live = workdir / "restore-live.sqlite"
    bares, apps = [], []
    for _ in range(REPEATS):
        _clear(workdir, "restore-live.sqlite*")
        _clear(workdir, "restore-bare.sqlite")
        shutil.copyfile(archive, live)  # the database the restore replaces, not timed
        bares.append(
            run_once(
                [
                    sys.executable,
                    "-c",
                    _BARE_COPY,
                    str(archive),
                    str(workdir / "restore-bare.sqlite"),
                ]
            )
        )
        url = f"sqlite:///{live}"
        apps.append(
            run_once([_needleplan(), "--database-url", url, "restore", str(archive), "--yes"])
        )
    medians = []
    for runs in (bares, apps):
        medians.append(
            Run(
                statistics.median(r.wall_s for r in runs),
                statistics.median(r.rss_mib for r in runs),
                runs[-1].stdout,
            )
        )
    _clear(workdir, "restore-live.sqlite*")
    _clear(workdir, "restore-bare.sqlite")
    return medians[0], medians[1]


def run(workdir: Path) -> list[Result]:
    db = seeded_database(workdir, COUNT)
    size_mib = db.stat().st_size / 2**20
    archive = workdir / "backup-100k.sqlite"
    bare_target = workdir / "backup-bare.sqlite"
    bare, app = paired_medians(
        [sys.executable, "-c", _BARE_COPY, str(db), str(bare_target)],
        [_needleplan(), "--database-url", f"sqlite:///{db}", "backup", "-o", str(archive)],
        REPEATS,
    )
    bare_target.unlink(missing_ok=True)
    restore_bare, restore_app = _restores(workdir, archive)
    return [
        Result(
            "backup 100,000 patients (s)",
            app.wall_s,
            BACKUP_LIMIT_S,
            f"{app.wall_s / bare.wall_s:.1f}x a bare file copy ({bare.wall_s:.2f} s) of the"
            f" {size_mib:.0f} MiB database; both timed as whole processes",
            " s",
        ),
        Result(
            "restore 100,000 patients (s)",
            restore_app.wall_s,
            RESTORE_LIMIT_S,
            f"{restore_app.wall_s / restore_bare.wall_s:.1f}x a bare file copy"
            f" ({restore_bare.wall_s:.2f} s); checks it, keeps the old database aside, replaces it",
            " s",
        ),
    ]
