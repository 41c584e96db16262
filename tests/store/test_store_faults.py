"""Issue 11, items 1-4 and 9 (read-only and uncreatable databases): faults end in a clear
DatabaseError (one line, exit 2 from the command line), and nothing is lost."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect

from planner.cli import main
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.store import engine as engine_module
from planner.store import listing
from planner.store.database import open_store
from planner.store.directory import open_directory
from planner.store.engine import (
    _copy_sqlite,
    create_database_engine,
    current_revision,
    run_alembic,
)
from planner.store.lazy import LazyDatabase
from planner.store.location import DatabaseError
from planner.store.revision import SCHEMA_HEAD
from tests.support.postgres import Server

ROOT = Path(__file__).resolve().parents[2]


def _seed_cases(url: str, count: int = 3) -> list[int]:
    store = open_store(url)
    try:
        plan = Plan(acupoints=(AcupointTarget("GB21"),), start_date=date(2026, 11, 24))
        cases = [Case(Patient(f"Ana López {i}"), plan=plan) for i in range(count)]
        return store.cases.import_cases(cases)
    finally:
        store.close()


def _names(url: str) -> list[str]:
    store = open_store(url)
    try:
        return sorted(p.name for p in store.patients.search(""))
    finally:
        store.close()


def _python(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


# -- 1. An upgrade is all or nothing ---------------------------------------------------------

_KILL_AFTER_FIRST_ALTER_OF_0003 = """
import os, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "after_cursor_execute")
def _exit(conn, cursor, statement, *rest):
    if statement.lstrip().upper().startswith("ALTER TABLE") and "course_override" in statement:
        os._exit(9)

from planner.store.database import open_store
open_store(sys.argv[1])
print("upgrade finished without reaching the ALTER")
"""


def test_upgrade_killed_after_its_first_alter_leaves_the_old_revision(database_url: str) -> None:
    ids = _seed_cases(database_url)
    store = open_store(database_url)
    run_alembic(store.engine, "downgrade", "0002")
    store.close()

    killed = _python(_KILL_AFTER_FIRST_ALTER_OF_0003, database_url)
    assert killed.returncode == 9, killed.stdout + killed.stderr

    engine = create_database_engine(database_url)
    try:
        assert current_revision(engine) == "0002"
        columns = {c["name"] for c in inspect(engine).get_columns("plans")}
        assert "course_override" not in columns  # the ALTER was rolled back with the rest
    finally:
        engine.dispose()

    reopened = open_store(database_url)
    try:
        assert current_revision(reopened.engine) == SCHEMA_HEAD
        assert [reopened.cases.get_case(i).patient.name for i in ids] == [
            f"Ana López {i}" for i in range(3)
        ]
        assert all(reopened.cases.get_case(i).plan is not None for i in ids)
    finally:
        reopened.close()


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def _half_upgrade_as_before(db: Path, *, good_backup: bool) -> None:
    """What the earlier version left: a backup, then 0003's first ALTER committed alone."""
    url = f"sqlite:///{db}"
    store = open_store(url)
    run_alembic(store.engine, "downgrade", "0002")
    store.close()
    backup = db.with_name(f"{db.stem}.before-{SCHEMA_HEAD}.bak")
    if good_backup:
        _copy_sqlite(db, backup)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE plans ADD COLUMN course_override JSON")
    if not good_backup:  # the earlier version copied the broken file over it on the next open
        _copy_sqlite(db, backup)


def test_half_upgraded_database_is_restored_from_its_backup_and_upgraded(
    tmp_path: Path,
) -> None:
    db = tmp_path / "needleplan.sqlite"
    url = f"sqlite:///{db}"
    _seed_cases(url)
    _half_upgrade_as_before(db, good_backup=True)

    store = open_store(url)
    try:
        assert current_revision(store.engine) == SCHEMA_HEAD
        assert sorted(p.name for p in store.patients.search("")) == [
            f"Ana López {i}" for i in range(3)
        ]
    finally:
        store.close()
    assert (tmp_path / "needleplan.half-upgraded.bak").is_file()  # the broken file, kept aside


