"""Clinical cases through the safety gate, as a table: each row is one small case (birth date,
assessment, plan) with the findings it must raise (and not raise) under the shipped rules and
catalog, and whether the gate lets the plan through. The gate's doors (check_gate, the
import's gate_problems, the handout and the course) must all say the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from planner.catalog import load_catalog
from planner.catalog.rules import load_rules
from planner.catalog.safety import case_findings, gate_problems
from planner.domain.assessment import Assessment, PainRegion
from planner.domain.case import Case
from planner.domain.catalog import Catalog
from planner.domain.clearance import Clearance
from planner.domain.course.for_case import course_for_case
from planner.domain.course.override import CourseOverride, SessionMove
from planner.domain.findings import Finding, Severity
from planner.domain.gate import SafetyStop, check_gate, passes_gate, stopping_findings
from planner.domain.handout import why_no_handout
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.screening import screen_case
from planner.domain.screening_rules import Rule
from planner.domain.vocab import Side, Technique
from tests.domain.test_screening import DERIVED

CATALOG: Catalog = load_catalog()
RULES: tuple[Rule, ...] = load_rules()
DAY = date(2026, 11, 20)
NEW = date(2026, 11, 1)  # onset of new pain, three weeks before DAY
ADULT = date(1984, 3, 2)  # 42 on DAY
USUAL = ("GB21", "TP:levator-scapulae")
REFER, BLOCK, CAUTION, INFO = Severity.REFER, Severity.BLOCK, Severity.CAUTION, Severity.INFO


def clearance(
    rule: str, *, by: str = "Dr Rao", note: str = "Examined; safe to treat."
) -> Clearance:
    return Clearance(rule, by, "GP", DAY, note)


def overrides(
    rule: str, *targets: str, reason: str = "Discussed; agreed in writing."
) -> tuple[Override, ...]:
    return tuple(Override(rule, t, reason, DAY) for t in targets)


MOVED = CourseOverride(moves=(SessionMove(2, date(2026, 12, 1)),), reason="Patient away")


@dataclass(frozen=True)
class Row:
    name: str
    passes: bool
    present: dict[str, Severity] = field(default_factory=dict)  # rule -> its severity
    absent: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()  # rules whose every finding is overridden or cleared
    born: date | None = ADULT
    onset: date | None = NEW
    conditions: tuple[str, ...] = ()
    weeks: int | None = None
    red_flags: tuple[str, ...] = ()
    painted: tuple[str, ...] = ()
    clearances: tuple[Clearance, ...] = ()
    targets: tuple[str, ...] | None = USUAL  # None: no plan yet
    electro: bool = False
    overrides: tuple[Override, ...] = ()
    course_override: CourseOverride | None = None
    says: dict[str, str] = field(default_factory=dict)  # rule -> words its message holds


ROWS = [
    # Red flags: only a clearance lifts them.
    Row(
        "myelopathy with a course override that moves a date",
        passes=False,
        red_flags=("myelopathy-signs",),
        course_override=MOVED,
        present={"red-flag-myelopathy-signs": REFER},
    ),
    Row(
        "chest pain with an override for every target",
        passes=False,
        red_flags=("chest-pain",),
        overrides=overrides("red-flag-chest-pain", *USUAL),
        present={"red-flag-chest-pain": REFER},
    ),
    Row(
        "chest pain cleared",
        passes=True,
        red_flags=("chest-pain",),
        clearances=(clearance("red-flag-chest-pain"),),
        present={"red-flag-chest-pain": REFER},
        resolved=("red-flag-chest-pain",),
    ),
    Row(
        "a red flag stands with nothing planned yet",
        passes=False,
        red_flags=("fever",),
        targets=None,
        present={"red-flag-fever": REFER},
    ),
    Row(
        "clearance with the wrong rule id",
        passes=False,
        red_flags=("chest-pain",),
        clearances=(clearance("red-flag-fever"),),
        present={"red-flag-chest-pain": REFER},
    ),
    Row(
        "clearance with a blank note (only buildable in the domain)",
        passes=False,
        red_flags=("chest-pain",),
        clearances=(clearance("red-flag-chest-pain", note="   "),),
        present={"red-flag-chest-pain": REFER},
    ),
    Row(
        "clearance with no one named",
        passes=False,
        red_flags=("chest-pain",),
        clearances=(clearance("red-flag-chest-pain", by=""),),
        present={"red-flag-chest-pain": REFER},
    ),
    Row(
        "one of two red flags cleared",
        passes=False,
        red_flags=("night-pain", "trauma"),
        clearances=(clearance("red-flag-trauma"),),
        present={"red-flag-night-pain": REFER, "red-flag-trauma": REFER},
        resolved=("red-flag-trauma",),
    ),
    # Age at onset, derived from the birth date.
    Row(
        "72-year-old with new neck pain",
        passes=False,
        born=date(1954, 6, 1),
        present={"age-onset-derived": REFER},
        absent=("minor-under-16", "minor-16-17"),
        says={"age-onset-derived": "began at age 72"},
    ),
    Row(
        "72-year-old with new neck pain, cleared",
        passes=True,
        born=date(1954, 6, 1),
        clearances=(clearance("age-onset-derived"),),
        present={"age-onset-derived": REFER},
        resolved=("age-onset-derived",),
    ),
    Row(
        "72-year-old with new neck pain, an override is no clearance",
        passes=False,
        born=date(1954, 6, 1),
        overrides=overrides("age-onset-derived", *USUAL),
        present={"age-onset-derived": REFER},
    ),
    Row(
        "60-year-old whose pain began at 50",
        passes=True,
        born=date(1966, 6, 1),
        onset=date(2016, 9, 1),
        absent=("age-onset-derived",),
    ),
    Row(
        "56-year-old with new pain",
        passes=False,
        born=date(1970, 6, 1),
        present={"age-onset-derived": REFER},
        says={"age-onset-derived": "age 56"},
    ),
    Row(
        "55-year-old with new pain",
        passes=True,
        born=date(1971, 6, 1),
        absent=("age-onset-derived",),
    ),
    Row(
        "19-year-old",
        passes=False,
        born=date(2007, 6, 1),
        present={"age-onset-derived": REFER},
        absent=("minor-under-16", "minor-16-17"),
    ),
    Row(
        "20 today, the pain began today",
        passes=True,
        born=date(2006, 11, 20),
        onset=DAY,
        absent=("age-onset-derived", "minor-16-17"),
    ),
    Row(
        "20 today, the pain began at 19",
        passes=False,
        born=date(2006, 11, 20),
        present={"age-onset-derived": REFER},
        says={"age-onset-derived": "age 19"},
    ),
    Row(
        "no onset date: the assessment date counts",
        passes=False,
        born=date(1954, 6, 1),
        onset=None,
        present={"age-onset-derived": REFER},
    ),
    Row(
        "no birth date: no age findings",
        passes=True,
        born=None,
        absent=("age-onset-derived", "minor-under-16", "minor-16-17"),
    ),
    Row(
        "12-year-old",
        passes=False,
        born=date(2014, 1, 1),
        present={"minor-under-16": CAUTION, "age-onset-derived": REFER},
        absent=("minor-16-17",),
        says={"minor-under-16": "is 12"},
    ),
    Row(
        "12-year-old, the age flag cleared",
        passes=True,
        born=date(2014, 1, 1),
        clearances=(clearance("age-onset-derived"),),
        present={"minor-under-16": CAUTION, "age-onset-derived": REFER},
        resolved=("age-onset-derived",),
    ),
    Row(
        "17-year-old",
        passes=False,
        born=date(2009, 6, 1),
        present={"minor-16-17": INFO, "age-onset-derived": REFER},
        absent=("minor-under-16",),
        says={"minor-16-17": "is 17"},
    ),
    Row(
        "16 today",
        passes=False,
        born=date(2010, 11, 20),
        present={"minor-16-17": INFO},
        absent=("minor-under-16",),
    ),
    Row(
        "17-year-old whose pain is cleared",
        passes=True,
        born=date(2009, 6, 1),
        clearances=(clearance("age-onset-derived"),),
        present={"minor-16-17": INFO},
    ),
    # The pain drawing.
    Row(
        "pain drawn on the left chest and arm",
        passes=False,
        painted=("chest-left", "arm-left"),
        present={"pain-drawing-chest": REFER},
        says={"pain-drawing-chest": "chest left, arm left"},
    ),
    Row(
        "pain drawn on the right chest only, nothing planned",
        passes=False,
        painted=("chest-right",),
        targets=None,
        present={"pain-drawing-chest": REFER},
    ),
    Row(
        "pain drawn on the neck and arm",
        passes=True,
        painted=("neck-left", "arm-left"),
        absent=("pain-drawing-chest",),
    ),
    Row(
        "painted chest, cleared",
        passes=True,
        painted=("chest-left",),
        clearances=(clearance("pain-drawing-chest"),),
        present={"pain-drawing-chest": REFER},
        resolved=("pain-drawing-chest",),
    ),
    # Pregnancy.
    Row(
        "pregnancy ticked, no plan yet",
        passes=True,
        conditions=("pregnancy",),
        targets=None,
        present={"pregnancy": CAUTION},
        absent=("pregnancy-first-trimester", "pregnancy-point"),
    ),
    Row(
        "pregnancy at 10 weeks",
        passes=True,
        conditions=("pregnancy",),
        weeks=10,
        present={"pregnancy": CAUTION, "pregnancy-first-trimester": CAUTION},
        says={"pregnancy-first-trimester": "week 10", "pregnancy": "10 weeks"},
    ),
    Row(
        "pregnancy at 13 weeks",
        passes=True,
        conditions=("pregnancy",),
        weeks=13,
        present={"pregnancy-first-trimester": CAUTION},
    ),
    Row(
        "pregnancy at 14 weeks",
        passes=True,
        conditions=("pregnancy",),
        weeks=14,
        present={"pregnancy": CAUTION},
        absent=("pregnancy-first-trimester",),
    ),
    Row(
        "pregnancy at 20 weeks",
        passes=True,
        conditions=("pregnancy",),
        weeks=20,
        present={"pregnancy": CAUTION},
        absent=("pregnancy-first-trimester",),
    ),
    Row(
        "pregnancy and LI4",
        passes=False,
        conditions=("pregnancy",),
        weeks=30,
        targets=("LI4", "GB21"),
        present={"pregnancy-point": BLOCK, "pregnancy": CAUTION},
    ),
    Row(
        "pregnancy and LI4 overridden",
        passes=True,
        conditions=("pregnancy",),
        weeks=30,
        targets=("LI4", "GB21"),
        overrides=overrides("pregnancy-point", "LI4"),
        present={"pregnancy-point": BLOCK},
        resolved=("pregnancy-point",),
    ),
    Row(
        "pregnancy and LI4, a clearance is no override",
        passes=False,
        conditions=("pregnancy",),
        weeks=30,
        targets=("LI4",),
        clearances=(clearance("pregnancy-point"),),
        present={"pregnancy-point": BLOCK},
    ),
    Row(
        "pregnancy and LI4 overridden with a blank reason",
        passes=False,
        conditions=("pregnancy",),
        targets=("LI4",),
        overrides=overrides("pregnancy-point", "LI4", reason="  "),
        present={"pregnancy-point": BLOCK},
    ),
    # Blocks about the patient or the modality.
    Row(
        "pacemaker and electro",
        passes=False,
        conditions=("pacemaker",),
        electro=True,
        present={"pacemaker-electro": BLOCK},
    ),
    Row(
        "pacemaker and electro overridden",
        passes=True,
        conditions=("pacemaker",),
        electro=True,
        overrides=overrides("pacemaker-electro", "electro"),
        resolved=("pacemaker-electro",),
    ),
    Row(
        "pacemaker, manual needling only",
        passes=True,
        conditions=("pacemaker",),
        absent=("pacemaker-electro",),
    ),
    Row(
        "haemophilia with points",
        passes=False,
        conditions=("bleeding-disorder",),
        present={"bleeding-disorder": BLOCK},
    ),
    Row(
        "haemophilia, nothing planned yet",
        passes=True,
        conditions=("bleeding-disorder",),
        targets=None,
        present={"bleeding-disorder": BLOCK},
    ),
    Row(
        "needle phobia, one of two targets overridden",
        passes=False,
        conditions=("needle-phobia",),
        overrides=overrides("needle-phobia", "GB21"),
        present={"needle-phobia": BLOCK},
    ),
    Row(
        "needle phobia, both targets overridden",
        passes=True,
        conditions=("needle-phobia",),
        overrides=overrides("needle-phobia", *USUAL),
        resolved=("needle-phobia",),
    ),
    Row(
        "lymphoedema of the left arm and LI4 on the left",
        passes=False,
        conditions=("lymphoedema-left-arm",),
        targets=("LI4",),
        present={"lymphoedema-left-arm": BLOCK},
    ),
    Row(
        "anticoagulants: a caution only",
        passes=True,
        conditions=("anticoagulants",),
        present={"anticoagulants": CAUTION},
    ),
    Row(
        "a point never needled",
        passes=False,
        targets=("CV8",),
        present={"not-needled-point": BLOCK},
    ),
    Row(
        "blocks overridden but a red flag stands",
        passes=False,
        conditions=("needle-phobia",),
        red_flags=("severe-headache",),
        overrides=overrides("needle-phobia", *USUAL),
        present={"red-flag-severe-headache": REFER, "needle-phobia": BLOCK},
        resolved=("needle-phobia",),
    ),
]


def case_of(row: Row) -> Case:
    lateral = Side.LEFT if row.conditions == ("lymphoedema-left-arm",) else Side.BOTH
    plan = None
    if row.targets is not None:
        technique = Technique.ELECTRO if row.electro else Technique.MANUAL
        plan = Plan(
            electro=row.electro,
            acupoints=tuple(
                AcupointTarget(t, lateral, technique)
                for t in row.targets
                if not t.startswith("TP:")
            ),
            trigger_points=tuple(
                TriggerPointTarget(t.removeprefix("TP:"), lateral, technique)
                for t in row.targets
                if t.startswith("TP:")
            ),
            start_date=date(2026, 11, 24),
            clinic_days=("mon", "wed", "fri"),
            overrides=row.overrides,
            course_override=row.course_override,
        )
    assessment = Assessment(
        date=DAY,
        complaint="Neck pain",
        onset_date=row.onset,
        conditions=row.conditions,
        pregnancy_weeks=row.weeks,
        red_flags=row.red_flags,
        pain_regions=tuple(PainRegion(r, 5) for r in row.painted),
        clearances=row.clearances,
    )
    return Case(Patient("Test Patient", row.born), assessment, plan)


def findings_of(row: Row) -> list[Finding]:
    return screen_case(case_of(row), CATALOG, RULES)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_case(row: Row) -> None:
    findings = findings_of(row)
    raised = {f.rule for f in findings}
    for rule, severity in row.present.items():
        assert rule in raised, f"{rule} not raised"
        assert {f.severity for f in findings if f.rule == rule} == {severity}
    for rule in row.absent:
        assert rule not in raised, f"{rule} raised"
    for rule in row.resolved:
        assert rule in raised
        assert all(f.resolved for f in findings if f.rule == rule)
    for rule in set(row.present) - set(row.resolved):
        assert not all(f.resolved for f in findings if f.rule == rule), f"{rule} was lifted"
    for rule, words in row.says.items():
        assert any(words in f.message for f in findings if f.rule == rule), (rule, words)
    # A clearance never lifts a block, an override never a red flag.
    for f in findings:
        if f.cleared_by is not None:
            assert f.severity is REFER
        if f.overridden_by is not None:
            assert f.severity is BLOCK
    assert passes_gate(findings) is row.passes


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_every_door_agrees_with_the_row(row: Row) -> None:
    case = case_of(row)
    findings = findings_of(row)
    assert case_findings(case) == findings
    stop = stopping_findings(findings)
    if row.passes:
        check_gate(findings)
    else:
        with pytest.raises(SafetyStop) as refused:
            check_gate(findings, action="printed")
        assert refused.value.findings == tuple(stop)
        assert str(refused.value).startswith("the plan cannot be printed: ")
        for f in stop:
            assert f.rule in str(refused.value)
    if case.plan is None:
        assert gate_problems(case) == []
        return
    problems = gate_problems(case)
    assert (problems == []) is row.passes
    assert all(p.field == "plan" for p in problems)
    assert (why_no_handout(case.plan, findings) is None) is (row.passes and bool(row.targets))
    course = course_for_case(case, findings)
    assert (course is not None) is row.passes


def test_the_table_is_big_enough_and_names_are_unique() -> None:
    assert len(ROWS) >= 20
    assert len({r.name for r in ROWS}) == len(ROWS)
    assert any(r.passes for r in ROWS)
    assert any(not r.passes for r in ROWS)


def test_every_derived_rule_has_a_row() -> None:
    raised = {rule for r in ROWS for rule in r.present}
    missing = [rule for rule in (*DERIVED, "pregnancy") if rule not in raised]
    assert missing == []
    # Each derived rule also has a row where it stays silent.
    silent = {rule for r in ROWS for rule in r.absent}
    assert [rule for rule in DERIVED if rule not in silent] == []


def test_every_rule_named_in_the_table_is_shipped() -> None:
    shipped = {r.id for r in RULES}
    named = {rule for r in ROWS for rule in (*r.present, *r.absent, *r.resolved)}
    named |= {c.rule for r in ROWS for c in r.clearances}
    named |= {o.rule for r in ROWS for o in r.overrides}
    assert named <= shipped
