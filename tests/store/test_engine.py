from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from planner.domain.patient import Patient
from planner.store.database import DatabaseError, open_store
from planner.store.engine import MIGRATIONS, SCHEMA_HEAD, current_revision, run_alembic


def test_sqlite_file_is_private_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "needleplan.sqlite"
    store = open_store(f"sqlite:///{db}")
    try:
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_schema_head_constant_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_fresh_database_is_created_at_head(database_url: str) -> None:
    store = open_store(database_url)
    try:
        assert current_revision(store.engine) == SCHEMA_HEAD
        tables = set(inspect(store.engine).get_table_names())
        assert {
            "patients",
            "patient_terms",
            "assessments",
            "plans",
            "plan_targets",
            "visits",
        } <= tables
    finally:
        store.close()


def test_upgrade_on_open_keeps_existing_rows(database_url: str) -> None:
    """A database left at the first revision is upgraded in place, its patients intact."""
    store = open_store(database_url)
    store.patients.add(Patient("Ana López"))
    store.patients.add(Patient("José Núñez"))
    run_alembic(store.engine, "downgrade", "0001")
    assert current_revision(store.engine) == "0001"
    assert "visits" not in inspect(store.engine).get_table_names()
    store.close()

    reopened = open_store(database_url)
    try:
        assert current_revision(reopened.engine) == SCHEMA_HEAD
        assert [p.name for p in reopened.patients.search("")] == ["Ana López", "José Núñez"]
        assert [p.name for p in reopened.patients.search("nunez")] == ["José Núñez"]
    finally:
        reopened.close()


def test_sqlite_upgrade_keeps_a_backup_copy(tmp_path: Path) -> None:
    db = tmp_path / "needleplan.sqlite"
    store = open_store(f"sqlite:///{db}")
    store.patients.add(Patient("Ana López"))
    run_alembic(store.engine, "downgrade", "0001")
    store.close()
    open_store(f"sqlite:///{db}").close()
    backup = tmp_path / f"needleplan.before-{SCHEMA_HEAD}.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT name FROM patients").fetchall() == [("Ana López",)]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x/y", "'mysql' is not supported"),
        ("not a url", "is not valid"),
    ],
)
def test_bad_database_url_is_a_clear_error(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        open_store(url)


def test_unreachable_postgres_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open the database"):
        open_store("postgresql+psycopg://nobody:x@127.0.0.1:1/none")


def test_store_description_hides_password() -> None:
    from sqlalchemy import create_engine

    from planner.store.database import Store

    engine = create_engine("sqlite://")
    store = Store(engine, "postgresql+psycopg://u:secret@db.example/clinic")
    assert "secret" not in store.description
    assert "db.example/clinic" in store.description
    with engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar() == 1
