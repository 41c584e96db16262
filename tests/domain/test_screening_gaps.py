"""The gaps closed in the catalog and the rules: chest-wall and front-of-neck flags, trigger
regions with a body region, and overrides that match nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.catalog import load_catalog
from planner.catalog.rules import load_rules
from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import BodyRegion, Target, TriggerRegion
from planner.domain.findings import Finding, Severity, unmatched_overrides
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.screening import screen, screen_case
from planner.domain.screening_rules import Rule, Scope, TargetFilter
from planner.domain.vocab import Side

CATALOG: Catalog = load_catalog()
RULES: tuple[Rule, ...] = load_rules()
DAY = date(2026, 11, 20)


def plan(*targets: tuple[str, str], overrides: tuple[Override, ...] = ()) -> Plan:
    points = tuple(AcupointTarget(t, Side(s)) for t, s in targets if not t.startswith("TP:"))
    tps = tuple(
        TriggerPointTarget(t.removeprefix("TP:"), Side(s))
        for t, s in targets
        if t.startswith("TP:")
    )
    return Plan(acupoints=points, trigger_points=tps, overrides=overrides)


def assessment(*conditions: str) -> Assessment:
    return Assessment(date=DAY, conditions=conditions)


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def with_targets(*extra: Target, drop: tuple[str, ...] = ()) -> Catalog:
    """The shipped catalog plus hand-built targets (and minus the named acupoints)."""
    points = [p for p in CATALOG.acupoints if p.code not in drop]
    points += [t for t in extra if not isinstance(t, TriggerRegion)]
    regions = [*CATALOG.trigger_regions, *(t for t in extra if isinstance(t, TriggerRegion))]
    return Catalog(points, regions, CATALOG.sources)


# --- Chest wall -------------------------------------------------------------------------------

CHEST_WALL = [
    *("LU1", "LU2", "ST13", "ST14", "ST15", "ST16", "ST17", "ST18"),
    *("SP17", "SP18", "SP19", "SP20", "SP21", "KI22", "KI23", "KI24", "KI25", "KI26", "KI27"),
    *("PC1", "GB22", "GB23", "GB24", "LR14", "BL18", "BL19", "BL20", "BL21"),
    *("BL47", "BL48", "BL49", "BL50"),
]


@pytest.mark.parametrize("code", CHEST_WALL)
def test_chest_wall_points_get_the_pneumothorax_caution(code: str) -> None:
    findings = screen(None, plan((code, "left")), CATALOG, RULES)
    (f,) = of(findings, "lung-risk")
    assert f.targets == (code,)
    assert "Pneumothorax risk" in f.message
    if code != "ST17":  # not needled at all: see below
        assert "oblique" in f.message.casefold()
    assert of(findings, "chest-wall-point") == []  # the specific caution, not the fallback


@pytest.mark.parametrize("code", ["ST17", "CV8"])
def test_landmark_points_are_blocked(code: str) -> None:
    side = "midline" if code == "CV8" else "left"
    (f,) = of(screen(None, plan((code, side)), CATALOG, RULES), "not-needled-point")
    assert f.severity is Severity.BLOCK
    assert "landmark" in f.message


def test_an_in_depth_chest_point_names_its_depth_and_direction() -> None:
    (f,) = of(screen(None, plan(("LU1", "right")), CATALOG, RULES), "lung-risk")
    assert "At risk: lung and pleura" in f.message
    assert "within about 10-16 mm" in f.message
    assert "toward the outside of the chest" in f.message
    assert "CAM 1999" in f.source
    assert "Deadman" in f.source


def test_a_flagged_point_without_detail_reads_cleanly() -> None:
    (f,) = of(screen(None, plan(("SP21", "left")), CATALOG, RULES), "lung-risk")
    assert "Keep the needle shallow." in f.message
    assert "At risk" not in f.message
    assert "none listed" not in f.message
    assert "  " not in f.message


def test_needling_both_sides_of_the_chest_wall_is_cautioned() -> None:
    findings = screen(None, plan(("ST15", "left"), ("BL18", "right")), CATALOG, RULES)
    (f,) = of(findings, "bilateral-chest-wall")
    assert f.targets == ("ST15", "BL18")


def test_the_fallback_still_covers_a_chest_point_the_library_leaves_unflagged() -> None:
    lu1 = CATALOG.acupoint("LU1")
    assert lu1 is not None
    bare = replace(lu1, code="LU1", flags=(), flag_notes=(), detail=None)
    catalog = with_targets(bare, drop=("LU1",))
    findings = screen(None, plan(("LU1", "left")), catalog, RULES)
    assert [f.rule for f in findings] == ["chest-wall-point"]


@pytest.mark.parametrize("code", ["CV16", "CV17", "CV18", "CV19", "CV20", "CV21"])
def test_sternum_points_get_their_own_caution_not_the_lung_one(code: str) -> None:
    findings = screen(None, plan((code, "midline")), CATALOG, RULES)
    assert [f.rule for f in findings] == ["sternum-point"]
    assert "never perpendicular" in findings[0].message


# --- Front of the neck ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["LI17", "LI18", "ST10", "ST11", "TE16", "TE17", "SI16", "SI17"])
def test_front_of_neck_points_get_the_vessel_caution(code: str) -> None:
    (f,) = of(screen(None, plan((code, "right")), CATALOG, RULES), "vessel-risk")
    assert "carotid" in f.message or "jugular" in f.message
    assert "Deadman" in f.source


def test_st11_is_cautioned_for_the_vessels_and_the_pleura() -> None:
    findings = screen(None, plan(("ST11", "left")), CATALOG, RULES)
    assert {f.rule for f in findings} == {"vessel-risk", "lung-risk"}


# --- Trigger regions by body region -----------------------------------------------------------


def _muscle(muscle: str, region: BodyRegion) -> TriggerRegion:
    return TriggerRegion(
        muscle=muscle,
        name=muscle.replace("-", " ").capitalize(),
        trigger_points="In the muscle belly.",
        referral_regions=("arm-left",),
        referral="Down the arm.",
        symptoms="Arm pain.",
        technique="Flat palpation.",
        structures_at_risk=(),
        sources=("travell-simons-1999",),
        region=region,
    )


@pytest.mark.parametrize(("side", "blocked"), [("left", True), ("both", True), ("right", False)])
def test_lymphoedema_blocks_an_arm_muscle_on_its_side(side: str, blocked: bool) -> None:
    catalog = with_targets(_muscle("triceps-brachii", BodyRegion.ARM))
    findings = screen(
        assessment("lymphoedema-left-arm"), plan(("TP:triceps-brachii", side)), catalog, RULES
    )
    found = of(findings, "lymphoedema-left-arm")
    assert [f.targets for f in found] == ([("TP:triceps-brachii",)] if blocked else [])
    if blocked:
        assert found[0].severity is Severity.BLOCK
        assert "Triceps brachii" in found[0].message


def test_lymphoedema_blocks_the_scapular_muscles_on_its_side() -> None:
    # Infraspinatus and teres lie on the scapula (region shoulder): the shoulder girdle drains
    # to the same armpit lymph nodes as the arm (issue 10), so they are blocked on that side.
    p = plan(("TP:infraspinatus", "left"), ("TP:teres-major", "both"), ("TP:teres-minor", "right"))
    findings = screen(assessment("lymphoedema-left-arm"), p, CATALOG, RULES)
    found = of(findings, "lymphoedema-left-arm")
    assert [f.targets for f in found] == [("TP:infraspinatus",), ("TP:teres-major",)]


def test_diabetes_names_a_hand_muscle_with_the_distal_points() -> None:
    catalog = with_targets(_muscle("first-dorsal-interosseous", BodyRegion.HAND))
    p = plan(("LI4", "both"), ("TP:first-dorsal-interosseous", "right"), ("GB21", "right"))
    (f,) = of(screen(assessment("diabetes"), p, catalog, RULES), "diabetes")
    assert f.targets == ("LI4", "TP:first-dorsal-interosseous")


def test_a_region_filter_picks_shipped_trigger_regions() -> None:
    rule = Rule(
        "neck-only",
        Severity.INFO,
        Scope.TARGETS,
        "{name}",
        "x",
        targets=TargetFilter(regions=(BodyRegion.NECK,)),
    )
    p = plan(("TP:levator-scapulae", "right"), ("TP:rhomboids", "right"), ("GB21", "right"))
    findings = screen(None, p, CATALOG, [rule])
    assert [f.targets for f in findings] == [("TP:levator-scapulae",)]


def test_no_flagged_target_gets_a_message_with_a_gap() -> None:
    for target in CATALOG:
        if not target.flags:
            continue
        side = "midline" if target.target_id[:2] in ("GV", "CV") else "left"
        for f in screen(None, plan((target.target_id, side)), CATALOG, RULES):
            assert "none listed" not in f.message, (target.target_id, f.rule)
            assert ". ." not in f.message, (target.target_id, f.rule)
            assert "  " not in f.message, (target.target_id, f.rule)


# --- Overrides that match nothing -------------------------------------------------------------


def _override(rule: str, target: str) -> Override:
    return Override(rule, target, "Discussed with the patient", DAY)


def test_an_override_with_a_mistyped_rule_or_target_is_reported() -> None:
    good = _override("pregnancy-point", "LI4")
    typo = _override("pregnancy-piont", "LI4")
    wrong_target = _override("pregnancy-point", "LI-4")
    caution = _override("lung-risk", "GB21")  # cautions need no override: it changes nothing
    p = plan(("LI4", "left"), ("GB21", "left"), overrides=(good, typo, wrong_target, caution))
    case = Case(Patient(name="A"), Assessment(date=DAY, conditions=("pregnancy",)), p)
    findings = screen_case(case, CATALOG, RULES)
    assert of(findings, "pregnancy-point")[0].overridden_by == "Discussed with the patient"
    assert unmatched_overrides(findings, p.overrides) == [typo, wrong_target, caution]


def test_overrides_that_all_match_report_nothing() -> None:
    findings = screen(assessment("bleeding-disorder"), plan(("SI3", "both")), CATALOG, RULES)
    assert unmatched_overrides(findings, [_override("bleeding-disorder", "SI3")]) == []
    assert unmatched_overrides(findings, []) == []


def test_an_override_for_a_finding_no_longer_raised_is_reported() -> None:
    # The condition was taken off the assessment after the override was recorded.
    stale = _override("pacemaker-electro", "electro")
    findings = screen(assessment(), plan(("SI3", "both")), CATALOG, RULES)
    assert unmatched_overrides(findings, [stale]) == [stale]
