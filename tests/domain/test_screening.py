"""The screening engine with the shipped rules and catalog: one table row per rule, then the
side logic, overrides, sorting and the no-plan / no-assessment cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from planner.catalog import load_catalog
from planner.catalog.rules import load_rules
from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.catalog import Catalog
from planner.domain.findings import (
    Finding,
    Severity,
    apply_overrides,
    has_unresolved_refer,
    sort_findings,
    unresolved_blocks,
)
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.screening import screen, screen_case
from planner.domain.screening_rules import Rule, Scope
from planner.domain.vocab import RED_FLAGS, Side, Technique

CATALOG: Catalog = load_catalog()
RULES: tuple[Rule, ...] = load_rules()
DAY = date(2026, 11, 20)

# Targets as (id, side): an acupoint code or "TP:<muscle>".
Targets = tuple[tuple[str, str], ...]
USUAL: Targets = (("GB21", "right"), ("SI3", "both"), ("TP:levator-scapulae", "right"))
USUAL_IDS = ("GB21", "SI3", "TP:levator-scapulae")


def assessment(conditions: tuple[str, ...] = (), red_flags: tuple[str, ...] = ()) -> Assessment:
    return Assessment(date=DAY, conditions=conditions, red_flags=red_flags)


def plan(
    targets: Targets = USUAL, *, electro: bool = False, overrides: tuple[Override, ...] = ()
) -> Plan:
    points = tuple(AcupointTarget(t, Side(s)) for t, s in targets if not t.startswith("TP:"))
    tps = tuple(
        TriggerPointTarget(t.removeprefix("TP:"), Side(s))
        for t, s in targets
        if t.startswith("TP:")
    )
    return Plan(electro=electro, acupoints=points, trigger_points=tps, overrides=overrides)


def run(a: Assessment | None, p: Plan | None) -> list[Finding]:
    return screen(a, p, CATALOG, RULES)


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


# --- One row per rule ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    rule: str
    severity: Severity
    targets: list[tuple[str, ...]]  # one tuple per expected finding, in order
    source: str
    conditions: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    planned: Targets = USUAL
    electro: bool = False
    says: tuple[str, ...] = ()  # words the message must contain (any case)
    no_assessment: bool = False  # the rule needs no assessment: screen without one


NICE = "NICE CKS neck pain"
REF4 = "Needleplan reference §4"
RED_FLAG_WORDS = {
    "trauma": "trauma",
    "fever": "fever",
    "unexplained-weight-loss": "weight loss",
    "cancer-history": "cancer",
    "night-pain": "night",
    "progressive-neurological-deficit": "neurological deficit",
    "myelopathy-signs": "myelopathy",
    "severe-headache": "headache",
    "dizziness-drop-attacks": "drop attacks",
    "chest-pain": "rule out cardiac and lung causes first",
    "age-onset-under-20-or-over-55": "after 55",
    "immunosuppression-or-iv-drug-use": "intravenous drug use",
    "inflammatory-arthritis": "inflammatory arthritis",
    "osteoporosis": "osteoporosis",
}
AACP = ("LI4", "SP6", "BL60", "BL67", "BL31", "BL32", "BL33", "BL34")

ROWS: list[Row] = [
    *(
        Row(
            f"red-flag-{flag}",
            Severity.REFER,
            [USUAL_IDS],
            NICE,
            red_flags=(flag,),
            says=("Red flag", RED_FLAG_WORDS[flag]),
        )
        for flag in RED_FLAGS
    ),
    Row(
        "pregnancy",
        Severity.CAUTION,
        [USUAL_IDS],
        "AACP 2012; Carr 2015; Birch",
        conditions=("pregnancy",),
        says=("Pregnancy", "lying on her side"),
    ),
    Row(
        "pregnancy-point",
        Severity.BLOCK,
        [("LI4",)],
        "AACP 2012; Carr 2015",
        conditions=("pregnancy",),
        planned=(("LI4", "both"), ("GB21", "right")),
        says=("AACP", "evidence of harm is weak", "override"),
    ),
    Row(
        "pregnancy-caution-point",
        Severity.CAUTION,
        [("GB21",)],
        "Birch; Carr 2015; Deadman",
        conditions=("pregnancy",),
        planned=(("LI4", "both"), ("GB21", "right")),
        says=("GB21", "evidence of harm is weak"),
    ),
    Row(
        "pregnancy-abdomen-lumbosacral",
        Severity.CAUTION,
        [("CV12",), ("BL23",)],
        "CAM 1999; Birch",
        conditions=("pregnancy",),
        planned=(("CV12", "midline"), ("BL23", "both"), ("BL32", "both"), ("GB21", "left")),
        says=("great care",),
    ),
    Row(
        "pregnancy-electro",
        Severity.CAUTION,
        [("electro",)],
        "Birch; Carr 2015",
        conditions=("pregnancy",),
        electro=True,
        says=("electroacupuncture", "evidence of harm is weak"),
    ),
    Row(
        "pacemaker-electro",
        Severity.BLOCK,
        [("electro",)],
        "Sierpina 2005",
        conditions=("pacemaker",),
        electro=True,
        says=("No electroacupuncture", "pacemaker"),
    ),
    Row(
        "bleeding-disorder",
        Severity.BLOCK,
        [USUAL_IDS],
        "WHO 1999",
        conditions=("bleeding-disorder",),
        says=("specialist",),
    ),
    Row(
        "anticoagulants",
        Severity.CAUTION,
        [USUAL_IDS],
        "Muñoz 2022; APTA 2013",
        conditions=("anticoagulants",),
        says=("shallowly", "press firmly"),
    ),
    Row(
        "needle-phobia",
        Severity.BLOCK,
        [USUAL_IDS],
        REF4,
        conditions=("needle-phobia",),
        says=("do not needle",),
    ),
    Row(
        "unable-to-consent",
        Severity.BLOCK,
        [USUAL_IDS],
        REF4,
        conditions=("unable-to-consent",),
        says=("consent",),
    ),
    Row(
        "local-infection",
        Severity.BLOCK,
        [USUAL_IDS],
        REF4,
        conditions=("local-infection",),
        says=("infection",),
    ),
    Row(
        "lymphoedema-left-arm",
        Severity.BLOCK,
        [("LI4",), ("TE5",), ("GB21",)],
        REF4,
        conditions=("lymphoedema-left-arm",),
        planned=(("LI4", "both"), ("TE5", "left"), ("SI3", "right"), ("GB21", "left")),
        says=("left arm",),
    ),
    Row(
        "lymphoedema-right-arm",
        Severity.BLOCK,
        [("LI4",), ("SI3",), ("GB21",)],
        REF4,
        conditions=("lymphoedema-right-arm",),
        planned=(("LI4", "both"), ("TE5", "left"), ("SI3", "right"), ("GB21", "right")),
        says=("right arm",),
    ),
    Row(
        "epilepsy",
        Severity.CAUTION,
        [USUAL_IDS],
        REF4,
        conditions=("epilepsy",),
        says=("lying down",),
    ),
    Row(
        "lymphoedema-left-axilla",
        Severity.BLOCK,
        [("GB22",), ("TP:pectoralis-minor",)],
        REF4,
        conditions=("lymphoedema-left-arm",),
        planned=(("GB22", "left"), ("TP:pectoralis-minor", "both"), ("PC1", "right")),
        says=("left armpit", "lymph nodes"),
    ),
    Row(
        "lymphoedema-right-axilla",
        Severity.BLOCK,
        [("PC1",), ("TP:pectoralis-minor",)],
        REF4,
        conditions=("lymphoedema-right-arm",),
        planned=(("GB22", "left"), ("PC1", "right"), ("TP:pectoralis-minor", "both")),
        says=("right armpit", "lymph nodes"),
    ),
    Row(
        "epilepsy-electro",
        Severity.CAUTION,
        [("electro",)],
        "Cummings 2011",
        conditions=("epilepsy",),
        electro=True,
        says=("electroacupuncture", "lowest current"),
    ),
    Row(
        "diabetes",
        Severity.CAUTION,
        [("LI4", "ST36", "KI1")],
        REF4,
        conditions=("diabetes",),
        planned=(
            ("GB21", "right"),
            ("LI4", "both"),
            ("LI11", "left"),
            ("ST36", "both"),
            ("KI1", "both"),
        ),
        says=("LI4, ST36, KI1",),
    ),
    Row(
        "immunosuppression",
        Severity.CAUTION,
        [USUAL_IDS],
        REF4,
        conditions=("immunosuppression",),
        says=("infection",),
    ),
    Row(
        "metal-allergy",
        Severity.CAUTION,
        [USUAL_IDS],
        REF4,
        conditions=("metal-allergy",),
        says=("nickel",),
    ),
    Row(
        "not-needled-point",
        Severity.BLOCK,
        [("ST17",)],
        "CAM 1999",
        planned=(("ST17", "left"), ("ST16", "left")),
        says=("landmark", "override"),
        no_assessment=True,
    ),
    Row(
        "lung-risk",
        Severity.CAUTION,
        [("GB21",)],
        "CAM 1999; Travell & Simons; Chen 2018; Chu 2018; Deadman",
        planned=(("GB21", "right"), ("SI3", "both")),
        says=("Pneumothorax", "GB21", "lung apex", "6-10 mm", "hours"),
        no_assessment=True,
    ),
    # The fallback for chest-wall points the library gives no lung caution: every shipped one
    # now has it (LU1 gets lung-risk, CV17 sternum-point); test_screening_gaps builds a gap.
    Row(
        "chest-wall-point",
        Severity.CAUTION,
        [],
        "CAM 1999",
        planned=(("LU1", "right"), ("GB21", "right"), ("GV12", "midline"), ("CV17", "midline")),
        no_assessment=True,
    ),
    Row(
        "sternum-point",
        Severity.CAUTION,
        [("CV17",)],
        "CAM 1999; Kirchgatterer 2000; Halvorsen 1995",
        planned=(("CV17", "midline"), ("LU1", "right")),
        says=("sternum", "transversely", "6-10 mm", "heart", "tamponade"),
        no_assessment=True,
    ),
    Row(
        "electro-across-chest",
        Severity.CAUTION,
        [("GB21", "SI3")],
        "Cummings 2011",
        electro=True,
        says=("across the chest", "never left to right"),
        no_assessment=True,
    ),
    Row(
        "electro-through-chest",
        Severity.CAUTION,
        [("CV17", "GV9")],
        "Cummings 2011",
        planned=(("CV17", "midline"), ("GV9", "midline"), ("GV14", "midline")),
        electro=True,
        says=("front and back", "through the chest"),
        no_assessment=True,
    ),
    Row(
        "bilateral-chest-wall",
        Severity.CAUTION,
        [("GB21", "BL13")],
        "Travell & Simons",
        planned=(("GB21", "left"), ("BL13", "right"), ("SI3", "both")),
        says=("both sides", "GB21, BL13"),
        no_assessment=True,
    ),
    Row(
        "vessel-risk",
        Severity.CAUTION,
        [("ST9",)],
        "CAM 1999; Deadman",
        planned=(("ST9", "left"), ("SI3", "both")),
        says=("common carotid artery",),
        no_assessment=True,
    ),
    Row(
        "cns-risk",
        Severity.CAUTION,
        [("GV14",)],
        "CAM 1999; Deadman",
        planned=(("GV14", "midline"), ("SI3", "both")),
        says=("spinal cord",),
        no_assessment=True,
    ),
    Row(
        "unknown-target",
        Severity.CAUTION,
        [("EX-UE99",)],
        "Needleplan catalog",
        planned=(("EX-UE99", "left"), ("SI3", "both")),
        says=("EX-UE99", "not screened"),
        no_assessment=True,
    ),
]


# Rules that read what the app derives (age, pain drawing, trimester): their table is in
# tests/domain/test_safety_cases.py.
DERIVED = (
    "age-onset-derived",
    "pain-drawing-chest",
    "minor-under-16",
    "minor-16-17",
    "pregnancy-first-trimester",
)


def test_every_shipped_rule_has_a_row() -> None:
    assert sorted([*(r.rule for r in ROWS), *DERIVED]) == sorted(r.id for r in RULES)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.rule)
def test_rule(row: Row) -> None:
    a = None if row.no_assessment else assessment(row.conditions, row.red_flags)
    findings = of(run(a, plan(row.planned, electro=row.electro)), row.rule)
    assert [f.targets for f in findings] == row.targets
    for f in findings:
        assert f.severity is row.severity
        assert f.source == row.source
        assert f.overridden_by is None
        for words in row.says:
            assert words.casefold() in f.message.casefold()
        assert "{" not in f.message


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r.conditions or r.red_flags], ids=lambda r: r.rule
)
def test_rule_is_silent_without_its_trigger(row: Row) -> None:
    findings = run(assessment(), plan(row.planned, electro=row.electro))
    assert of(findings, row.rule) == []


# --- Details of single rules -------------------------------------------------------------------


@pytest.mark.parametrize("code", AACP)
def test_every_aacp_point_is_blocked_in_pregnancy(code: str) -> None:
    findings = run(assessment(("pregnancy",)), plan(((code, "both"),)))
    assert [(f.rule, f.severity) for f in of(findings, "pregnancy-point")] == [
        ("pregnancy-point", Severity.BLOCK)
    ]
    # AACP points are blocked once, not also cautioned as flagged or lumbosacral points.
    assert of(findings, "pregnancy-caution-point") == []
    assert of(findings, "pregnancy-abdomen-lumbosacral") == []


def test_other_flagged_points_are_cautions_in_pregnancy() -> None:
    findings = run(assessment(("pregnancy",)), plan((("LR3", "both"), ("GB21", "left"))))
    assert [f.targets for f in of(findings, "pregnancy-caution-point")] == [("LR3",), ("GB21",)]


@pytest.mark.parametrize("condition", ["pacemaker", "implanted-device"])
@pytest.mark.parametrize("how", ["plan", "technique"])
def test_electro_is_blocked_with_an_implanted_device(condition: str, how: str) -> None:
    if how == "plan":
        p = plan(electro=True)
    else:  # a target stimulated electrically, even if plan.electro was left false
        p = Plan(acupoints=(AcupointTarget("SI3", Side.BOTH, Technique.ELECTRO),))
    findings = of(run(assessment((condition,)), p), "pacemaker-electro")
    assert [(f.severity, f.targets) for f in findings] == [(Severity.BLOCK, ("electro",))]


def test_no_electro_no_device_finding() -> None:
    assert of(run(assessment(("pacemaker",)), plan()), "pacemaker-electro") == []


@pytest.mark.parametrize(
    ("condition", "side", "blocked"),
    [
        ("lymphoedema-left-arm", "left", True),
        ("lymphoedema-left-arm", "both", True),
        ("lymphoedema-left-arm", "right", False),
        ("lymphoedema-right-arm", "right", True),
        ("lymphoedema-right-arm", "both", True),
        ("lymphoedema-right-arm", "left", False),
    ],
)
def test_lymphoedema_blocks_the_arm_on_its_side(condition: str, side: str, blocked: bool) -> None:
    findings = of(run(assessment((condition,)), plan((("LI4", side),))), condition)
    assert [f.targets for f in findings] == ([("LI4",)] if blocked else [])


def test_lymphoedema_counts_left_and_right_entries_of_one_point_as_both() -> None:
    p = plan((("LI4", "left"), ("LI4", "right")))
    findings = of(run(assessment(("lymphoedema-right-arm",)), p), "lymphoedema-right-arm")
    assert [f.targets for f in findings] == [("LI4",)]
    assert "both sides" in findings[0].message


def test_lymphoedema_leaves_points_off_the_arm_alone() -> None:
    # The shoulder is covered (it drains to the same armpit nodes); the neck and back are not.
    p = plan((("GB20", "left"), ("BL13", "left"), ("TP:levator-scapulae", "left")))
    assert of(run(assessment(("lymphoedema-left-arm",)), p), "lymphoedema-left-arm") == []


@pytest.mark.parametrize(
    ("planned", "fires"),
    [
        ((("GB21", "both"),), True),
        ((("GB21", "left"), ("BL13", "right")), True),
        ((("GB21", "right"), ("TP:upper-trapezius", "left")), True),
        ((("LU1", "left"), ("GB21", "right")), True),  # a chest-wall point counts too
        ((("GB21", "left"), ("BL13", "left")), False),
        ((("GB21", "right"), ("SI3", "left")), False),  # SI3 is no lung risk
        ((("GB21", "left"), ("GV14", "midline")), False),
    ],
)
def test_bilateral_chest_wall(planned: Targets, fires: bool) -> None:
    findings = of(run(None, plan(planned)), "bilateral-chest-wall")
    assert len(findings) == (1 if fires else 0)


def test_lung_risk_names_depth_for_trigger_points_without_a_depth() -> None:
    (f,) = of(run(None, plan((("TP:rhomboids", "left"),))), "lung-risk")
    assert "as shallow as the target allows" in f.message
    assert f.source == "CAM 1999; Travell & Simons"


def test_a_point_with_two_flags_gets_both_findings() -> None:
    findings = run(None, plan((("GB20", "both"),)))
    assert [f.rule for f in findings] == ["vessel-risk", "cns-risk"]
    assert all("vertebral artery" in f.message for f in findings)


def test_chest_pain_says_to_rule_out_heart_and_lung_first() -> None:
    (f,) = run(assessment(red_flags=("chest-pain",)), None)
    assert f.severity is Severity.REFER
    assert "cardiac and lung causes first" in f.message


def test_each_red_flag_is_its_own_finding() -> None:
    findings = run(assessment(red_flags=RED_FLAGS), plan())
    assert [f.rule for f in findings] == [f"red-flag-{flag}" for flag in RED_FLAGS] + [
        "lung-risk",
        "lung-risk",
    ]
    assert has_unresolved_refer(findings)


# --- No plan, no assessment --------------------------------------------------------------------


def test_no_plan_gives_only_assessment_level_findings() -> None:
    a = assessment(("pregnancy", "bleeding-disorder", "diabetes", "pacemaker"), ("fever",))
    findings = run(a, None)
    assert [(f.rule, f.targets) for f in findings] == [
        ("red-flag-fever", ()),
        ("bleeding-disorder", ()),
        ("pregnancy", ()),
    ]


def test_no_assessment_gives_only_target_level_findings() -> None:
    p = plan((("GB21", "both"), ("LI4", "left")), electro=True)
    rules = {f.rule for f in run(None, p)}
    # GB21 on both sides with electro: the current may cross the chest (Cummings 2011).
    assert rules == {"lung-risk", "bilateral-chest-wall", "electro-across-chest"}


def test_nothing_to_screen() -> None:
    assert run(None, None) == []
    assert run(assessment(), Plan()) == []


def test_empty_plan_still_gets_blanket_findings() -> None:
    findings = run(assessment(("needle-phobia",)), Plan())
    assert [(f.rule, f.targets) for f in findings] == [("needle-phobia", ())]


# --- Sorting -----------------------------------------------------------------------------------


def test_severity_order() -> None:
    assert Severity.REFER > Severity.BLOCK > Severity.CAUTION > Severity.INFO
    assert sorted([Severity.INFO, Severity.REFER, Severity.CAUTION, Severity.BLOCK]) == [
        Severity.INFO,
        Severity.CAUTION,
        Severity.BLOCK,
        Severity.REFER,
    ]
    assert Severity.INFO <= Severity.INFO
    assert Severity.BLOCK >= Severity.CAUTION


def test_findings_come_most_severe_first_and_deterministically() -> None:
    a = assessment(("anticoagulants", "pregnancy", "lymphoedema-left-arm"), ("night-pain",))
    p = plan((("GB21", "both"), ("LI4", "left"), ("SP6", "both")))
    findings = run(a, p)
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    assert findings[0].rule == "red-flag-night-pain"
    assert findings == run(a, p)
    # within a severity: the rules' order, then the plan's
    blocks = [(f.rule, f.targets) for f in findings if f.severity is Severity.BLOCK]
    assert blocks == [
        ("pregnancy-point", ("LI4",)),
        ("pregnancy-point", ("SP6",)),
        ("lymphoedema-left-arm", ("GB21",)),
        ("lymphoedema-left-arm", ("LI4",)),
    ]


def test_sort_puts_overridden_after_standing_findings_of_one_severity() -> None:
    done = Finding("a", Severity.BLOCK, ("GB21",), "m", "s", overridden_by="why")
    standing = Finding("b", Severity.BLOCK, ("SI3",), "m", "s")
    info = Finding("c", Severity.INFO, (), "m", "s")
    assert sort_findings([info, done, standing]) == [standing, done, info]


# --- Overrides ---------------------------------------------------------------------------------


def _override(rule: str, target: str, reason: str = "Discussed with the patient") -> Override:
    return Override(rule, target, reason, DAY)


def test_a_block_with_a_written_reason_is_overridden() -> None:
    findings = run(assessment(("pregnancy",)), plan((("LI4", "both"),)))
    assert [f.rule for f in unresolved_blocks(findings)] == ["pregnancy-point"]
    done = apply_overrides(
        findings, [_override("pregnancy-point", "LI4", "  Week 38, induction  ")]
    )
    (f,) = of(done, "pregnancy-point")
    assert f.overridden_by == "Week 38, induction"
    assert unresolved_blocks(done) == []


@pytest.mark.parametrize(
    "override",
    [
        Override("pregnancy-point", "LI4", "   "),  # a blank reason is no override
        Override("pregnancy-point", "SP6", "wrong target"),
        Override("pacemaker-electro", "LI4", "wrong rule"),
    ],
)
def test_overrides_that_do_not_fit_change_nothing(override: Override) -> None:
    findings = run(assessment(("pregnancy",)), plan((("LI4", "both"),)))
    assert apply_overrides(findings, [override]) == findings


def test_cautions_cannot_be_overridden() -> None:
    findings = run(None, plan((("GB21", "right"),)))
    assert apply_overrides(findings, [_override("lung-risk", "GB21")]) == findings


def test_a_finding_about_several_targets_is_split_by_override() -> None:
    findings = run(assessment(("bleeding-disorder",)), plan())
    done = apply_overrides(
        findings,
        [
            _override("bleeding-disorder", "GB21", "Haematologist cleared, letter 2026-11-02"),
            _override(
                "bleeding-disorder",
                "TP:levator-scapulae",
                "Haematologist cleared, letter 2026-11-02",
            ),
        ],
    )
    parts = [(f.targets, f.overridden_by) for f in of(done, "bleeding-disorder")]
    assert parts == [
        (("SI3",), None),
        (("GB21", "TP:levator-scapulae"), "Haematologist cleared, letter 2026-11-02"),
    ]
    assert [f.targets for f in unresolved_blocks(done)] == [("SI3",)]


def test_an_override_never_lifts_a_red_flag() -> None:
    findings = run(
        assessment(red_flags=("osteoporosis",)), plan((("GB21", "right"), ("SI3", "both")))
    )
    assert has_unresolved_refer(findings)
    both = apply_overrides(
        findings,
        [
            _override("red-flag-osteoporosis", "GB21", "GP: no fracture"),
            _override("red-flag-osteoporosis", "SI3", "GP: no fracture"),
        ],
    )
    assert has_unresolved_refer(both)
    assert all(f.overridden_by is None for f in both)


def test_a_finding_about_no_target_cannot_be_overridden() -> None:
    findings = run(assessment(red_flags=("fever",)), None)
    assert has_unresolved_refer(apply_overrides(findings, [_override("red-flag-fever", "GB21")]))


def test_electro_block_is_overridden_on_the_electro_target() -> None:
    findings = run(assessment(("implanted-device",)), plan(electro=True))
    done = apply_overrides(findings, [_override("pacemaker-electro", "electro", "Cardiology OK")])
    assert unresolved_blocks(done) == []


def test_screen_case_applies_the_plans_overrides() -> None:
    p = plan((("LI4", "left"),), overrides=(_override("pregnancy-point", "LI4", "Post-dates"),))
    case = Case(Patient(name="A"), assessment(("pregnancy",)), p)
    (f,) = of(screen_case(case, CATALOG, RULES), "pregnancy-point")
    assert f.overridden_by == "Post-dates"
    assert screen_case(Case(Patient(name="A")), CATALOG, RULES) == []


# --- Robustness --------------------------------------------------------------------------------


def test_a_hand_built_rule_with_a_stray_field_does_not_crash() -> None:
    rule = Rule("odd", Severity.INFO, Scope.CASE, "Odd {nope} {0} {", "x", conditions=("diabetes",))
    (f,) = screen(assessment(("diabetes",)), None, CATALOG, [rule])
    assert f.message == "Odd {nope} {0} {"
