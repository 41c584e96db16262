"""Properties of the safety gate over generated cases: every door that lets a plan through
(the course, the handout decision, prepare_handout, the import's gate_problems) lets through
only what passes the gate; an override never lifts a red flag, a clearance never a block."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.casefile.handout_job import HandoutRefused, prepare_handout
from planner.catalog.safety import case_findings, gate_problems
from planner.domain.assessment import Assessment, PainRegion, PainScores
from planner.domain.case import Case
from planner.domain.clearance import Clearance
from planner.domain.course.for_case import course_for_case
from planner.domain.errors import ValidationError
from planner.domain.findings import ELECTRO, Finding, Severity
from planner.domain.gate import SafetyStop, check_gate, passes_gate, stopping_findings
from planner.domain.handout import NoHandout, why_no_handout
from planner.domain.patient import Patient
from planner.domain.plan import Override, Plan
from planner.domain.screening import screen_case
from planner.domain.vocab import REGIONS, WEEKDAYS
from tests.casefile.strategies import course_overrides
from tests.domain.test_screening_properties import CATALOG, RULES, assessments, plans

DAY = date(2026, 11, 20)
REFER_RULES = sorted(r.id for r in RULES if r.severity is Severity.REFER)
BLOCK_RULES = sorted(r.id for r in RULES if r.severity is Severity.BLOCK)
OTHER_RULES = ["pregnancy-point", "needle-phobia", "red-flag-nonsense"]
GATE = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _mostly() -> st.SearchStrategy[bool]:
    """True four times in five."""
    return st.sampled_from([True, True, True, True, False])


@st.composite
def clearances(draw: st.DrawFn, likely: tuple[str, ...] = ()) -> Clearance:
    # Mostly for a red flag the case raises, so that clearances often lift something.
    rules = st.sampled_from(REFER_RULES + OTHER_RULES)
    return Clearance(
        rule=draw(st.sampled_from(likely) | rules if likely else rules),
        cleared_by=draw(st.sampled_from(["Dr Rao", " "])),
        role=draw(st.sampled_from(["GP", "neurologist", ""])),
        date=DAY,
        note=draw(st.sampled_from(["Examined; safe to treat.", "", "  "])),
    )


@st.composite
def full_assessments(draw: st.DrawFn, born: date | None) -> Assessment:
    base = draw(assessments())  # conditions, pregnancy weeks and red flags, dated DAY
    earliest = max(born or date(1920, 1, 1), date(1920, 1, 1))
    recent = max(earliest, DAY - timedelta(days=3 * 365))
    onset = draw(st.dates(recent, DAY) | st.dates(earliest, DAY)) if draw(_mostly()) else None
    likely = (*(f"red-flag-{f}" for f in base.red_flags), "age-onset-derived", "pain-drawing-chest")
    return replace(
        base,
        red_flags=base.red_flags if draw(st.booleans()) else (),
        onset_date=onset,
        pain=PainScores(draw(st.none() | st.integers(0, 10))),
        ndi_total=draw(st.none() | st.integers(0, 50)),
        pain_regions=tuple(
            PainRegion(r, 5)
            for r in draw(st.lists(st.sampled_from(REGIONS), unique=True, max_size=3))
        ),
        clearances=tuple(draw(st.lists(clearances(likely), max_size=4))),
    )


@st.composite
def course_plans(draw: st.DrawFn) -> Plan:
    base = draw(plans())  # catalog targets, electro, overrides (some blank) by rule id
    # Overrides of the block rules for planned targets, so that some blocks are lifted.
    targets = [*base.target_ids(), ELECTRO]
    written = draw(
        st.lists(
            st.builds(
                Override,
                st.sampled_from(BLOCK_RULES),
                st.sampled_from(targets),
                st.sampled_from(["Discussed and agreed in writing", " "]),
            ),
            max_size=len(targets) + 2,
        )
    )
    return replace(
        base,
        overrides=(*base.overrides, *written),
        start_date=draw(st.dates(DAY, DAY + timedelta(days=60))) if draw(_mostly()) else None,
        clinic_days=tuple(draw(st.lists(st.sampled_from(WEEKDAYS), unique=True, min_size=1))),
        course_override=draw(course_overrides()) if not draw(_mostly()) else None,
        nice_cap=draw(st.none() | st.booleans()),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    # Mostly adults whose pain may begin between 20 and 55, so that many plans pass.
    adult = st.dates(date(1972, 1, 1), date(2000, 1, 1))
    born = draw(adult if draw(_mostly()) else st.none() | st.dates(date(1920, 1, 1), DAY))
    patient = Patient("Test Patient", born)
    assessment = draw(full_assessments(born)) if draw(_mostly()) else None
    return Case(patient, assessment, draw(course_plans()) if draw(_mostly()) else None)


def _findings(case: Case) -> list[Finding]:
    return screen_case(case, CATALOG, RULES)


def _has_targets(plan: Plan | None) -> bool:
    return plan is not None and bool(plan.acupoints or plan.trigger_points)


@GATE
@given(cases())
def test_the_gate_is_one_decision(case: Case) -> None:
    findings = _findings(case)
    stop = stopping_findings(findings)
    assert passes_gate(findings) is (not stop)
    for f in stop:
        assert not f.resolved
        assert f.severity is Severity.REFER or (f.severity is Severity.BLOCK and f.targets)
    if stop:
        with pytest.raises(SafetyStop) as refused:
            check_gate(findings)
        assert refused.value.findings == tuple(stop)
    else:
        check_gate(findings)


@GATE
@given(cases())
def test_no_course_unless_the_gate_passes(case: Case) -> None:
    findings = _findings(case)
    try:
        course = course_for_case(case, findings)
    except ValidationError:
        # What a course needs is missing; only asked once the gate has let the plan through.
        assert passes_gate(findings)
        return
    assert (course is None) is (not passes_gate(findings))


@GATE
@given(cases())
def test_no_handout_unless_the_gate_passes(case: Case) -> None:
    findings = _findings(case)
    reason = why_no_handout(case.plan, findings)
    if reason is None:
        assert passes_gate(findings)
    assert (reason is None) is (passes_gate(findings) and _has_targets(case.plan))
    if reason is NoHandout.RED_FLAG:
        assert any(f.severity is Severity.REFER for f in stopping_findings(findings))


@GATE
@given(cases())
def test_prepare_handout_lets_through_only_what_passes(case: Case) -> None:
    findings = _findings(case)
    if not (passes_gate(findings) and _has_targets(case.plan)):
        with pytest.raises(HandoutRefused) as refused:
            prepare_handout(case, catalog=CATALOG, rules=RULES, today=DAY, blocks=(), positions={})
        assert refused.value.findings == tuple(findings)
        return
    job = prepare_handout(case, catalog=CATALOG, rules=RULES, today=DAY, blocks=(), positions={})
    assert passes_gate(job.findings)
    assert passes_gate(findings)
    assert _has_targets(case.plan)
    assert list(job.findings) == findings


@GATE
@given(cases())
def test_the_import_check_agrees_with_the_gate(case: Case) -> None:
    findings = case_findings(case)
    assert findings == _findings(case)
    problems = gate_problems(case)
    if case.plan is None:
        assert problems == []
        return
    assert (problems == []) is passes_gate(findings)
    for p in problems:
        assert p.field == "plan"
        for f in stopping_findings(findings):
            assert f.rule in p.message


@GATE
@given(cases())
def test_an_override_never_lifts_a_red_flag_nor_a_clearance_a_block(case: Case) -> None:
    findings = _findings(case)

    def standing(fs: list[Finding], severity: Severity) -> set[tuple[str, str | None]]:
        return {
            (f.rule, t)
            for f in fs
            if f.severity is severity and not f.resolved
            for t in (f.targets or (None,))
        }

    if case.plan is not None:
        bare = replace(case, plan=replace(case.plan, overrides=()))
        assert standing(_findings(bare), Severity.REFER) == standing(findings, Severity.REFER)
    if case.assessment is not None:
        bare = replace(case, assessment=replace(case.assessment, clearances=()))
        assert standing(_findings(bare), Severity.BLOCK) == standing(findings, Severity.BLOCK)
    for f in findings:
        assert f.cleared_by is None or f.severity is Severity.REFER
        assert f.overridden_by is None or f.severity is Severity.BLOCK


@GATE
@given(cases(), st.sampled_from(REFER_RULES))
def test_an_uncleared_red_flag_always_stops(case: Case, rule: str) -> None:
    if case.assessment is None or not rule.startswith("red-flag-"):
        return
    flag = rule.removeprefix("red-flag-")
    a = case.assessment
    flagged = replace(
        case,
        assessment=replace(
            a,
            red_flags=tuple(dict.fromkeys((*a.red_flags, flag))),
            clearances=tuple(c for c in a.clearances if c.rule != rule),
        ),
    )
    findings = _findings(flagged)
    assert not passes_gate(findings)
    assert rule in {f.rule for f in stopping_findings(findings)}
    assert course_for_case(flagged, findings) is None
    assert why_no_handout(flagged.plan, findings) is not None
    if flagged.plan is not None:
        assert gate_problems(flagged) != []
