"""Data review: the SQLite copy made before a migration holds every committed row."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from planner.domain.patient import Patient
from planner.store.database import open_store
from planner.store.engine import run_alembic
from planner.store.revision import SCHEMA_HEAD


def test_backup_before_upgrade_keeps_rows_a_reader_holds_in_the_wal(tmp_path: Path) -> None:
    db = tmp_path / "needleplan.sqlite"
    store = open_store(f"sqlite:///{db}")
    store.patients.add(Patient("Ana López"))
    run_alembic(store.engine, "downgrade", "0004")
    # Another program (a second window, a backup tool) reads with an open snapshot, so a
    # checkpoint cannot move later commits from the WAL into the main file.
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM patients").fetchall()
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO patients (name, sort_key, sex, phone, email, notes, version,"
            " created_at, updated_at) VALUES ('Bo Chen', 'bo chen', 'male', '', '', '', 1,"
            " '2026-11-20 10:00:00', '2026-11-20 10:00:00')"
        )
    store.close()
    try:
        open_store(f"sqlite:///{db}").close()
    finally:
        reader.close()
    backup = tmp_path / f"needleplan.before-{SCHEMA_HEAD}.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM patients ORDER BY id")]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert names == ["Ana López", "Bo Chen"]
    assert revision == ("0004",)  # the copy is of the database before the change
