"""Erasing a patient on request: nothing of theirs left in any table or in the SQLite file,
one audit entry without personal data, other patients untouched."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import DBAPIError

from planner.domain.assessment import Assessment
from planner.domain.audit import Action, Kind
from planner.domain.errors import NotFoundError
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store.database import Store, open_store

DAY = date(2026, 11, 20)
NAME = "Zebedee Quixotic-Farnsworth"
PHONE = "+44 7700 900123"
NOTES = "Keeps bees; allergic to lanolin-xylophone"


def _full_patient(store: Store, name: str = NAME) -> int:
    patient = store.patients.add(Patient("Zeb Q", phone="+44 7700 900999", notes="draft"))
    pid = patient.id
    assert pid is not None
    # Earlier versions of the record (an old name, phone and notes) must go too.
    store.patients.update(replace(patient, name=name, phone=PHONE, notes=NOTES))
    store.cases.save_assessment(pid, Assessment(date=DAY, complaint=f"{NOTES} neck", notes=NOTES))
    plan = store.cases.save_plan(pid, Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),)))
    store.visits.add(
        pid,
        Visit(
            date=DAY, targets=(VisitTarget("GB21", Side.RIGHT),), subjective=NOTES, plan_id=plan.id
        ),
        today=DAY,
    )
    store.handouts.record_given(pid, f"%PDF {NAME} {PHONE}".encode(), how="saved")
    return pid


def _rows_of(store: Store, pid: int) -> dict[str, int]:
    found: dict[str, int] = {}
    with store.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            columns = {c["name"] for c in inspect(conn).get_columns(table)}
            column = "id" if table == "patients" else "patient_id"
            if column in columns:
                n = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE {column} = :p"), {"p": pid}
                ).scalar_one()
                found[table] = n
    return found


def test_erasure_leaves_one_entry_and_nothing_else(store: Store) -> None:
    other = store.patients.add(Patient("Other Person")).id
    pid = _full_patient(store)
    erased = store.erase_patient(pid)
    assert erased.counts["visits"] == 1
    assert erased.counts["handouts"] == 1
    assert _rows_of(store, pid) == {t: (1 if t == "audit_log" else 0) for t in _rows_of(store, pid)}
    (entry,) = store.audit.for_patient(pid)
    assert (entry.action, entry.kind) == (Action.ERASE, Kind.PATIENT)
    text_of_entry = json.dumps(entry.to_json())
    for secret in (NAME, PHONE, NOTES, "Zeb Q"):
        assert secret not in text_of_entry
    assert store.patients.search("zebedee") == []
    assert other is not None
    assert store.patients.get(other).name == "Other Person"
    with pytest.raises(NotFoundError):
        store.erase_patient(pid)


def test_a_deleted_patient_can_be_erased(store: Store) -> None:
    pid = _full_patient(store)
    store.patients.delete(pid)
    store.erase_patient(pid)
    assert [e.action for e in store.audit.for_patient(pid)] == [Action.ERASE]


def test_no_byte_of_the_patient_is_left_in_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "needleplan.sqlite"
    store = open_store(f"sqlite:///{path}")
    # As SQLite builds without SQLITE_SECURE_DELETE behave (Debian's has it on): deleted and
    # overwritten rows would leave their bytes in free space unless the erasure clears them.
    store.engine.dispose()
    event.listen(
        store.engine, "connect", lambda conn, _r: conn.execute("PRAGMA secure_delete = OFF")
    )
    try:
        for n in range(30):  # other patients around them, so pages are shared
            store.patients.add(Patient(f"Neighbour {n}", notes="x" * 200))
        pid = _full_patient(store)
        assert NAME.encode() in b"".join(p.read_bytes() for p in tmp_path.iterdir())
        erased = store.erase_patient(pid)
    finally:
        store.close()
    assert erased.pages_overwritten
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (NAME, PHONE, NOTES, "Zeb Q", "+44 7700 900999"):
        assert secret.encode() not in data, secret
    assert b"Neighbour 29" in data


def test_erasing_audit_entries_of_a_live_patient_is_refused(database_url: str) -> None:
    store = open_store(database_url)
    try:
        pid = store.patients.add(Patient("Jo")).id
        if store.engine.dialect.name == "postgresql":
            statement = "SELECT needleplan_erase_audit(:p, '{}'::jsonb)"
        else:
            statement = "DELETE FROM audit_log WHERE patient_id = :p"
        with pytest.raises(DBAPIError), store.engine.begin() as conn:
            conn.execute(text(statement), {"p": pid})
        assert len(store.audit.for_patient(pid)) == 1  # type: ignore[arg-type]
    finally:
        store.close()


@pytest.mark.postgres
def test_a_temporary_patients_table_cannot_fool_the_erase_function(pg_server: object) -> None:
    from tests.support.postgres import Server

    assert isinstance(pg_server, Server)
    with pg_server.database() as url:
        store = open_store(url)
        try:
            pid = store.patients.add(Patient("Jo")).id
            erase = text("SELECT needleplan_erase_audit(:p, '{}'::jsonb)")
            with store.engine.begin() as conn:
                conn.execute(text("CREATE TEMP TABLE patients (id integer)"))
                with pytest.raises(DBAPIError):
                    conn.execute(erase, {"p": pid})
            assert len(store.audit.for_patient(pid)) == 1  # type: ignore[arg-type]
        finally:
            store.close()
