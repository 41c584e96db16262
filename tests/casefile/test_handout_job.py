"""prepare_handout: the one way the command line and the Handout page gather a sheet's inputs."""

from __future__ import annotations

import copy
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.casefile import case_from_dict
from planner.casefile.atomic import write_atomically
from planner.casefile.handout_job import (
    HandoutJob,
    HandoutRefused,
    chart_positions,
    course_dates,
    prepare_handout,
)
from planner.catalog import load_catalog
from planner.catalog.handouts import load_blocks
from planner.catalog.rules import load_rules
from planner.domain.case import Case
from planner.domain.catalog import Catalog
from planner.domain.course.for_case import course_for_case
from planner.domain.findings import Severity
from planner.domain.handout import NEXT_APPOINTMENTS, ClinicDetails, NoHandout
from planner.domain.screening_rules import Rule
from tests.domain.handout.test_content import EXAMPLE, POSITIONS, TODAY


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(resources.path("catalog"))


@pytest.fixture(scope="module")
def rules(catalog: Catalog) -> tuple[Rule, ...]:
    return load_rules(catalog=catalog)


def _case(*, assessment: dict[str, Any] | None = None, **plan: Any) -> Case:
    doc = copy.deepcopy(EXAMPLE)
    doc["assessment"].update(assessment or {})
    doc["plan"].update(plan)
    return case_from_dict(doc, today=TODAY)


def _prepare(case: Case, catalog: Catalog, rules: tuple[Rule, ...], **kw: Any) -> HandoutJob:
    return prepare_handout(case, catalog=catalog, rules=rules, today=TODAY, **kw)


def test_next_visits_default_to_the_course(catalog: Catalog, rules: tuple[Rule, ...]) -> None:
    case = _case()
    job = _prepare(case, catalog, rules)
    course = course_for_case(case, job.findings)
    assert course is not None
    expected = tuple(d for d in course.dates if d > TODAY)[:NEXT_APPOINTMENTS]
    assert job.next_appointments == expected
    assert len(expected) == NEXT_APPOINTMENTS
    assert job.blocks == load_blocks()
    assert job.positions == chart_positions()


def test_given_next_visits_replace_the_course(catalog: Catalog, rules: tuple[Rule, ...]) -> None:
    visits = (date(2026, 12, 1), date(2026, 12, 8))
    job = _prepare(_case(), catalog, rules, next_visits=visits, positions=POSITIONS)
    assert job.next_appointments == visits
    assert job.positions == POSITIONS


def test_no_dates_when_the_course_cannot_be_planned(
    catalog: Catalog, rules: tuple[Rule, ...]
) -> None:
    case = _case(start_date=None)
    assert course_dates(case, [], TODAY) == ()
    assert _prepare(case, catalog, rules).next_appointments == ()


def test_build_makes_the_sheet(catalog: Catalog, rules: tuple[Rule, ...]) -> None:
    job = _prepare(_case(), catalog, rules, positions=POSITIONS)
    clinic = ClinicDetails(name="Harbour Street Acupuncture")
    handout = job.build(clinic=clinic, today=TODAY, note="  See you Friday. ")
    assert handout.patient_name == "Ana López"
    assert handout.clinic == clinic
    assert handout.practitioner_note == "See you Friday."
    assert handout.next_appointments == job.next_appointments


def test_nothing_planned_is_refused(catalog: Catalog, rules: tuple[Rule, ...]) -> None:
    with pytest.raises(HandoutRefused) as caught:
        _prepare(_case(acupoints=[], trigger_points=[]), catalog, rules)
    assert caught.value.reason is NoHandout.NOTHING_PLANNED
    assert caught.value.red_flags == ()
    assert "nothing to hand out" in str(caught.value)


def test_a_red_flag_is_refused_naming_it(catalog: Catalog, rules: tuple[Rule, ...]) -> None:
    with pytest.raises(HandoutRefused) as caught:
        _prepare(_case(assessment={"red_flags": ["fever"]}), catalog, rules)
    refused = caught.value
    assert refused.reason is NoHandout.RED_FLAG
    assert refused.red_flags
    assert all(f.severity is Severity.REFER and not f.resolved for f in refused.red_flags)
    assert refused.red_flags[0].rule in str(refused)
    assert "clearance" in str(refused)


def test_a_course_override_does_not_lift_the_red_flag(
    catalog: Catalog, rules: tuple[Rule, ...]
) -> None:
    case = _case(
        assessment={"red_flags": ["fever"]},
        course_override={
            "sessions": 4,
            "reason": "Seen by GP: fever settled, cleared.",
            "recorded_on": "2026-11-20",
        },
    )
    with pytest.raises(HandoutRefused):
        _prepare(case, catalog, rules)


def test_a_clearance_lifts_the_red_flag(catalog: Catalog, rules: tuple[Rule, ...]) -> None:
    clearance = {
        "rule": "red-flag-fever",
        "cleared_by": "Dr Lee",
        "role": "GP",
        "date": "2026-11-20",
        "note": "Fever settled; no infection found.",
    }
    case = _case(assessment={"red_flags": ["fever"], "clearances": [clearance]})
    job = _prepare(case, catalog, rules)
    (flag,) = [f for f in job.findings if f.severity is Severity.REFER]
    assert flag.cleared_by is not None
    assert "Dr Lee (GP)" in flag.cleared_by
    assert job.next_appointments


# --- write_atomically -------------------------------------------------------------------------


def test_write_atomically_writes_the_whole_file_private(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    write_atomically(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_write_atomically_leaves_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "clinic.json"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["clinic.json"]
