"""Import input that used to crash, or that import took and other commands then crashed on
(issue 11, items 10 and 11): refused alike on SQLite and PostgreSQL with one line naming the
line and the field, exit 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.store.database import open_store

GOOD = json.dumps({"format": "needleplan-case/1", "patient": {"name": "Ana López"}})
OPENS = '{"format": "needleplan-case/1", "patient": {"name": "Bo", "notes": '


def _plan(**plan: Any) -> str:
    doc = {
        "format": "needleplan-case/1",
        "patient": {"name": "Cy Diaz", "birth_date": "1970-01-01"},
        "assessment": {"date": "2026-01-10", "onset_date": "2025-12-01"},
        "plan": {"modality": "dry-needling", "clinic_days": ["mon", "thu"], **plan},
    }
    return json.dumps(doc)


CASES = {
    "nested 2,000 deep": (
        OPENS + "[" * 2000 + "]" * 2000 + "}}",
        "line 3: is nested more than 16 levels deep",
    ),
    "nested 40 deep": (
        OPENS + "[" * 40 + "]" * 40 + "}}",
        "line 3: patient.notes: is nested more than 16 levels deep",
    ),
    "an integer of 5,000 digits": (
        '{"format": "needleplan-case/1", "patient": {"name": "Bo"}, '
        '"assessment": {"date": "2026-01-10", "ndi_total": ' + "9" * 5000 + "}}",
        "line 3: assessment.ndi_total: is a number with 5000 digits, far above any maximum",
    ),
    "a lone surrogate": (
        '{"format": "needleplan-case/1", "patient": {"name": "Bo \\ud800"}}',
        "line 3: patient.name: is invalid text (a lone surrogate, \\ud800)",
    ),
    "a NUL character": (
        '{"format": "needleplan-case/1", "patient": {"name": "Bo \\u0000 Lee"}}',
        "line 3: patient.name: contains a NUL character",
    ),
    "a NUL deep in the plan": (
        _plan(trigger_points=[{"muscle": "levator-scapulae", "notes": "a\u0000b"}]),
        "line 3: plan.trigger_points[0].notes: contains a NUL character",
    ),
    "a NUL in a field name": (
        '{"format": "needleplan-case/1", "patient": {"name": "Bo", "x\\u0000": 1}}',
        "line 3: patient: a field name contains a NUL character",
    ),
    "a start date in year 9999": (
        _plan(start_date="9999-12-30", trigger_points=[{"muscle": "levator-scapulae"}]),
        "line 3: plan.start_date: 9999-12-30 is not between 1900-01-01 and 2100-12-31",
    ),
    "a birth date in 1850": (
        json.dumps(
            {"format": "needleplan-case/1", "patient": {"name": "Bo", "birth_date": "1850-01-01"}}
        ),
        "line 3: patient.birth_date: 1850-01-01 is not between 1900-01-01 and 2100-12-31",
    ),
    "a session moved to year 3000": (
        _plan(course_override={"moves": [{"session": 2, "date": "3000-01-01"}]}),
        "line 3: plan.course_override.moves[0].date: 3000-01-01 is not between 1900-01-01 "
        "and 2100-12-31",
    ),
    "an unknown muscle": (
        _plan(trigger_points=[{"muscle": "no-such-muscle"}]),
        "line 3: plan.trigger_points[0].muscle: 'no-such-muscle' is not in the reference library",
    ),
    "an unknown acupoint": (
        _plan(modality="acupuncture", acupoints=[{"code": "EX-ZZ9"}]),
        "line 3: plan.acupoints[0].code: 'EX-ZZ9' is not in the reference library",
    ),
}


def _count(url: str) -> int:
    store = open_store(url)
    try:
        return store.patients.count()
    finally:
        store.close()


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_one_line_naming_line_and_field_and_nothing_written(
    name: str, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = CASES[name]
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join([GOOD, GOOD, text, GOOD]) + "\n", encoding="utf-8")
    code = main(["--database-url", database_url, "import", str(source)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == f"needleplan: error: {expected}\n"
    assert _count(database_url) == 0


def test_the_bounds_themselves_are_accepted(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edge = _plan(
        start_date="2100-12-31",
        skip_dates=["1900-01-01"],
        trigger_points=[{"muscle": "levator-scapulae"}],
    )
    source = tmp_path / "edge.jsonl"
    source.write_text(edge + "\n", encoding="utf-8")
    assert main(["--database-url", database_url, "import", str(source)]) == 0
    assert capsys.readouterr().out == "Imported 1 patient.\n"


def test_a_stored_plan_starting_in_year_9999_is_no_crash_for_handout_or_the_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan stored before the bounds (the store takes what its callers give it)."""
    from datetime import date

    from planner.catalog.safety import case_findings
    from planner.domain.assessment import Assessment
    from planner.domain.case import Case
    from planner.domain.course.for_case import course_for_case
    from planner.domain.errors import ValidationError
    from planner.domain.patient import Patient
    from planner.domain.plan import Plan, TriggerPointTarget
    from planner.domain.vocab import Modality

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    store = open_store(url)
    try:
        [pid] = store.cases.import_cases(
            [
                Case(
                    Patient("Cy Diaz", birth_date=date(1970, 1, 1)),
                    Assessment(date=date(2026, 1, 10), onset_date=date(2025, 12, 1)),
                    Plan(
                        modality=Modality.DRY_NEEDLING,
                        trigger_points=(TriggerPointTarget("levator-scapulae"),),
                        start_date=date(9999, 12, 30),
                        clinic_days=("mon", "thu"),
                    ),
                )
            ]
        )
        stored = store.cases.get_case(pid)
    finally:
        store.close()
    with pytest.raises(ValidationError) as caught:  # was OverflowError
        course_for_case(stored, case_findings(stored))
    assert str(caught.value) == (
        "plan.start_date: 9999-12-30 is not between 1900-01-01 and 2100-12-31"
    )
    out_pdf = tmp_path / "h.pdf"
    code = main(["--database-url", url, "handout", "--patient", str(pid), "-o", str(out_pdf)])
    assert code in (0, 2)
    assert "Traceback" not in capsys.readouterr().err
