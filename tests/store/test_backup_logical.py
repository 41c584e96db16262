"""PostgreSQL without pg_dump (issue 14): `backup` writes Needleplan's logical archive, and
`restore` checks it, keeps the current database aside and replaces every row in one
transaction; an older archive is upgraded, a junk, cut or newer one refused."""

from __future__ import annotations

import gzip
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import create_engine, select, text

from planner.cli import main
from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.history import PatientHistory, ProtocolRecord
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.visit import Visit
from planner.domain.vocab import Side
from planner.store.backup import BackupError, backup, restore
from planner.store.backup.archive import FORMAT, SUFFIX, looks_like_archive
from planner.store.database import open_store
from planner.store.engine import current_revision, run_alembic
from planner.store.location import describe
from planner.store.revision import SCHEMA_HEAD
from planner.store.tables import Base
from tests.casefile.history_strategies import histories, protocol_lists
from tests.store.test_backup import WRITER
from tests.support.postgres import Server

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
NOTHING = "; nothing was changed"
# Values COPY's text form must escape: a row that reads `\.`, tabs, backslashes, newlines.
AWKWARD = "line one\n\\.\n\ttab \\N back\\slash \r\n“quoted” 🪡 ñ"


@pytest.fixture
def no_pg_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL's client programs are nowhere to be found (PATH nor Debian's folders)."""
    from planner.store.backup import postgres

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(postgres, "PG_BIN_GLOB", str(tmp_path / "no-such" / "*" / "bin"))
    assert postgres.find_tool("pg_dump") is None


@pytest.fixture
def two(pg_server: Server) -> Iterator[tuple[str, str]]:
    with pg_server.database() as first, pg_server.database() as second:
        yield first, second


def _fill(url: str) -> list[int]:
    """Cases with awkward text, a visit, a protocol and a deleted patient; their ids."""
    store = open_store(url)
    try:
        first = Assessment(date=date(2026, 10, 1), complaint=AWKWARD, pain=PainScores(7, 4, 9))
        plan = Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),))
        ids = store.cases.import_cases(
            [Case(Patient(n, notes=AWKWARD), first, plan) for n in ("Zoë Ñandú", "Bo", "Ana")]
        )
        saved = store.cases.get_case(ids[0]).plan
        assert saved is not None
        store.visits.add(
            ids[0],
            Visit(date=date(2026, 11, 2), plan_id=saved.id, nprs_before=6, subjective=AWKWARD),
            today=date(2026, 11, 20),
        )
        store.patients.delete(ids[2])
        return list(ids)
    finally:
        store.close()


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of ours, as the database hands them back, in key order.
    The audit trail's author account and time are left out: a trigger may write them."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = {}
            for table in Base.metadata.sorted_tables:
                columns = [
                    c
                    for c in table.columns
                    if table.name != "audit_log" or c.name not in ("account", "at")
                ]
                query = select(*columns).order_by(*table.primary_key.columns)
                found[table.name] = [tuple(r) for r in conn.execute(query)]
            return found
    finally:
        engine.dispose()


def _everything(url: str) -> tuple[list[PatientHistory], list[ProtocolRecord], str | None]:
    store = open_store(url)
    try:
        return (
            list(store.histories.iter_histories()),
            list(store.histories.iter_protocols()),
            current_revision(store.engine),
        )
    finally:
        store.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _next_id(url: str) -> int:
    store = open_store(url)
    try:
        added = store.patients.add(Patient("Added later"))
        assert added.id is not None
        return added.id
    finally:
        store.close()


def test_backup_without_pg_dump_writes_a_private_logical_archive(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = two
    _fill(url)
    archive = tmp_path / "backups" / "clinic.backup"
    assert backup(url, archive) == SCHEMA_HEAD
    assert _mode(archive) == 0o600
    assert _mode(archive.parent) == 0o700
    assert [p.name for p in archive.parent.iterdir()] == ["clinic.backup"]  # no temp left
    assert looks_like_archive(archive)
    with gzip.open(archive, "rt", encoding="utf-8") as lines:
        header = lines.readline()
        headings = [line for line in lines if line.startswith('{"table":')]
    assert f'"format":"{FORMAT}","revision":"{SCHEMA_HEAD}"' in header
    # Every table of ours, parents first, taken from the tables' metadata (not a list here).
    named = [h.split('"')[3] for h in headings]
    assert named == [t.name for t in Base.metadata.sorted_tables]


def test_a_logical_archive_restored_into_a_fresh_database_gives_every_row_back(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, fresh = two
    ids = _fill(url)
    store = open_store(url)
    try:  # the newest patient goes for good: its id stays used after a restore
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM patients WHERE id = :i"), {"i": ids[-1]})
    finally:
        store.close()
    archive = tmp_path / "clinic.backup"
    backup(url, archive)

    done = restore(fresh, archive)
    assert (done.revision, done.upgraded_from, done.kept_aside) == (SCHEMA_HEAD, None, None)
    assert _rows(fresh) == _rows(url)
    assert _everything(fresh) == _everything(url)
    assert _next_id(fresh) == _next_id(url) == ids[-1] + 1  # the sequence where it stood


ROUND_TRIP = settings(
    deadline=None,
    max_examples=6,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@ROUND_TRIP
@given(protocol_lists(), histories())
def test_generated_histories_come_back_identical(
    no_pg_dump: None,
    pg_server: Server,
    tmp_path: Path,
    protocols: list[ProtocolRecord],
    history: PatientHistory,
) -> None:
    with pg_server.database() as url, pg_server.database() as other:
        store = open_store(url)
        try:
            store.histories.import_records([*protocols, history, history])
        finally:
            store.close()
        _fill(other)  # the database restored over has rows of its own
        archive = tmp_path / f"generated-{os.urandom(4).hex()}.backup"
        backup(url, archive)
        restore(other, archive, keep_aside=False)
        assert _everything(other) == _everything(url)
        assert _rows(other) == _rows(url)


def _wait_for_patients(url: str, at_least: int, timeout: float = 60.0) -> int:
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as conn:
                count = conn.execute(text("SELECT count(*) FROM patients")).scalar_one()
            if count >= at_least or time.monotonic() > deadline:
                return int(count)
            time.sleep(0.05)
    finally:
        engine.dispose()


def test_a_backup_taken_while_another_process_writes_is_one_snapshot(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, fresh = two
    _fill(url)
    stop = tmp_path / "stop-writing"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(stop)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert _wait_for_patients(url, 3 + 20) >= 23  # it is writing
        archive = tmp_path / "clinic.backup"
        backup(url, archive)
        taken = _wait_for_patients(url, 0)
        assert _wait_for_patients(url, taken + 20) >= taken + 20  # still writing after it
    finally:
        stop.touch()
        assert writer.wait(timeout=60) == 0
    after = _rows(url)
    restore(fresh, archive)
    restored = _rows(fresh)
    # Everything committed up to one moment, each of the writer's cases whole, nothing after.
    ids = [row[0] for row in restored["patients"]]
    assert 23 <= len(ids) < len(after["patients"])
    assert ids == [row[0] for row in after["patients"]][: len(ids)]
    for table, rows in restored.items():
        assert rows == [r for r in after[table] if r in rows]
    count = len(ids)
    assert [len(restored[t]) for t in ("assessments", "plans", "plan_targets")] == [count] * 3


def _rewrite(archive: Path, change: Any) -> None:
    """Write `archive` again with `change` applied to its decompressed bytes."""
    with gzip.open(archive, "rb") as fh:
        data = fh.read()
    changed = change(data)
    assert changed != data
    archive.write_bytes(gzip.compress(changed))


def _refused(url: str, archive: Path, tmp_path: Path) -> str:
    before = _rows(url)
    with pytest.raises(BackupError) as refused:
        restore(url, archive)
    message = str(refused.value)
    assert "\n" not in message
    assert message.endswith(NOTHING)
    assert _rows(url) == before
    assert not list(tmp_path.rglob("*.before-restore-*"))
    return message


def test_restore_refuses_junk_a_cut_archive_and_a_newer_one_and_changes_nothing(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, other = two
    _fill(url)
    _fill(other)
    store = open_store(other)
    try:  # enough rows that the middle of the file is well past its header
        store.cases.import_cases([Case(Patient(f"Patient {i:04d}")) for i in range(500)])
    finally:
        store.close()
    archive = tmp_path / "clinic.backup"
    backup(other, archive)
    whole = archive.read_bytes()
    not_ours = "is not a Needleplan backup (neither a SQLite database nor a PostgreSQL archive)"

    junk = tmp_path / "junk.backup"
    junk.write_bytes(os.urandom(4096))
    assert _refused(url, junk, tmp_path) == f"{junk} {not_ours}{NOTHING}"
    junk.write_bytes(gzip.compress(b'{"format": "something-else/1"}\n' + os.urandom(64)))
    assert _refused(url, junk, tmp_path) == f"{junk} {not_ours}{NOTHING}"

    archive.write_bytes(whole[: len(whole) * 3 // 4])  # a copy that stopped part-way
    assert _refused(url, archive, tmp_path) == (
        f"{archive} is damaged (it ends before its last table: the copy was cut short){NOTHING}"
    )
    archive.write_bytes(whole[:-8] + bytes(b ^ 0xFF for b in whole[-8:-4]) + whole[-4:])
    assert _refused(url, archive, tmp_path).startswith(
        f"{archive} is damaged (the compressed data is not as written: CRC check failed"
    )
    middle = len(whole) // 2
    archive.write_bytes(whole[:middle] + bytes([whole[middle] ^ 0x55]) + whole[middle + 1 :])
    assert _refused(url, archive, tmp_path).startswith(f"{archive} is damaged (")
    archive.write_bytes(whole)
    _rewrite(archive, lambda data: data.replace(b"Zo\xc3\xab", b"Zoe", 1))  # a row gone astray
    _rewrite(archive, lambda data: data.replace(b"\\.\n", b"", 1))
    assert "is damaged" in _refused(url, archive, tmp_path)

    archive.write_bytes(whole)
    _rewrite(archive, lambda data: data.replace(f'"{SCHEMA_HEAD}"'.encode(), b'"0099"', 1))
    assert _refused(url, archive, tmp_path) == (
        f"{archive} was made by a newer Needleplan (schema 0099; this version reads up to"
        f" {SCHEMA_HEAD}): update Needleplan to restore it{NOTHING}"
    )
    archive.write_bytes(whole)
    _rewrite(archive, lambda data: data.replace(FORMAT.encode(), b"needleplan-pg-archive/2", 1))
    assert _refused(url, archive, tmp_path) == (
        f"{archive} was made by a newer Needleplan (archive format needleplan-pg-archive/2;"
        f" this version reads {FORMAT}): update Needleplan to restore it{NOTHING}"
    )


def test_a_restore_that_fails_part_way_leaves_the_database_as_it_was(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, other = two
    _fill(url)
    _fill(other)
    archive = tmp_path / "clinic.backup"
    backup(other, archive)
    # Whole and counted, but the last table's first value is no number: its COPY fails after
    # every other table was emptied and loaded.
    last = Base.metadata.sorted_tables[-1].name
    store = open_store(other)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text(f'SELECT count(*) FROM "{last}"')).scalar_one() > 0
    finally:
        store.close()

    def spoil(data: bytes) -> bytes:
        heading = data.index(f'{{"table":"{last}"'.encode())
        row = data.index(b"\n", heading) + 1
        return data[:row] + b"x" + data[row:]

    _rewrite(archive, spoil)
    before = _rows(url)
    with pytest.raises(BackupError) as refused:
        restore(url, archive, keep_aside=False)
    assert str(refused.value) == (
        f"could not restore {archive} into {describe(url)} (invalid input syntax for type"
        f' integer: "…"){NOTHING}'
    )
    assert _rows(url) == before


def test_restore_keeps_the_current_database_aside_as_a_logical_archive(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, other = two
    _fill(url)
    archive = tmp_path / "clinic.backup"
    backup(url, archive)
    original = _rows(url)
    store = open_store(url)
    try:
        store.patients.add(Patient("Added after the backup"))
    finally:
        store.close()
    changed = _rows(url)

    done = restore(url, archive)
    assert _rows(url) == original
    assert done.kept_aside is not None
    assert done.kept_aside.parent == tmp_path
    assert done.kept_aside.name.endswith(SUFFIX)
    assert ".before-restore-" in done.kept_aside.name
    assert _mode(done.kept_aside) == 0o600
    assert looks_like_archive(done.kept_aside)
    restore(other, done.kept_aside)  # the database it replaced is whole in it
    assert _rows(other) == changed


def test_an_older_archive_is_upgraded_and_the_live_tables_are_kept(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, old = two
    _fill(old)
    kept = _everything(old)
    store = open_store(old)
    try:
        run_alembic(store.engine, "downgrade", "0004")  # a database an older version wrote
    finally:
        store.close()
    archive = tmp_path / "old.backup"
    assert backup(old, archive) == "0004"
    _fill(url)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("GRANT SELECT ON patients TO PUBLIC"))
            table = conn.execute(text("SELECT 'patients'::regclass::oid")).scalar_one()

        done = restore(url, archive, keep_aside=False)
        assert (done.revision, done.upgraded_from) == (SCHEMA_HEAD, "0004")
        with engine.connect() as conn:
            # The same table, its grant kept: rows were replaced, the table not dropped.
            assert conn.execute(text("SELECT 'patients'::regclass::oid")).scalar_one() == table
            granted = "SELECT has_table_privilege('public', 'patients', 'SELECT')"
            assert conn.execute(text(granted)).scalar_one() is True
            schemas = "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'needleplan_restore%'"
            assert conn.execute(text(schemas)).scalar_one() == 0  # no scratch schema left
    finally:
        engine.dispose()
    histories, protocols, revision = _everything(url)
    assert revision == SCHEMA_HEAD
    assert (histories, protocols) == kept[:2]
    assert _next_id(url) > max(row[0] for row in _rows(url)["patients"][:-1])


def test_a_sqlite_database_refuses_a_logical_archive(
    no_pg_dump: None, pg_server: Server, tmp_path: Path
) -> None:
    lite = f"sqlite:///{tmp_path / 'needleplan.sqlite'}"
    _fill(lite)
    with pg_server.database() as url:
        _fill(url)
        backup(url, tmp_path / "clinic.backup")
    with pytest.raises(BackupError) as refused:
        restore(lite, tmp_path / "clinic.backup")
    assert str(refused.value) == (
        f"{tmp_path / 'clinic.backup'} is a PostgreSQL backup: it can be restored only into a"
        f" PostgreSQL database{NOTHING}"
    )


def test_the_command_line_without_pg_dump(
    no_pg_dump: None,
    two: tuple[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _ = two
    _fill(url)
    archive = tmp_path / "clinic.backup"
    assert main(["--database-url", url, "backup", "-o", str(archive)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        f"Backed up the database at {describe(url)} to {archive} (schema {SCHEMA_HEAD}; a"
        " Needleplan archive, as pg_dump was not found).\n",
        "",
    )
    original = _rows(url)
    store = open_store(url)
    try:
        store.patients.add(Patient("Added after the backup"))
    finally:
        store.close()

    assert main(["--database-url", url, "restore", str(archive), "--yes"]) == 0
    out, err = capsys.readouterr()
    [kept] = tmp_path.glob(f"*.before-restore-*{SUFFIX}")
    assert (out, err) == (
        f"Restored {archive} into the database at {describe(url)};"
        f" the previous database was kept at {kept}.\n",
        "",
    )
    # The command line appends the restore itself to the restored trail (and only that).
    restore_entry = original["audit_log"][-1][0] + 1
    restored = _rows(url)
    assert restored["audit_log"].pop()[:3] == (restore_entry, "restore", "database")
    assert restored == original
    original = _rows(url)

    cut = tmp_path / "cut.backup"
    cut.write_bytes(archive.read_bytes()[:-40])
    assert main(["--database-url", url, "restore", str(cut), "--yes"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"needleplan: error: {cut} is damaged (it ends before its last table: the copy was"
        f" cut short){NOTHING}\n"
    )
    assert _rows(url) == original


def test_a_restore_waits_for_an_open_transaction_then_gives_up_clearly(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store.backup import logical_restore as logical

    url, other = two
    _fill(url)
    _fill(other)
    archive = tmp_path / "clinic.backup"
    backup(other, archive)
    before = _rows(url)
    monkeypatch.setattr(logical, "LOCK_TIMEOUT", "1s")
    engine = create_engine(url)
    try:
        with engine.connect() as reading:  # the application, half-way through a read
            reading.execute(text("SELECT count(*) FROM patients")).scalar_one()
            with pytest.raises(BackupError) as refused:
                restore(url, archive, keep_aside=False)
    finally:
        engine.dispose()
    assert str(refused.value) == (
        f"{describe(url)} is in use: a transaction held its tables for more than 1s; nothing was"
        " changed, try again when it has finished"
    )
    assert _rows(url) == before


def test_automatic_backups_without_pg_dump_are_logical_archives_and_rotate(
    no_pg_dump: None, pg_server: Server, tmp_path: Path
) -> None:
    from datetime import datetime, timedelta

    from planner.store.backup.rotation import automatic_backups, take_automatic_backup

    folder = tmp_path / "auto"
    with pg_server.database() as url:
        _fill(url)
        start = datetime(2026, 12, 1, 9)
        made = [take_automatic_backup(url, folder, 2, start + timedelta(days=d)) for d in range(3)]
    # Named as any PostgreSQL backup (the GUI's dialogs know .dump), recognised by content.
    assert all(p.name.endswith(".dump") for p in made)
    assert sorted(folder.iterdir()) == made[1:]  # the oldest was deleted: the newest 2 kept
    assert all(looks_like_archive(p) for p in made[1:])
    assert [name for _, name in automatic_backups(p.name for p in made)] == [
        p.name for p in reversed(made)
    ]
    assert {_mode(p) for p in made[1:]} == {0o600}


def test_a_pg_dump_archive_restored_without_pg_dump_keeps_the_current_one_as_an_archive(
    two: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store.backup import postgres

    url, other = two
    _fill(url)
    dump = tmp_path / "clinic.dump"
    backup(url, dump)  # pg_dump's own archive
    assert dump.read_bytes().startswith(b"PGDMP")
    _fill(other)
    replaced = _rows(other)
    found = postgres.find_tool
    monkeypatch.setattr(
        postgres, "find_tool", lambda name: None if name == "pg_dump" else found(name)
    )

    done = restore(other, dump)  # pg_restore and psql are still there
    assert _rows(other) == _rows(url)
    assert done.kept_aside is not None
    assert done.kept_aside.name.endswith(SUFFIX)
    assert looks_like_archive(done.kept_aside)
    restore(url, done.kept_aside, keep_aside=False)
    assert _rows(url) == replaced


def test_a_backup_that_fails_part_way_leaves_the_earlier_file_and_no_other(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, empty = two
    archive = tmp_path / "clinic.backup"
    with pytest.raises(BackupError) as refused:
        backup(empty, archive)
    assert (
        str(refused.value) == f"{describe(empty)} holds no Needleplan database: nothing to back up"
    )
    assert list(tmp_path.iterdir()) == []

    _fill(url)
    backup(url, archive)
    earlier = archive.read_bytes()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:  # the last table cannot be read: found half-way
            conn.execute(
                text(f'REVOKE SELECT ON "{Base.metadata.sorted_tables[-1].name}" FROM CURRENT_USER')
            )
    finally:
        engine.dispose()
    with pytest.raises(BackupError) as refused:
        backup(url, archive)
    assert str(refused.value) == (
        f"reading {describe(url)} for a backup failed: permission denied for table"
        f" {Base.metadata.sorted_tables[-1].name}"
    )
    assert archive.read_bytes() == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["clinic.backup"]


def test_restore_upgrades_an_older_database_it_replaces_and_refuses_a_newer_one(
    no_pg_dump: None, two: tuple[str, str], tmp_path: Path
) -> None:
    url, other = two
    _fill(other)
    archive = tmp_path / "clinic.backup"
    backup(other, archive)
    _fill(url)
    store = open_store(url)
    try:
        run_alembic(store.engine, "downgrade", "0004")  # an older version's database
    finally:
        store.close()
    restore(url, archive, keep_aside=False)
    assert _rows(url) == _rows(other)
    assert _everything(url)[2] == SCHEMA_HEAD

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    finally:
        engine.dispose()
    with pytest.raises(BackupError) as refused:
        restore(url, archive)
    assert str(refused.value) == (
        f"{describe(url)} was written by a newer Needleplan (schema 0099; this version knows up"
        f" to {SCHEMA_HEAD}): restore with that version{NOTHING}"
    )
    assert not list(tmp_path.glob("*.before-restore-*"))
