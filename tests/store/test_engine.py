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


def test_plans_written_before_0005_read_as_no_course_planner_inputs(database_url: str) -> None:
    """Revision 0005 adds preferred days, skipped dates and the NICE cap to existing plans."""
    from datetime import date

    from planner.domain.case import Case
    from planner.domain.plan import AcupointTarget, Plan

    store = open_store(database_url)
    plan = Plan(
        acupoints=(AcupointTarget("GB21"),),
        start_date=date(2026, 11, 24),
        clinic_days=("mon", "wed", "fri"),
        preferred_days=("wed",),
        skip_dates=(date(2026, 12, 25),),
        nice_cap=True,
    )
    [pid] = store.cases.import_cases([Case(Patient("Ana López"), plan=plan)])
    run_alembic(store.engine, "downgrade", "0004")
    assert "nice_cap" not in {c["name"] for c in inspect(store.engine).get_columns("plans")}
    store.close()

    reopened = open_store(database_url)
    try:
        assert current_revision(reopened.engine) == SCHEMA_HEAD
        loaded = reopened.cases.get_case(pid).plan
        assert loaded is not None
        assert loaded.acupoints == plan.acupoints
        assert (loaded.start_date, loaded.clinic_days) == (plan.start_date, plan.clinic_days)
        # Written before the cap existed: no choice, so the clinic's default applies.
        assert (loaded.preferred_days, loaded.skip_dates, loaded.nice_cap) == ((), (), None)
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


def test_migrating_down_and_up_keeps_plans_targets_and_visits(database_url: str) -> None:
    """Batch migrations on SQLite copy tables; no row that points at them may be lost."""
    from datetime import date

    from sqlalchemy import func, select

    from planner.domain.case import Case
    from planner.domain.plan import AcupointTarget, Plan
    from planner.domain.visit import Visit, VisitTarget
    from planner.domain.vocab import Side
    from planner.store.tables import PlanTargetRow, VisitRow

    store = open_store(database_url)
    plan = Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT), AcupointTarget("SI3")))
    [pid] = store.cases.import_cases([Case(Patient("Ana López"), plan=plan)])
    plan_id = store.cases.get_case(pid).plan.id  # type: ignore[union-attr]
    store.visits.add(
        pid,
        Visit(date(2026, 11, 2), targets=(VisitTarget("GB21", Side.RIGHT),), plan_id=plan_id),
        today=date(2026, 11, 21),
    )
    run_alembic(store.engine, "downgrade", "0002")
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(PlanTargetRow.__table__)).scalar() == 2
        linked = conn.execute(select(VisitRow.__table__.c.plan_id)).scalar()
        assert linked == plan_id
    store.close()

    reopened = open_store(database_url)  # upgrades back to the head
    try:
        case = reopened.cases.get_case(pid)
        assert case.plan is not None
        assert [a.code for a in case.plan.acupoints] == ["GB21", "SI3"]
        [visit] = reopened.visits.for_patient(pid)
        assert visit.plan_id == plan_id
    finally:
        reopened.close()
