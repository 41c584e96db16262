"""A complete export (issue 14): every patient's whole history and the clinic's protocols go
out and come back with nothing lost, on SQLite and PostgreSQL and across them; an import is
all or nothing; each plan meets the safety gate as it was when it was saved."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

import planner.store.history_write as write_module
from planner.casefile import CaseFileError, LineProblem, RecordReader
from planner.casefile.files import record_line
from planner.catalog.loader import load_catalog
from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.errors import ValidationError
from planner.domain.gate import SafetyStop
from planner.domain.history import (
    AssessmentRecord,
    PatientHistory,
    PlanRecord,
    ProtocolRecord,
    Record,
    VisitRecord,
)
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.visit import Visit
from planner.store.database import Store, open_store
from planner.store.tables import (
    AssessmentRow,
    PatientRow,
    PatientTermRow,
    PlanRow,
    PlanTargetRow,
    ProtocolRow,
    VisitRow,
)
from tests.casefile.history_strategies import histories, protocol_lists
from tests.support.postgres import Server

TABLES = (PlanTargetRow, VisitRow, PlanRow, AssessmentRow, PatientTermRow, PatientRow, ProtocolRow)
ROUND_TRIP = settings(
    deadline=None,
    max_examples=20,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
AT = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
def second(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A second fresh database on the same backend as `store`."""
    if database_url.startswith("sqlite"):
        opened = open_store(f"sqlite:///{tmp_path / 'second.sqlite'}")
        yield opened
        opened.close()
        return
    server: Server = request.getfixturevalue("pg_server")
    with server.database() as url:
        opened = open_store(url)
        yield opened
        opened.close()


def _wipe(*stores: Store) -> None:
    for store in stores:
        with store.engine.begin() as conn:
            for table in TABLES:
                conn.execute(delete(table))


def _counts(store: Store) -> tuple[int, ...]:
    with store.engine.connect() as conn:
        return tuple(
            int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in TABLES
        )


def _export(store: Store) -> str:
    records: Iterator[Record] = chain(
        store.histories.iter_protocols(), store.histories.iter_histories()
    )
    return "".join(record_line(r) for r in records)


def _known(target: str) -> bool:
    return load_catalog().target(target) is not None


def _read(text: str) -> list[Record]:
    return list(RecordReader(text, known_target=_known))


def _import(store: Store, text: str) -> None:
    store.histories.import_records(RecordReader(text, known_target=_known))


everything = st.tuples(protocol_lists(), st.lists(histories(), min_size=1, max_size=3))


@ROUND_TRIP
@given(everything)
def test_export_import_export_is_identical(
    store: Store, second: Store, generated: tuple[list[ProtocolRecord], list[PatientHistory]]
) -> None:
    protocols, patients = generated
    _wipe(store, second)
    store.histories.import_records([*protocols, *patients])
    first = _export(store)
    assert _read(first) == [*protocols, *patients]  # nothing lost, nothing changed
    _import(second, first)
    assert _export(second) == first


@pytest.mark.postgres
@settings(
    deadline=None,
    max_examples=10,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(everything)
def test_sqlite_to_postgresql_and_back_is_identical(
    pg_server: Server,
    tmp_path: Path,
    generated: tuple[list[ProtocolRecord], list[PatientHistory]],
) -> None:
    protocols, patients = generated
    with pg_server.database() as url:
        lite, pg = open_store(f"sqlite:///{tmp_path / 'a.sqlite'}"), open_store(url)
        back = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
        try:
            _wipe(lite, back)
            lite.histories.import_records([*protocols, *patients])
            first = _export(lite)
            _import(pg, first)
            assert _export(pg) == first
            _import(back, _export(pg))
            assert _export(back) == first
        finally:
            for opened in (lite, pg, back):
                opened.close()


# --- all or nothing -----------------------------------------------------------------------------


def _patients(count: int) -> list[PatientHistory]:
    day = date(2026, 3, 1)
    return [
        PatientHistory(
            Patient(f"Patient {i:03d}"),
            (AssessmentRecord(Assessment(day), None, AT), AssessmentRecord(Assessment(day), 1, AT)),
            (PlanRecord(Plan(acupoints=(AcupointTarget("GB21"),)), 2, AT),),
        )
        for i in range(count)
    ]


def test_a_stream_failing_after_some_batches_leaves_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_module, "IMPORT_ROWS", 7)  # a batch every two patients
    store.patients.add(Patient("Already Here"))
    before = _counts(store)

    def late_problem() -> Iterator[Record]:
        yield from _patients(9)
        raise CaseFileError([LineProblem(10, "patient.name", "is required")])

    with pytest.raises(CaseFileError, match=r"line 10: patient\.name: is required"):
        store.histories.import_records(late_problem())
    assert _counts(store) == before


