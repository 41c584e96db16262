"""The audit trail on SQLite and PostgreSQL: an entry for every kind of change, in the
change's own transaction, with its author; and nothing but appending to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from planner.domain.assessment import Assessment
from planner.domain.audit import Action, Kind, describe
from planner.domain.clearance import Clearance
from planner.domain.errors import ValidationError
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan
from planner.domain.practitioner import Practitioner
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store.database import Store, open_store
from planner.store.tables import AuditRow

DAY = date(2026, 11, 20)
TODAY = date(2026, 11, 21)


def _actions(store: Store, pid: int) -> list[tuple[str, str]]:
    return [(e.action, e.kind) for e in store.audit.for_patient(pid)]


@pytest.fixture
def ana(store: Store) -> Practitioner:
    p = store.practitioners.add(Practitioner("Ana Ruiz", "Physiotherapist", "PT12345"))
    store.act_as(p)
    return p


def test_every_kind_of_change_is_recorded_with_its_author(store: Store, ana: Practitioner) -> None:
    patient = store.patients.add(Patient("Jo Bloggs", phone="555 0100"))
    pid = patient.id
    assert pid is not None
    store.patients.update(replace(patient, phone="555 0199", notes="prefers mornings"))
    first = store.cases.save_assessment(pid, Assessment(date=DAY, red_flags=("night-pain",)))
    cleared = Clearance("red-flag-night-pain", "Dr Lee", "GP", DAY, "MRI normal")
    assert first.id is not None
    store.cases.correct_assessment(
        first.id, replace(first, id=None, clearances=(cleared,), complaint="neck")
    )
    store.cases.save_plan(pid, Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),)))
    plan = store.cases.save_plan(
        pid,
        Plan(
            acupoints=(AcupointTarget("GB21", Side.RIGHT),),
            electro=True,
            overrides=(Override("electro-pacemaker", "electro", "cardiology cleared", DAY),),
        ),
    )
    visit = store.visits.add(
        pid,
        Visit(date=DAY, targets=(VisitTarget("GB21", Side.RIGHT),), plan_id=plan.id),
        today=TODAY,
    )
    store.visits.update(replace(visit, nprs_after=3), today=TODAY)
    assert visit.id is not None
    store.visits.delete(visit.id)
    store.visits.restore(visit.id)
    store.handouts.record_given(pid, b"%PDF-1.4 test", how="printed", plan_id=plan.id)
    store.patients.delete(pid)
    store.patients.restore(pid)

    assert _actions(store, pid) == [
        (Action.CREATE, Kind.PATIENT),
        (Action.CHANGE, Kind.PATIENT),
        (Action.CREATE, Kind.ASSESSMENT),
        (Action.CORRECT, Kind.ASSESSMENT),
        (Action.CLEARANCE, Kind.ASSESSMENT),
        (Action.CREATE, Kind.PLAN),
        (Action.CHANGE, Kind.PLAN),
        (Action.OVERRIDE, Kind.PLAN),
        (Action.CREATE, Kind.VISIT),
        (Action.CHANGE, Kind.VISIT),
        (Action.DELETE, Kind.VISIT),
        (Action.RESTORE, Kind.VISIT),
        (Action.HANDOUT, Kind.HANDOUT),
        (Action.DELETE, Kind.PATIENT),
        (Action.RESTORE, Kind.PATIENT),
    ]
    entries = store.audit.for_patient(pid)
    assert {e.who for e in entries} == {"Ana Ruiz (Physiotherapist)"}
    assert {e.practitioner_id for e in entries} == {ana.id}
    assert all(e.account for e in entries)
    change = entries[1]
    assert change.before is not None
    assert change.after is not None
    assert (change.before["phone"], change.after["phone"]) == ("555 0100", "555 0199")
    assert describe(change) == "Changed the patient's details: notes, phone."
    assert entries[4].details == {"flag": "red-flag-night-pain"}
    assert describe(entries[7]) == ("Overrode the safety finding 'electro-pacemaker' for electro.")
    assert entries[6].before is not None
    assert entries[6].after is not None
    assert (entries[6].before["electro"], entries[6].after["electro"]) == (False, True)


def test_records_carry_their_author(store: Store, ana: Practitioner) -> None:
    pid = store.patients.add(Patient("Jo Bloggs")).id
    other = store.practitioners.add(Practitioner("Ben Ode", "Acupuncturist"))
    store.act_as(other)
    store.patients.update(replace(store.patients.get(pid), notes="x"))  # type: ignore[arg-type]
    with store.engine.connect() as conn:
        row = conn.execute(
            text("SELECT created_by, updated_by FROM patients WHERE id = :id"), {"id": pid}
        ).one()
    assert tuple(row) == (ana.id, other.id)


def test_protocols_and_practitioners_are_recorded(store: Store, ana: Practitioner) -> None:
    p = store.protocols.add(Protocol("Neck", (PlannedTarget("GB21", Side.BOTH),)))
    assert p.id is not None
    store.protocols.rename(p, "Neck basic")
    store.protocols.delete(p.id)
    store.practitioners.update(replace(ana, registration="PT99"))
    kinds = [(e.action, e.kind) for e in store.audit.all()]
    assert kinds == [
        (Action.CREATE, Kind.PRACTITIONER),
        (Action.CREATE, Kind.PROTOCOL),
        (Action.CHANGE, Kind.PROTOCOL),
        (Action.DELETE, Kind.PROTOCOL),
        (Action.CHANGE, Kind.PRACTITIONER),
    ]


def test_an_import_records_one_entry_per_patient(store: Store) -> None:
    from planner.domain.case import Case

    ids = store.cases.import_cases([Case(Patient("A")), Case(Patient("B"))])
    for pid in ids:
        assert _actions(store, pid) == [(Action.IMPORT, Kind.PATIENT)]


def test_a_change_that_fails_leaves_no_entry(store: Store) -> None:
    pid = store.patients.add(Patient("Jo")).id
    assert pid is not None
    with pytest.raises(ValidationError):
        store.patients.update(Patient("", id=pid, version=1))
    assert _actions(store, pid) == [(Action.CREATE, Kind.PATIENT)]


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET who = 'x'", "DELETE FROM audit_log"])
def test_the_trail_can_only_be_appended_to(store: Store, statement: str) -> None:
    store.patients.add(Patient("Jo"))
    with pytest.raises(DBAPIError, match="can only be appended to"), store.engine.begin() as c:
        c.execute(text(statement))
    assert len(store.audit.all()) == 1


def test_a_duplicate_database_role_is_refused_by_field(store: Store) -> None:
    store.practitioners.add(Practitioner("A", db_role="pt_ana"))
    with pytest.raises(ValidationError) as error:
        store.practitioners.add(Practitioner("B", db_role="pt_ana"))
    assert error.value.first().field == "db_role"


def test_without_a_practitioner_the_account_still_says_who(store: Store) -> None:
    pid = store.patients.add(Patient("Jo")).id
    assert pid is not None
    (entry,) = store.audit.for_patient(pid)
    assert entry.who == ""
    assert entry.practitioner_id is None
    assert entry.account  # the login (SQLite) or the database role (PostgreSQL)


def test_the_migrations_build_what_the_tables_declare(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from planner.store.tables import Base

    store = open_store(database_url)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        store.close()
    assert diff == []
    assert AuditRow.__tablename__ == "audit_log"


def test_a_history_import_carries_who_imported_it(store: Store, ana: Practitioner) -> None:
    from planner.domain.history import AssessmentRecord, PatientHistory, PlanRecord, VisitRecord

    history = PatientHistory(
        Patient("Imported Person"),
        assessments=(AssessmentRecord(Assessment(date=DAY)),),
        plans=(PlanRecord(Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),)), assessment=1),),
        visits=(VisitRecord(Visit(date=DAY, targets=(VisitTarget("GB21", Side.RIGHT),)), plan=1),),
    )
    (pid,) = store.histories.import_records([history]).patients
    with store.engine.connect() as conn:
        for table in ("patients", "assessments", "plans", "visits"):
            column = "id" if table == "patients" else "patient_id"
            authors = conn.execute(
                text(f"SELECT created_by FROM {table} WHERE {column} = :p"), {"p": pid}
            ).scalars()
            assert set(authors) == {ana.id}, table
