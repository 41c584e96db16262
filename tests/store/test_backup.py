"""Backup and restore of the whole database, on SQLite and PostgreSQL (issue 14)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.visit import Visit
from planner.domain.vocab import Side
from planner.store.backup import BackupError, RestoreCancelled, backup, restore
from planner.store.database import open_store
from planner.store.engine import current_revision, run_alembic
from planner.store.revision import SCHEMA_HEAD
from planner.store.tables import Base

ROOT = Path(__file__).resolve().parents[2]

# Adds a whole case (patient, assessment, plan) per transaction until the stop file appears.
WRITER = """
import sys
from datetime import date
from pathlib import Path
from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.vocab import Side
from planner.store.database import open_store

store = open_store(sys.argv[1])
stop = Path(sys.argv[2])
i = 0
while not stop.exists():
    i += 1
    first = Assessment(date=date(2026, 10, 1), complaint="Neck pain", pain=PainScores(6, 3, 8))
    plan = Plan(acupoints=(AcupointTarget("GB21", Side.LEFT),))
    store.cases.import_cases([Case(Patient(f"Writer {i:05d}"), first, plan)])
store.close()
"""


@pytest.fixture
def other_url(database_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same backend as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other' / 'needleplan.sqlite'}"
        return
    server = request.getfixturevalue("pg_server")
    with server.database() as url:
        yield url


def _fill(url: str) -> None:
    """Patients with assessments, plans and visits, a protocol and a deleted patient."""
    store = open_store(url)
    try:
        first = Assessment(date=date(2026, 10, 1), complaint="Neck pain", pain=PainScores(7, 4, 9))
        plan = Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),))
        ids = store.cases.import_cases(
            [Case(Patient(name), first, plan) for name in ("Zoë Ñandú", "Bo Chen", "Ana López")]
        )
        saved = store.cases.get_case(ids[0]).plan
        assert saved is not None
        store.visits.add(
            ids[0],
            Visit(date=date(2026, 11, 2), plan_id=saved.id, nprs_before=6, subjective="stiff"),
            today=date(2026, 11, 20),
        )
        store.protocols.add(Protocol("Neck basic", (PlannedTarget("GB21", Side.RIGHT),)))
        store.patients.delete(ids[2])
    finally:
        store.close()


def _records(url: str) -> dict[str, Any]:
    """Everything a restore must bring back, by repository and by raw table counts."""
    store = open_store(url)
    try:
        cases = {c.patient.id: c for c in store.cases.iter_cases()}
        with store.engine.connect() as conn:
            counts = {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in Base.metadata.tables.items()
            }
        return {
            "cases": cases,
            "visits": {pid: store.visits.for_patient(pid, include_deleted=True) for pid in cases},
            "protocols": store.protocols.list(),
            "counts": counts,
            "revision": current_revision(store.engine),
        }
    finally:
        store.close()


def _wait_for_patients(url: str, at_least: int, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        store = open_store(url)
        try:
            count = store.patients.count()
        finally:
            store.close()
        if count >= at_least or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_while_another_process_writes_then_restore_brings_every_record_back(
    database_url: str, other_url: str, tmp_path: Path
) -> None:
    _fill(database_url)
    stop = tmp_path / "stop-writing"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, database_url, str(stop)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert _wait_for_patients(database_url, 2 + 20) >= 22  # it is writing
        before = _records(database_url)
        archive = tmp_path / "backups" / "clinic.backup"
        assert backup(database_url, archive) == SCHEMA_HEAD
        assert (
            _wait_for_patients(database_url, len(before["cases"]) + 40) >= len(before["cases"]) + 40
        )  # still writing after the backup
    finally:
        stop.touch()
        assert writer.wait(timeout=60) == 0
    after = _records(database_url)
    assert _mode(archive) == 0o600
    assert _mode(archive.parent) == 0o700
    assert [p.name for p in archive.parent.iterdir()] == ["clinic.backup"]  # no temp left

    done = restore(other_url, archive)
    assert (done.revision, done.upgraded_from, done.kept_aside) == (SCHEMA_HEAD, None, None)
    restored = _records(other_url)
    # One snapshot: everything committed before the backup began, then a run of the
    # writer's cases in the order they were committed, each whole, nothing torn.
    ids = sorted(restored["cases"])
    assert set(before["cases"]) <= set(ids) <= set(after["cases"])
    assert ids == sorted(after["cases"])[: len(ids)]
    assert all(restored["cases"][pid] == after["cases"][pid] for pid in ids)
    assert all(c.assessment is not None and c.plan is not None for c in restored["cases"].values())
    assert restored["visits"] == {pid: after["visits"][pid] for pid in ids}
    assert restored["protocols"] == after["protocols"] == before["protocols"]
    writer_cases = len(ids) - 2
    assert restored["counts"]["patients"] == writer_cases + 3  # the deleted patient too
    assert restored["counts"]["visits"] == 1
    assert restored["revision"] == SCHEMA_HEAD
    store = open_store(other_url)
    try:  # the restored database is usable: its ids go on from the restored rows
        added = store.patients.add(Patient("New after restore"))
        assert added.id is not None
        assert added.id > max(ids)
    finally:
        store.close()


def test_restore_over_a_database_keeps_it_aside_privately_and_restorable(
    database_url: str, other_url: str, tmp_path: Path
) -> None:
    _fill(database_url)
    archive = tmp_path / "clinic.backup"
    backup(database_url, archive)
    original = _records(database_url)
    store = open_store(database_url)
    try:
        store.patients.add(Patient("Added after the backup"))
    finally:
        store.close()
    changed = _records(database_url)

    done = restore(database_url, archive)
    assert _records(database_url) == original
    assert done.kept_aside is not None
    assert done.kept_aside.is_file()
    assert ".before-restore-" in done.kept_aside.name
    assert _mode(done.kept_aside) == 0o600
    # The database it replaced is whole in the kept copy: restored, it comes back.
    restore(other_url, done.kept_aside)
    assert _records(other_url)["counts"] == changed["counts"]


def test_restore_refuses_a_junk_file_and_changes_nothing(database_url: str, tmp_path: Path) -> None:
    _fill(database_url)
    before = _records(database_url)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(BackupError) as refused:
        restore(database_url, junk)
    assert str(refused.value) == (
        f"{junk} is not a Needleplan backup (neither a SQLite database nor a PostgreSQL"
        " archive); nothing was changed"
    )
    assert _records(database_url) == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_refuses_a_backup_cut_short_and_changes_nothing(
    database_url: str, other_url: str, tmp_path: Path
) -> None:
    store = open_store(other_url)
    try:
        store.cases.import_cases([Case(Patient(f"Patient {i:04d}")) for i in range(2000)])
    finally:
        store.close()
    archive = tmp_path / "clinic.backup"
    backup(other_url, archive)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) * 4 // 5])  # a copy that stopped part-way
    _fill(database_url)
    before = _records(database_url)
    with pytest.raises(BackupError) as refused:
        restore(database_url, archive)
    assert str(refused.value).startswith(f"{archive} is damaged")
    assert str(refused.value).endswith("; nothing was changed")
    assert "\n" not in str(refused.value)
    assert _records(database_url) == before


def _foreign_sqlite(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('not ours')")
    conn.close()
    return path


def test_restore_refuses_a_sqlite_file_that_is_not_needleplan(
    database_url: str, tmp_path: Path
) -> None:
    _fill(database_url)
    before = _records(database_url)
    foreign = _foreign_sqlite(tmp_path / "other-app.sqlite")
    with pytest.raises(BackupError) as refused:
        restore(database_url, foreign)
    message = str(refused.value)
    if database_url.startswith("sqlite"):
        assert message == (
            f"{foreign} is a SQLite database but not a Needleplan database (no patients table"
            " or schema version); nothing was changed"
        )
    else:
        assert message == (
            f"{foreign} is a SQLite backup: it can be restored only into a SQLite database;"
            " nothing was changed"
        )
    assert "\n" not in message
    assert _records(database_url) == before


@pytest.mark.postgres
def test_restore_refuses_a_postgresql_archive_that_is_not_needleplan(
    pg_server: Any, tmp_path: Path
) -> None:
    from planner.store.backup.postgres import _dump

    with pg_server.database() as foreign_url, pg_server.database() as url:
        store = open_store(foreign_url)
        try:
            with store.engine.begin() as conn:
                conn.execute(text("DROP TABLE patient_terms, patients CASCADE"))
        finally:
            store.close()
        archive = tmp_path / "other-app.dump"
        _dump(foreign_url, archive, "pg_dump")
        _fill(url)
        before = _records(url)
        with pytest.raises(BackupError, match="is a PostgreSQL archive but not a Needleplan"):
            restore(url, archive)
        assert _records(url) == before


def _set_revision(url: str, revision: str) -> None:
    store = open_store(url)
    try:
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        store.close()


def test_restore_refuses_a_newer_schema_and_changes_nothing(
    database_url: str, other_url: str, tmp_path: Path
) -> None:
    _fill(other_url)
    archive = tmp_path / "future.backup"
    backup(other_url, archive)
    if database_url.startswith("sqlite"):
        with sqlite3.connect(archive) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0099'")
        conn.close()
    else:  # an archive of a database a newer version wrote
        _set_revision(other_url, "0099")
        from planner.store.backup.postgres import _dump

        _dump(other_url, archive, "pg_dump")
    _fill(database_url)
    before = _records(database_url)
    with pytest.raises(BackupError) as refused:
        restore(database_url, archive)
    assert str(refused.value) == (
        f"{archive} was made by a newer Needleplan (schema 0099; this version reads up to"
        f" {SCHEMA_HEAD}): update Needleplan to restore it; nothing was changed"
    )
    assert _records(database_url) == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_upgrades_an_older_schema(
    database_url: str, other_url: str, tmp_path: Path
) -> None:
    _fill(other_url)
    kept = _records(other_url)
    store = open_store(other_url)
    try:
        run_alembic(store.engine, "downgrade", "0004")  # a database an older version wrote
    finally:
        store.engine.dispose()
    archive = tmp_path / "old.backup"
    assert backup(other_url, archive) == "0004"
    _fill(database_url)  # the current database is newer and has other rows

    done = restore(database_url, archive)
    assert (done.revision, done.upgraded_from) == (SCHEMA_HEAD, "0004")
    restored = _records(database_url)
    assert restored["revision"] == SCHEMA_HEAD
    # The audit trail began with revision 0007: a 0004 database had none to keep.
    assert restored["counts"] == kept["counts"] | {"audit_log": 0}
    assert {pid: c.patient.name for pid, c in restored["cases"].items()} == {
        pid: c.patient.name for pid, c in kept["cases"].items()
    }
    assert [p.name for p in restored["protocols"]] == ["Neck basic"]


def test_a_declined_restore_changes_nothing(database_url: str, tmp_path: Path) -> None:
    _fill(database_url)
    archive = tmp_path / "clinic.backup"
    backup(database_url, archive)
    store = open_store(database_url)
    try:
        store.patients.add(Patient("Added after the backup"))
    finally:
        store.close()
    before = _records(database_url)
    asked: list[bool] = []
    with pytest.raises(RestoreCancelled):
        restore(database_url, archive, confirm=lambda: asked.append(True) or False)
    assert asked == [True]
    assert _records(database_url) == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_sqlite_restore_reaches_a_database_another_connection_has_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    _fill(url)
    archive = tmp_path / "clinic.backup"
    backup(url, archive)
    app = open_store(url)  # the application, open meanwhile
    try:
        app.patients.add(Patient("Added after the backup"))
        assert app.patients.count() == 3
        restore(url, archive)
        assert app.patients.count() == 2  # it sees the restored database, not a stale file
        app.patients.add(Patient("Added after the restore"))
    finally:
        app.close()
    with sqlite3.connect(tmp_path / "live.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM patients").fetchone() == (4,)
    conn.close()


def test_backup_refuses_a_missing_database_and_the_database_itself(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.sqlite"
    with pytest.raises(BackupError, match="there is no database at"):
        backup(f"sqlite:///{missing}", tmp_path / "out.backup")
    assert not missing.exists()  # not created by trying
    live = tmp_path / "live.sqlite"
    _fill(f"sqlite:///{live}")
    with pytest.raises(BackupError, match="is the database itself"):
        backup(f"sqlite:///{live}", live)


@pytest.mark.postgres
def test_postgres_tools_never_see_the_password_on_their_command_line(
    pg_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store.backup import postgres

    seen: list[list[str]] = []
    real_run, real_popen = subprocess.run, subprocess.Popen

    def run(args: list[str], **kwargs: Any) -> Any:
        seen.append(list(args))
        return real_run(args, **kwargs)

    def popen(args: list[str], **kwargs: Any) -> Any:
        seen.append(list(args))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(postgres.subprocess, "run", run)
    monkeypatch.setattr(postgres.subprocess, "Popen", popen)
    with pg_server.database() as url, pg_server.database() as other:
        _fill(url)
        backup(url, tmp_path / "clinic.backup")
        _fill(other)
        restore(other, tmp_path / "clinic.backup")
    assert {Path(args[0]).name for args in seen} >= {"pg_dump", "pg_restore", "psql"}
    assert not any(pg_server.password in arg for args in seen for arg in args)
