"""Properties of the screening engine over any valid assessment and plan.

Built from the vocabularies and the shipped catalog's codes (plus a few unknown ones), with
the shipped rules: the engine never crashes, and more risk never means fewer findings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.catalog import load_catalog
from planner.catalog.rules import load_rules
from planner.domain.assessment import Assessment
from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import PointKind
from planner.domain.findings import ELECTRO, Finding, apply_overrides, has_unresolved_refer
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.screening import screen
from planner.domain.screening_rules import Rule
from planner.domain.vocab import CONDITIONS, RED_FLAGS, Modality, Side, Technique

CATALOG: Catalog = load_catalog()
RULES: tuple[Rule, ...] = load_rules()
RULE_IDS = {r.id for r in RULES}
DAY = date(2026, 11, 20)

CODES = sorted(p.code for p in CATALOG.acupoints if p.kind is not PointKind.ASHI)
MUSCLES = sorted(r.muscle for r in CATALOG.trigger_regions)
UNKNOWN_CODES = ["EX-UE99", "EX-B9"]


def _sides(code: str) -> st.SearchStrategy[Side]:
    if code[:2] in ("GV", "CV"):
        return st.sampled_from([Side.MIDLINE, Side.BOTH])
    if code.startswith("EX-"):
        return st.sampled_from(Side)
    return st.sampled_from([Side.LEFT, Side.RIGHT, Side.BOTH])


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    conditions = tuple(draw(st.lists(st.sampled_from(CONDITIONS), unique=True)))
    weeks = draw(st.none() | st.integers(0, 45)) if "pregnancy" in conditions else None
    return Assessment(
        date=DAY,
        conditions=conditions,
        pregnancy_weeks=weeks,
        red_flags=tuple(draw(st.lists(st.sampled_from(RED_FLAGS), unique=True))),
    )


@st.composite
def acupoints(draw: st.DrawFn, code: str, electro: bool) -> AcupointTarget:
    technique = draw(st.sampled_from(Technique)) if electro else Technique.MANUAL
    return AcupointTarget(code, draw(_sides(code)), technique)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    electro = draw(st.booleans())
    codes = draw(st.lists(st.sampled_from(CODES + UNKNOWN_CODES), unique=True, max_size=8))
    muscles = draw(st.lists(st.sampled_from(MUSCLES), unique=True, max_size=4))
    techniques = st.sampled_from(Technique) if electro else st.just(Technique.MANUAL)
    targets = [*codes, *(f"TP:{m}" for m in muscles), ELECTRO]
    overrides = draw(
        st.lists(
            st.builds(
                Override,
                st.sampled_from(sorted(RULE_IDS)),
                st.sampled_from(targets),
                st.sampled_from(["Discussed and agreed", "  ", "Specialist cleared"]),
            ),
            max_size=3,
        )
    )
    return Plan(
        modality=draw(st.sampled_from(Modality)),
        electro=electro,
        acupoints=tuple(draw(acupoints(c, electro)) for c in codes),
        trigger_points=tuple(
            TriggerPointTarget(m, draw(st.sampled_from(Side)), draw(techniques)) for m in muscles
        ),
        overrides=tuple(overrides),
    )


def _pairs(findings: list[Finding]) -> set[tuple[str, str | None]]:
    """(rule, target) for every target of every finding; (rule, None) for each rule seen."""
    pairs: set[tuple[str, str | None]] = {(f.rule, None) for f in findings}
    pairs |= {(f.rule, t) for f in findings for t in f.targets}
    return pairs


def _severities(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, str(f.severity)) for f in findings}


@settings(max_examples=300)
@given(st.none() | assessments(), st.none() | plans())
def test_the_engine_never_crashes_and_answers_well_formed(
    a: Assessment | None, p: Plan | None
) -> None:
    findings = screen(a, p, CATALOG, RULES)
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    allowed = set(p.target_ids()) | {ELECTRO} if p is not None else set()
    for f in findings:
        assert f.rule in RULE_IDS
        assert set(f.targets) <= allowed
        assert f.message
        assert "{" not in f.message
        assert f.source
        assert f.overridden_by is None
    if a is not None and a.red_flags:
        assert has_unresolved_refer(findings)
    assert findings == screen(a, p, CATALOG, RULES)


@given(assessments(), st.none() | plans(), st.sampled_from(CONDITIONS + RED_FLAGS))
def test_adding_a_condition_or_red_flag_never_removes_a_finding(
    a: Assessment, p: Plan | None, extra: str
) -> None:
    before = screen(a, p, CATALOG, RULES)
    if extra in CONDITIONS:
        more = replace(a, conditions=tuple(dict.fromkeys((*a.conditions, extra))))
    else:
        more = replace(a, red_flags=tuple(dict.fromkeys((*a.red_flags, extra))))
    after = screen(more, p, CATALOG, RULES)
    assert _pairs(before) <= _pairs(after)
    assert _severities(before) <= _severities(after)


@given(
    st.none() | assessments(),
    plans(),
    st.sampled_from(CODES + UNKNOWN_CODES),
    st.sampled_from([Side.LEFT, Side.RIGHT, Side.BOTH]),
)
def test_adding_a_target_never_removes_a_finding_about_another(
    a: Assessment | None, p: Plan, code: str, side: Side
) -> None:
    if code in p.target_ids():
        return
    if code[:2] in ("GV", "CV"):
        side = Side.MIDLINE
    more = Plan(
        modality=p.modality,
        electro=p.electro,
        acupoints=(*p.acupoints, AcupointTarget(code, side)),
        trigger_points=p.trigger_points,
    )
    before = screen(a, p, CATALOG, RULES)
    after = screen(a, more, CATALOG, RULES)
    assert {x for x in _pairs(before) if x[1] is not None} <= _pairs(after)
    assert _severities(before) <= _severities(after)


@given(st.none() | assessments(), plans())
def test_overrides_never_lose_a_target_and_touch_only_refer_and_block(
    a: Assessment | None, p: Plan
) -> None:
    findings = screen(a, p, CATALOG, RULES)
    done = apply_overrides(findings, p.overrides)
    assert _pairs(done) == _pairs(findings)
    assert _severities(done) == _severities(findings)
    for f in done:
        if f.overridden_by is not None:
            assert str(f.severity) in ("refer", "block")
            assert f.overridden_by.strip()