def test_half_upgraded_database_with_no_good_copy_names_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "needleplan.sqlite"
    url = f"sqlite:///{db}"
    _seed_cases(url)
    _half_upgrade_as_before(db, good_backup=False)
    before = _dump(db)

    code = main(["--database-url", url, "search", "ana"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert "duplicate column name: course_override" in err
    assert str(db.with_name(f"needleplan.before-{SCHEMA_HEAD}.bak")) in err
    assert "copy needleplan.before-" in err  # how to restore it
    assert _dump(db) == before  # nothing changed


# -- 2. The GUI's patient list reconnects after PostgreSQL drops it ----------------------------


def _drop_connections(url: str) -> int:
    """Terminate every other backend of url's database, as a server restart does."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database,
        autocommit=True,
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


@pytest.mark.postgres
def test_patient_list_reconnects_after_the_server_drops_it(pg_server: Server) -> None:
    with pg_server.database() as url:
        _seed_cases(url)
        db = LazyDatabase(url)
        try:
            assert not db.store_is_open  # the bare first-frame connection
            assert len(db.patients_list.search("ana")) == 3
            assert _drop_connections(url) >= 1
            assert len(db.patients_list.search("ana")) == 3
            assert db.patients_list.count("lopez") == 3
        finally:
            db.close()


@pytest.mark.postgres
def test_patient_list_says_clearly_when_the_server_is_gone(pg_server: Server) -> None:
    with pg_server.database() as url:
        _seed_cases(url)
        directory = open_directory(url)
        assert directory is not None
        directory._reopen = lambda: psycopg.connect("host=127.0.0.1 port=1 connect_timeout=2")
        try:
            _drop_connections(url)
            with pytest.raises(DatabaseError, match="cannot reach"):
                directory.search("ana")
        finally:
            directory.close()


# -- 3. Two writers on one SQLite file ----------------------------------------------------------

_IMPORT = """
import sys
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.store.database import open_store
url, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url)
store.cases.import_cases([Case(Patient(f"{tag} {i}")) for i in range(count)])
for i in range(100):
    store.patients.add(Patient(f"{tag} save {i}"))
store.close()
print("ok")
"""


def test_two_processes_importing_and_saving_at_once_both_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'np.sqlite'}"
    open_store(url).close()
    started = time.perf_counter()
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _IMPORT, url, tag, "5000"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("Ana", "Bea")
    ]
    results = [(r.wait(timeout=300), *r.communicate()) for r in runs]
    elapsed = time.perf_counter() - started
    assert [r[0] for r in results] == [0, 0], results
    store = open_store(url)
    try:
        assert store.patients.count("") == 2 * 5100
    finally:
        store.close()
    print(f"two writers: {elapsed:.1f} s")


def test_every_sqlite_connection_waits_thirty_seconds_for_a_writer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'np.sqlite'}"
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        store.close()
    directory = open_directory(url)
    assert directory is not None
    try:
        assert directory._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
    finally:
        directory.close()


def test_a_save_waits_for_another_writer_to_finish(tmp_path: Path) -> None:
    db = tmp_path / "np.sqlite"
    store = open_store(f"sqlite:///{db}")
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE alembic_version SET version_num = version_num")
        threading.Timer(1.0, lambda: other.execute("COMMIT")).start()
        store.patients.add(Patient("Ana López"))  # waits for the other writer's commit
        assert store.patients.count("") == 1
    finally:
        store.close()
        other.close()


def test_a_lock_held_past_the_timeout_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "np.sqlite"
    url = f"sqlite:///{db}"
    open_store(url).close()
    source = tmp_path / "case.json"
    source.write_text(
        json.dumps({"format": "needleplan-case/1", "patient": {"name": "Ana López"}}),
        encoding="utf-8",
    )
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        store = open_store(url)
        try:
            with pytest.raises(DatabaseError, match="is busy: another program"):
                store.patients.add(Patient("Bea"))
        finally:
            store.close()
        code = main(["--database-url", url, "import", str(source)])
        err = capsys.readouterr().err
        assert code == 2
        assert err.count("\n") == 1
        assert "is busy" in err
        assert "Traceback" not in err
    finally:
        other.close()
    assert _names(url) == []


# -- 4. Bounded search and a statement timeout --------------------------------------------------


def test_a_thousand_word_search_is_bounded(database_url: str) -> None:
    store = open_store(database_url)
    for name in ("Ana María López", "Ana Anaya", "Bea Núñez"):
        store.patients.add(Patient(name))
    store.close()
    words = " ".join(["ana", "lopez", *(f"w{i}" for i in range(997))])
    assert len(listing.query_words(words)) == listing.MAX_QUERY_WORDS
    assert listing.query_words("x" * 10_000) == ["x" * listing.MAX_QUERY_CHARS]
    directory = open_directory(database_url)
    store = open_store(database_url)
    assert directory is not None
    try:
        for source in (store.patients, directory):
            started = time.perf_counter()
            # Words past the eighth are not read: "zzz" would match nobody.
            eight = "ana lopez maria an a lo l ma"
            assert [p.name for p in source.search(f"{eight} zzz")] == ["Ana María López"]
            assert source.search(f"{eight[:-3]} zzz") == []
            assert source.search(words) == []  # w0..w5 match nobody
            assert [p.name for p in source.search("ana lopez" + " ana" * 997)] == [
                "Ana María López"
            ]
            assert source.count(words) == 0
            assert time.perf_counter() - started < 2
    finally:
        directory.close()
        store.close()


@pytest.mark.postgres
def test_interactive_postgres_queries_have_a_statement_timeout(
    pg_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg_server.database() as url:
        _seed_cases(url)
        directory = open_directory(url)
        store = open_store(url)
        assert directory is not None
        try:
            cur = directory._conn.execute("SHOW statement_timeout")
            assert cur.fetchone()[0] == "5s"
            with store.engine.connect() as conn:  # imports and upgrades are not bounded
                assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "0"
            slow = listing._matching_ids
            monkeypatch.setattr(
                listing,
                "_matching_ids",
                lambda sql, words: slow(sql, words) + " AND (SELECT pg_sleep(0.5)) IS NOT NULL",
            )
            monkeypatch.setattr(listing, "STATEMENT_TIMEOUT_MS", 100)
            with pytest.raises(DatabaseError, match=r"took longer than 0\.1 s"):
                store.patients.search("ana")
            monkeypatch.undo()
            assert len(store.patients.search("ana")) == 3  # the pool's connection still works
        finally:
            directory.close()
            store.close()


# -- 9. Read-only databases and folders that cannot be created -------------------------------


def test_new_database_in_a_folder_that_cannot_be_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    url = f"sqlite:///{blocker / 'clinic' / 'np.sqlite'}"
    with pytest.raises(DatabaseError, match=f"cannot create the folder {blocker / 'clinic'}"):
        open_store(url)
    code = main(["--database-url", url, "search", "ana"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert str(blocker / "clinic") in err
    assert "Traceback" not in err


def _pretend_read_only(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    """What os.access reports to its (non-root) owner for a 0400 file: root may write anyway,
    so the test asks SQLite to open it read-only exactly as it would then (mode=ro)."""
    real = os.access

    def access(path: object, mode: int, **kw: object) -> bool:
        if Path(str(path)) == db and mode & os.W_OK:
            return False
        return real(path, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


def test_read_only_database_opens_read_only_for_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "np.sqlite"
    url = f"sqlite:///{db}"
    ids = _seed_cases(url)
    _pretend_read_only(monkeypatch, db)
    before = _dump(db)

    assert main(["--database-url", url, "search", "ana"]) == 0
    assert "Ana López 0" in capsys.readouterr().out
    assert main(["--database-url", url, "export", "--patient", str(ids[0])]) == 0
    assert "Ana López 0" in capsys.readouterr().out

    store = open_store(url)
    try:
        with pytest.raises(DatabaseError, match="is read-only here"):
            store.patients.add(Patient("Bea"))
    finally:
        store.close()
    assert _dump(db) == before


def test_read_only_database_that_needs_an_upgrade_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "np.sqlite"
    url = f"sqlite:///{db}"
    _seed_cases(url)
    store = open_store(url)
    run_alembic(store.engine, "downgrade", "0004")
    store.close()
    _pretend_read_only(monkeypatch, db)
    code = main(["--database-url", url, "search", "ana"])
    err = capsys.readouterr().err
    assert code == 2
    assert "read-only" in err
    assert "must be upgraded" in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.bak"))  # no upgrade attempted, no copy made


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes a 0400 file anyway")
def test_0400_database_can_be_searched(tmp_path: Path) -> None:
    db = tmp_path / "np.sqlite"
    url = f"sqlite:///{db}"
    _seed_cases(url)
    db.chmod(0o400)
    try:
        assert len(_names(url)) == 3
    finally:
        db.chmod(0o600)


def _read_only_mount(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run script with folder bind-mounted read-only (a private mount namespace, as root)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot make a private mount namespace here (needs root)")
    return subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-ec",
            f'mount --bind "{folder}" "{folder}"; mount -o remount,ro,bind "{folder}"; {script}',
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_database_on_a_read_only_mount(tmp_path: Path) -> None:
    folder = tmp_path / "mounted"
    db = folder / "np.sqlite"
    url = f"sqlite:///{db}"
    _seed_cases(url)
    source = tmp_path / "case.json"
    source.write_text(
        json.dumps({"format": "needleplan-case/1", "patient": {"name": "Bea"}}), encoding="utf-8"
    )
    cli = f"{sys.executable} -m planner --database-url"
    run = _read_only_mount(
        folder,
        f'{cli} "{url}" search ana; echo "search=$?";'
        f' {cli} "{url}" export >/dev/null; echo "export=$?";'
        f' {cli} "{url}" import "{source}" || echo "import=$?";'
        f' {cli} "sqlite:///{folder}/new/np.sqlite" search x || echo "new=$?"',
    )
    assert "Ana López 0" in run.stdout, run.stderr
    assert "search=0" in run.stdout
    assert "export=0" in run.stdout
    assert "import=2" in run.stdout
    assert "new=2" in run.stdout
    assert "Traceback" not in run.stderr
    assert "is read-only here" in run.stderr
    assert f"cannot create the folder {folder / 'new'}" in run.stderr
    assert _names(url) == [f"Ana López {i}" for i in range(3)]
