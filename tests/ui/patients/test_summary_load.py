"""The summary's course line when there is no course to place the patient in."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.ui.patients.summary_load import COURSE_INCOMPLETE, NO_COURSE, clinical_summary
from planner.ui.reference import Screening
from tests.ui.conftest import screening_without_positions

TODAY = date(2026, 12, 3)
ASSESSED = Assessment(TODAY, onset_date=date(2026, 11, 1))
PLAN = Plan(acupoints=(AcupointTarget("SI3"),), start_date=TODAY, clinic_days=("tue", "fri"))


@pytest.fixture(scope="module")
def screening() -> Screening:
    return screening_without_positions()


def course_texts(case: Case, screening: Screening) -> list[tuple[str, str]]:
    summary = clinical_summary(case, [], screening, TODAY)
    return [(line.text, line.tone) for line in summary.course]


def test_a_course_is_placed(screening: Screening) -> None:
    [(head, tone), *_] = course_texts(Case(Patient("A"), ASSESSED, PLAN), screening)
    assert head.startswith("Session 1 of ")
    assert head.endswith(", next Fri 4 Dec")
    assert tone == "plain"


def test_no_plan_or_no_start_date(screening: Screening) -> None:
    assert course_texts(Case(Patient("A"), ASSESSED), screening) == [(NO_COURSE, "quiet")]
    unstarted = replace(PLAN, start_date=None)
    assert course_texts(Case(Patient("A"), ASSESSED, unstarted), screening) == [
        (NO_COURSE, "quiet")
    ]


def test_a_course_that_cannot_be_drawn(screening: Screening) -> None:
    no_onset = replace(ASSESSED, onset_date=None)
    assert course_texts(Case(Patient("A"), no_onset, PLAN), screening) == [
        (COURSE_INCOMPLETE, "quiet")
    ]


def test_an_uncleared_red_flag_stops_the_course(screening: Screening) -> None:
    flagged = replace(ASSESSED, red_flags=("fever",))
    assert course_texts(Case(Patient("A"), flagged, PLAN), screening) == [
        ("No course while a red flag stands uncleared.", "warn")
    ]