def test_the_gate_or_a_taken_protocol_name_in_a_late_batch_leaves_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_module, "IMPORT_BATCH", 2)
    store.protocols.add(Protocol("Neck basic", (PlannedTarget("GB21"),)))
    before = _counts(store)
    flagged = replace(
        _patients(1)[0],
        assessments=(AssessmentRecord(Assessment(date(2026, 3, 1), red_flags=("fever",))),),
        plans=(PlanRecord(Plan(acupoints=(AcupointTarget("GB21"),))),),
    )
    with pytest.raises(SafetyStop, match="red flag red-flag-fever stands"):
        store.histories.import_records([*_patients(5), flagged])
    assert _counts(store) == before
    other = ProtocolRecord(Protocol("neck  BASIC", (PlannedTarget("SI3"),)))
    with pytest.raises(ValidationError, match="a protocol named 'Neck basic' exists"):
        store.histories.import_records([*_patients(5), other])
    assert _counts(store) == before
    same = ProtocolRecord(Protocol("Neck basic", (PlannedTarget("GB21"),)))
    result = store.histories.import_records([same, *_patients(1)])
    assert (len(result.patients), result.protocols, result.protocols_kept) == (1, 0, 1)


def test_cases_and_histories_keep_their_input_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_module, "IMPORT_BATCH", 2)
    mixed: list[Record] = []
    for i, h in enumerate(_patients(6)):
        mixed.append(h if i % 3 else Case(h.patient))
    ids = list(store.histories.import_records(mixed).patients)
    assert [store.patients.get(i).name for i in ids] == [f"Patient {i:03d}" for i in range(6)]
    history = next(store.histories.iter_histories([ids[1]]))
    assert history == _patients(2)[1]


# --- the safety gate ----------------------------------------------------------------------------


def test_a_stored_plan_a_later_assessment_stops_comes_back_exactly(
    store: Store, second: Store
) -> None:
    """The known bug: export then import refused a plan stopped only by what came after."""
    pid = store.patients.add(Patient("Cy Diaz", date(1984, 1, 1))).id
    assert pid is not None
    first = store.cases.save_assessment(pid, Assessment(date(2026, 1, 10)))
    assert first.id is not None
    store.cases.save_plan(pid, Plan(acupoints=(AcupointTarget("GB21"),)), first.id)
    store.cases.correct_assessment(
        first.id, Assessment(date(2026, 1, 10), red_flags=("night-pain",))
    )
    store.cases.save_assessment(pid, Assessment(date(2026, 2, 1), red_flags=("fever",)))
    text = _export(store)
    _import(second, text)
    assert _export(second) == text
    [restored] = [p.id for p in second.patients.search("")]
    assert restored is not None
    with pytest.raises(SafetyStop):  # the plan is still stopped at every door
        second.cases.save_plan(restored, Plan(acupoints=(AcupointTarget("GB21"),)))


def test_a_plan_saved_after_a_red_flag_is_refused(store: Store) -> None:
    flag = AssessmentRecord(Assessment(date(2026, 3, 1), red_flags=("fever",)), None, AT)
    plan = PlanRecord(Plan(acupoints=(AcupointTarget("GB21"),)), 1, AT + timedelta(hours=1))
    history = PatientHistory(Patient("Cy Diaz"), (flag,), (plan,))
    with pytest.raises(SafetyStop, match="cannot be imported: red flag red-flag-fever"):
        store.histories.import_records([history])
    assert _counts(store) == (0,) * len(TABLES)
    earlier = replace(plan, recorded_at=AT - timedelta(hours=1))
    assert len(store.histories.import_records([replace(history, plans=(earlier,))]).patients) == 1


def test_records_without_times_count_as_recorded_now(store: Store) -> None:
    """A plan without a time is judged against the current assessment, as a new plan is."""
    flag = AssessmentRecord(Assessment(date(2026, 3, 1), red_flags=("fever",)), None, AT)
    plan = PlanRecord(Plan(acupoints=(AcupointTarget("GB21"),)))
    with pytest.raises(SafetyStop):
        store.histories.import_records([PatientHistory(Patient("Cy"), (flag,), (plan,))])
    before = datetime.now(UTC)
    untimed = AssessmentRecord(Assessment(date(2026, 3, 1)))
    store.histories.import_records([PatientHistory(Patient("Cy"), (untimed,), (plan,))])
    [history] = store.histories.iter_histories()
    stored = [history.assessments[0].recorded_at, history.plans[0].recorded_at]
    assert all(t is not None and t >= before for t in stored)


@pytest.mark.slow
def test_importing_a_file_of_histories_keeps_memory_flat(tmp_path: Path) -> None:
    def write(path: Path, count: int) -> Path:
        with path.open("w", encoding="utf-8") as out:
            for i in range(count):
                history = PatientHistory(
                    Patient(f"P {i:06d}"),
                    visits=(VisitRecord(Visit(date(2026, 3, 2), subjective="x" * 200), None, AT),),
                )
                out.write(record_line(history))
        return path

    def peak(source: Path, name: str) -> int:
        store = open_store(f"sqlite:///{tmp_path / name}")
        try:
            tracemalloc.start()
            store.histories.import_records(RecordReader(source))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            store.close()

    small, large = write(tmp_path / "s.jsonl", 1_000), write(tmp_path / "l.jsonl", 6_000)
    peak(small, "warm.sqlite")
    # A list of every history grew 6x here; the import holds one batch at a time.
    assert peak(large, "large.sqlite") < 1.5 * peak(small, "small.sqlite") + 512 * 1024
