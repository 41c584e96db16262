"""When a case gets an aftercare sheet, and which course dates it prints (pure decisions)."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from planner.casefile import case_from_dict
from planner.domain.case import Case
from planner.domain.course.for_case import course_for_case
from planner.domain.findings import Finding, Severity
from planner.domain.handout import (
    NEXT_APPOINTMENTS,
    NoHandout,
    handout_allowed,
    next_appointments,
    why_no_handout,
)
from tests.domain.handout.test_content import EXAMPLE, TODAY


def _case(**plan: Any) -> Case:
    doc = copy.deepcopy(EXAMPLE)
    doc["plan"].update(plan)
    return case_from_dict(doc, today=TODAY)


def _finding(severity: Severity, *, overridden_by: str | None = None) -> Finding:
    return Finding("some-rule", severity, (), "a message", "a source", overridden_by)


REFER = _finding(Severity.REFER)


def test_a_planned_case_without_red_flags_gets_a_sheet() -> None:
    plan = _case().plan
    findings = [_finding(Severity.CAUTION), _finding(Severity.INFO), _finding(Severity.BLOCK)]
    assert why_no_handout(plan, findings) is None
    assert handout_allowed(plan, findings)


def test_nothing_planned_means_no_sheet() -> None:
    empty = _case(acupoints=[], trigger_points=[]).plan
    assert why_no_handout(None, []) is NoHandout.NOTHING_PLANNED
    assert why_no_handout(empty, []) is NoHandout.NOTHING_PLANNED
    assert not handout_allowed(empty, [])


def test_an_unresolved_refer_finding_means_no_sheet() -> None:
    plan = _case().plan
    assert why_no_handout(plan, [_finding(Severity.INFO), REFER]) is NoHandout.RED_FLAG
    assert not handout_allowed(plan, [REFER])


def test_a_cleared_refer_allows_the_sheet_and_a_course_override_does_not() -> None:
    cleared = replace(REFER, cleared_by="cleared by Dr Lee (GP) on 2026-11-20: seen")
    assert handout_allowed(_case().plan, [cleared])
    overridden = _case(course_override={"sessions": 4, "reason": "Seen by GP, cleared."}).plan
    assert overridden is not None
    assert overridden.course_override is not None
    assert not handout_allowed(overridden, [REFER])


def test_an_unresolved_block_on_a_target_means_no_sheet() -> None:
    block = Finding("pregnancy-point", Severity.BLOCK, ("LI4",), "a message", "a source")
    assert why_no_handout(_case().plan, [block]) is NoHandout.BLOCKED
    assert handout_allowed(_case().plan, [replace(block, overridden_by="week 41, induction")])


def test_nothing_planned_is_said_before_a_red_flag() -> None:
    assert why_no_handout(_case(acupoints=[], trigger_points=[]).plan, [REFER]) is (
        NoHandout.NOTHING_PLANNED
    )


def test_next_appointments_are_the_first_course_dates_after_the_day() -> None:
    course = course_for_case(_case(), [])
    assert course is not None
    after = course.dates[1]
    got = next_appointments(course, after, 3)
    assert got == course.dates[2:5]
    assert all(d > after for d in got)
    assert next_appointments(course, after) == course.dates[2 : 2 + NEXT_APPOINTMENTS]


def test_next_appointments_skip_the_day_itself_and_stop_at_the_course_end() -> None:
    course = course_for_case(_case(), [])
    assert course is not None
    assert course.dates[0] not in next_appointments(course, course.dates[0], 2)
    assert next_appointments(course, course.dates[-2], 10) == (course.dates[-1],)
    assert next_appointments(course, course.dates[-1], 10) == ()
    assert next_appointments(course, date(2000, 1, 1), 0) == ()


def test_no_course_means_no_appointments() -> None:
    assert next_appointments(None, TODAY, 4) == ()


@pytest.mark.parametrize("count", [1, 4, 100])
def test_next_appointments_never_exceed_the_count(count: int) -> None:
    course = course_for_case(_case(), [])
    assert course is not None
    before_the_course = course.dates[0] - timedelta(days=1)
    got = next_appointments(course, before_the_course, count)
    assert got == course.dates[:count]
