"""Review of erasure (issue 14): every table that holds a patient is covered, another patient
loses nothing, an earlier erasure's entry survives its number coming back, a rebuild refused
after the commit is said (not raised), the copies Needleplan left beside a SQLite database
are found, and a populated 0006 database upgrades and erases on both backends."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, text
from sqlalchemy.exc import DBAPIError

from planner.domain.assessment import Assessment
from planner.domain.audit import Action
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.practitioner import Practitioner
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store import erasure
from planner.store.database import Store, open_store
from planner.store.engine import run_alembic
from planner.store.tables import Base

DAY = date(2026, 11, 20)


def _full(store: Store, name: str) -> int:
    patient = store.patients.add(Patient(name, phone="555 0100", notes=f"{name} notes"))
    pid = patient.id
    assert pid is not None
    store.patients.update(replace(patient, notes=f"{name} changed"))
    store.cases.save_assessment(pid, Assessment(date=DAY, complaint=f"{name} neck"))
    plan = store.cases.save_plan(pid, Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),)))
    store.cases.save_plan(
        pid,
        Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT), AcupointTarget("LI4", Side.LEFT))),
    )
    store.visits.add(
        pid,
        Visit(date=DAY, targets=(VisitTarget("GB21", Side.RIGHT),), plan_id=plan.id),
        today=DAY,
    )
    store.handouts.record_given(pid, f"%PDF {name}".encode(), how="printed", plan_id=plan.id)
    return pid


def _patient_tables() -> dict[str, Table]:
    """Every table holding a patient's rows: a patient_id column, or a foreign key to a
    table that holds them (plan_targets through plans), found from the tables declared."""
    linked = {"patients": Base.metadata.tables["patients"]}
    grew = True
    while grew:
        grew = False
        for table in Base.metadata.sorted_tables:
            if table.name in linked:
                continue
            if "patient_id" in table.c or any(
                fk.column.table.name in linked for fk in table.foreign_keys
            ):
                linked[table.name] = table
                grew = True
    return linked


def _dump(store: Store, pid: int) -> dict[str, list[tuple[Any, ...]]]:
    """The patient's rows in every table that holds them, and the tables of nobody's."""
    plans = "SELECT id FROM plans WHERE patient_id = :p"
    where = {
        "patients": "id = :p",
        "plan_targets": f"plan_id IN ({plans})",
    }
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        for name in sorted(_patient_tables()):
            clause = where.get(name, "patient_id = :p")
            found = conn.execute(
                text(f"SELECT * FROM {name} WHERE {clause} ORDER BY 1"), {"p": pid}
            )
            rows[name] = [tuple(r) for r in found]
        for name in ("protocols", "practitioners"):
            rows[name] = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY 1"))]
        nobody = "SELECT * FROM audit_log WHERE patient_id IS NULL ORDER BY id"
        rows["audit_log (no patient)"] = [tuple(r) for r in conn.execute(text(nobody))]
    return rows


def test_every_table_that_holds_a_patient_is_erased() -> None:
    # A table added later with a patient_id (or pointing at one that has it) fails here
    # until planner.store.erasure deletes from it.
    assert set(_patient_tables()) == erasure.ERASED_TABLES


def test_another_patients_records_and_the_shared_ones_are_untouched(store: Store) -> None:
    ana = store.practitioners.add(Practitioner("Ana Ruiz", "PT"))
    store.act_as(ana)
    store.protocols.add(Protocol("Neck", (PlannedTarget("GB21", Side.BOTH),)))
    before_me = _full(store, "Bea Before")
    pid = _full(store, "Erin Erased")
    after_me = _full(store, "Al After")
    kept = {other: _dump(store, other) for other in (before_me, after_me)}
    assert all(kept[before_me][t] for t in ("plan_targets", "visits", "handouts_given"))

    erased = store.erase_patient(pid)

    assert erased.counts["targets"] == 3
    assert {other: _dump(store, other) for other in kept} == kept
    assert [e.action for e in store.audit.for_patient(pid)] == [Action.ERASE]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_erasing")).scalar_one() == 0


def test_an_erased_patients_last_entry_cannot_be_deleted(store: Store) -> None:
    pid = _full(store, "Erin Erased")
    store.erase_patient(pid)
    with pytest.raises(DBAPIError, match="can only be appended to"), store.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE patient_id = :p"), {"p": pid})
    assert [e.action for e in store.audit.for_patient(pid)] == [Action.ERASE]


@pytest.mark.parametrize(
    "backend",
    [
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
    ],
)
def test_a_new_patient_never_gets_an_erased_patients_number(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'needleplan.sqlite'}"
        store = open_store(url)
        try:
            _check_no_reuse(store)
        finally:
            store.close()
        return
    with request.getfixturevalue("pg_server").database() as url:
        store = open_store(url)
        try:
            _check_no_reuse(store)
        finally:
            store.close()


def _check_no_reuse(store: Store) -> None:
    pid = _full(store, "Erin Erased")
    store.erase_patient(pid)
    new = store.patients.add(Patient("New Person")).id
    assert new != pid
    assert new is not None
    assert [e.action for e in store.audit.for_patient(new)] == [Action.CREATE]


def test_a_rebuild_refused_after_the_erasure_committed_is_said_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store import engine as engine_module

    path = tmp_path / "needleplan.sqlite"
    store = open_store(f"sqlite:///{path}")
    pid = _full(store, "Erin Erased")
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 50)
    store.engine.dispose()  # new connections wait 50 ms for the lock, not 30 s
    rebuild = erasure._rebuild_sqlite

    def another_writer_meanwhile(engine: Any) -> tuple[bool, bool]:
        # An import in another process takes the write lock between the commit and VACUUM.
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            return rebuild(engine)
        finally:
            other.execute("ROLLBACK")
            other.close()

    monkeypatch.setattr(erasure, "_rebuild_sqlite", another_writer_meanwhile)
    try:
        erased = store.erase_patient(pid)  # before: sqlite3.OperationalError, a traceback
        entries = store.audit.for_patient(pid)
        assert store.patients.search("erin") == []
    finally:
        store.close()
    assert (erased.rebuilt, erased.pages_overwritten) == (False, False)
    assert [e.action for e in entries] == [Action.ERASE]


def test_the_copies_left_beside_a_sqlite_database_are_named(tmp_path: Path) -> None:
    path = tmp_path / "needleplan.sqlite"
    url = f"sqlite:///{path}"
    store = open_store(url)
    pid = _full(store, "Erin Erased")
    run_alembic(store.engine, "downgrade", "0006")  # as an older version left it
    store.close()
    store = open_store(url)  # the upgrade copies it aside first
    aside = tmp_path / "needleplan.sqlite.before-restore-20261204-101500"
    aside.write_bytes((tmp_path / "needleplan.before-0007.bak").read_bytes())
    (tmp_path / "other.before-0007.bak").write_bytes(b"another database's copy")
    try:
        store.erase_patient(pid)
    finally:
        store.close()
    copies = erasure.copies_beside(url)
    assert [p.name for p in copies] == [
        "needleplan.before-0007.bak",
        "needleplan.sqlite.before-restore-20261204-101500",
    ]
    assert all(b"Erin Erased" in p.read_bytes() for p in copies)  # why they are named
    assert erasure.copies_beside("postgresql+psycopg://u@h/db") == []


def test_a_populated_0006_database_upgrades_then_records_and_erases(database_url: str) -> None:
    store = open_store(database_url)
    try:
        pid = _full(store, "Old Record")
        store.protocols.add(Protocol("Neck", (PlannedTarget("GB21", Side.BOTH),)))
        run_alembic(store.engine, "downgrade", "0006")
    finally:
        store.close()
    store = open_store(database_url)
    try:
        patient = store.patients.get(pid)
        assert patient.name == "Old Record"
        store.patients.update(replace(patient, phone="555 0199"))
        [visit] = store.visits.for_patient(pid)
        store.visits.update(replace(visit, nprs_after=2), today=DAY)
        store.protocols.rename(store.protocols.list()[0], "Neck basic")
        assert [(e.action, e.kind) for e in store.audit.for_patient(pid)] == [
            ("change", "patient"),
            ("change", "visit"),
        ]
        erased = store.erase_patient(pid)
        assert erased.counts["visits"] == 1
        assert store.patients.count() == 0
    finally:
        store.close()
