"""import_cases takes a stream and writes it in batches inside one transaction (issue 11,
item 5): every case lands as it was read, with its own assessment and plan; whatever stops
the stream or the gate part-way leaves nothing written. SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

import planner.store.cases as cases_module
from planner.casefile import CaseFileError, iter_cases
from planner.domain.case import Case
from planner.domain.gate import SafetyStop
from planner.domain.patient import Patient
from planner.store.database import Store, open_store
from planner.store.tables import AssessmentRow, PatientRow, PlanRow, PlanTargetRow
from tests.store.test_cases import FULL, _strip_ids


def _counts(store: Store) -> tuple[int, ...]:
    with store.engine.connect() as conn:
        return tuple(
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (PatientRow, AssessmentRow, PlanRow, PlanTargetRow)
        )


def _mixed(count: int) -> list[Case]:
    """Name-only, assessment-only, plan-only and full cases, each named apart."""
    out = []
    for i in range(count):
        patient = replace(FULL.patient, name=f"Patient {i:03d}")
        kind = i % 4
        out.append(
            Case(
                patient,
                FULL.assessment if kind in (1, 3) else None,
                FULL.plan if kind in (2, 3) else None,
            )
        )
    return out


def test_batches_keep_each_case_whole_and_in_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cases_module, "IMPORT_BATCH", 3)
    cases = _mixed(11)
    ids = store.cases.import_cases(iter(cases))
    assert len(ids) == 11
    assert [_strip_ids(store.cases.get_case(i)) for i in ids] == cases
    full = store.cases.get_case(ids[3])
    assert full.assessment is not None
    with store.engine.connect() as conn:
        linked = conn.execute(
            select(PlanRow.assessment_id).where(PlanRow.patient_id == ids[3])
        ).scalar_one()
    assert linked == full.assessment.id  # the plan points at its own case's assessment


def test_a_stream_that_fails_after_some_batches_leaves_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cases_module, "IMPORT_BATCH", 2)
    store.patients.add(Patient("Already Here"))
    before = _counts(store)

    def late_problem() -> Iterator[Case]:
        yield from _mixed(7)
        from planner.casefile import LineProblem

        raise CaseFileError([LineProblem(8, "patient.name", "is required")])

    with pytest.raises(CaseFileError, match=r"line 8: patient\.name: is required"):
        store.cases.import_cases(late_problem())
    assert _counts(store) == before


def test_the_gate_stopping_a_case_in_a_later_batch_leaves_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cases_module, "IMPORT_BATCH", 2)
    assert FULL.assessment is not None
    phobic = replace(FULL, assessment=replace(FULL.assessment, conditions=("needle-phobia",)))
    before = _counts(store)
    with pytest.raises(SafetyStop):
        store.cases.import_cases([*_mixed(5), phobic])
    assert _counts(store) == before


def test_importing_a_file_stream_keeps_memory_flat(tmp_path: Path) -> None:
    def write(path: Path, count: int) -> Path:
        with path.open("w", encoding="utf-8") as out:
            for i in range(count):
                doc = {"format": "needleplan-case/1", "patient": {"name": f"P {i:06d}"}}
                out.write(json.dumps(doc) + "\n")
        return path

    def peak(source: Path, name: str) -> int:
        store = open_store(f"sqlite:///{tmp_path / name}")
        try:
            tracemalloc.start()
            store.cases.import_stream(iter_cases(source))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            store.close()

    small, large = write(tmp_path / "s.jsonl", 2_000), write(tmp_path / "l.jsonl", 12_000)
    peak(small, "warm.sqlite")
    # A list of every case (and every row) grew 6x here; the stream holds one batch.
    assert peak(large, "large.sqlite") < 1.5 * peak(small, "small.sqlite") + 512 * 1024


def test_import_stream_keeps_the_ids_in_order_as_a_few_runs(store: Store) -> None:
    ids = store.cases.import_stream(Case(Patient(f"P{i}")) for i in range(2_500))
    listed = list(ids)
    assert len(ids) == len(set(listed)) == 2_500
    assert [store.patients.get(i).name for i in (listed[0], listed[1_234], listed[-1])] == [
        "P0",
        "P1234",
        "P2499",
    ]
    assert len(ids._runs) <= 10  # consecutive ids: not 2,500 ints
