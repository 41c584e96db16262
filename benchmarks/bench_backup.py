"""`needleplan backup` and `needleplan restore` of a 100,000-patient SQLite database, each
against a bare copy of the same file (what a file manager would do) in the same run; and on
PostgreSQL, Needleplan's logical archive (written where pg_dump is missing) of 10,000 and
100,000 patients against a bare COPY of the same rows, with pg_dump's times beside it."""

from __future__ import annotations

import contextlib
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks.data import names
from benchmarks.measure import Run, paired_medians, run_once
from benchmarks.report import Result
from benchmarks.seed import seeded_database
from planner.domain.case import Case
from planner.domain.patient import Patient

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
        *postgres_results(workdir),
    ]


# PostgreSQL: Needleplan's logical archive (what `backup` writes where pg_dump is missing)
# against a bare COPY of the same tables' rows, and pg_dump's times beside it.
PG_COUNTS = (10_000, 100_000)
PG_REPEATS = 3
# Measured on 2 shared cores: backup 2.0-2.5x (100,000) and 2.8-3.2x (10,000, where most of
# it is the command's start-up: 0.2 s of its 0.5 s) the bare COPY, restore 1.5-2.2x; the
# archive is gzip'd, a restore reads it twice (checked first) and keeps the current
# database aside before loading.
PG_BACKUP_LIMIT = 5.0
PG_RESTORE_LIMIT = 4.0

# The command line as installed, with pg_dump nowhere to be found (PATH is emptied too).
_WITHOUT_PG_DUMP = (
    "import sys; from planner.store.backup import postgres;"
    " postgres.PG_BIN_GLOB = '/nonexistent/*/bin';"
    " from planner.cli import main; sys.exit(main(sys.argv[1:]))"
)
# The floor: every table's rows as COPY text in one snapshot, uncompressed, one file each.
_BARE_COPY_OUT = """
import sys
from pathlib import Path
import psycopg
url, out, tables = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
with psycopg.connect(url) as conn:
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    with conn.transaction():
        for n, table in enumerate(tables):
            with open(out / f"{n:03d}-{table}", "wb") as fh, conn.cursor() as cur:
                with cur.copy(f'COPY "{table}" TO STDOUT') as copy:
                    for data in copy:
                        fh.write(data)
"""
# ... and back: empty the tables and COPY those files in, in one transaction.
_BARE_COPY_IN = """
import sys
from pathlib import Path
import psycopg
url, folder = sys.argv[1], Path(sys.argv[2])
files = sorted(folder.iterdir())
with psycopg.connect(url) as conn, conn.transaction():
    names = ", ".join('"' + f.name[4:] + '"' for f in files)
    conn.execute(f"TRUNCATE TABLE {names}")
    for f in files:
        with conn.cursor() as cur, cur.copy(f'COPY "{f.name[4:]}" FROM STDIN') as copy:
            with open(f, "rb") as fh:
                while data := fh.read(1 << 20):
                    copy.write(data)
"""


def _median(runs: list[Run]) -> float:
    return statistics.median(r.wall_s for r in runs)


def _seed_postgres(url: str, count: int) -> None:
    from planner.store.database import open_store

    store = open_store(url)
    try:
        store.cases.import_cases([Case(Patient(n)) for n in names(count)])
    finally:
        store.close()


def _postgres_sizes(workdir: Path, server: Any, count: int) -> list[Result]:
    from planner.store.tables import Base

    tables = [t.name for t in Base.metadata.sorted_tables]
    no_tools = workdir / "no-tools"
    no_tools.mkdir(exist_ok=True)
    logical_env = {"PATH": str(no_tools)}
    logical = [sys.executable, "-c", _WITHOUT_PG_DUMP]
    bare_dir = workdir / f"bare-{count}"
    archive, dump = workdir / f"pg-{count}.archive.gz", workdir / f"pg-{count}.dump"
    with server.database() as url, server.database() as target:
        _seed_postgres(url, count)
        _seed_postgres(target, count)
        libpq = url.replace("postgresql+psycopg://", "postgresql://")
        libpq_target = target.replace("postgresql+psycopg://", "postgresql://")
        times: dict[str, list[Run]] = {}
        for _ in range(PG_REPEATS):  # in turns, so a busy machine slows each alike
            shutil.rmtree(bare_dir, ignore_errors=True)
            bare_dir.mkdir()
            steps = {
                "bare out": (
                    [sys.executable, "-c", _BARE_COPY_OUT, libpq, str(bare_dir), *tables],
                    None,
                ),
                "logical backup": (
                    [*logical, "--database-url", url, "backup", "-o", str(archive)],
                    logical_env,
                ),
                "pg_dump backup": (
                    [_needleplan(), "--database-url", url, "backup", "-o", str(dump)],
                    None,
                ),
                "bare in": (
                    [sys.executable, "-c", _BARE_COPY_IN, libpq_target, str(bare_dir)],
                    None,
                ),
                "logical restore": (
                    [*logical, "--database-url", target, "restore", str(archive), "--yes"],
                    logical_env,
                ),
                "pg_dump restore": (
                    [_needleplan(), "--database-url", target, "restore", str(dump), "--yes"],
                    None,
                ),
            }
            for name, (cmd, env) in steps.items():
                times.setdefault(name, []).append(run_once(cmd, env))
                _clear(workdir, "*.before-restore-*")
        size_mib = archive.stat().st_size / 2**20
        dump_mib = dump.stat().st_size / 2**20
    shutil.rmtree(bare_dir, ignore_errors=True)
    archive.unlink()
    dump.unlink()
    t = {name: _median(runs) for name, runs in times.items()}
    label = f"{count:,}"
    return [
        Result(
            f"PostgreSQL logical backup {label} patients",
            t["logical backup"] / t["bare out"],
            PG_BACKUP_LIMIT,
            f"{t['logical backup']:.2f} s vs a bare COPY of the rows {t['bare out']:.2f} s;"
            f" pg_dump {t['pg_dump backup']:.2f} s; archive {size_mib:.1f} MiB, dump"
            f" {dump_mib:.1f} MiB",
        ),
        Result(
            f"PostgreSQL logical restore {label} patients",
            t["logical restore"] / t["bare in"],
            PG_RESTORE_LIMIT,
            f"{t['logical restore']:.2f} s vs a bare COPY in {t['bare in']:.2f} s; pg_restore"
            f" {t['pg_dump restore']:.2f} s; both check the file and keep the database aside",
        ),
    ]


def postgres_results(workdir: Path) -> list[Result]:
    """The PostgreSQL section, on NEEDLEPLAN_TEST_POSTGRES_URL's server or a throwaway one
    (tests.support.postgres); none when no server can be had."""
    from tests.support.postgres import postgres_server

    pg_dir = workdir / "pg"
    pg_dir.mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(postgres_server(pg_dir))
        except RuntimeError as exc:
            print(f"skip PostgreSQL backup and restore: {exc}", flush=True)
            return []
        return [r for n in PG_COUNTS for r in _postgres_sizes(workdir, server, n)]
