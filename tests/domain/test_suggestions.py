"""Suggestions from the pain drawing: referral patterns mirrored, local points, reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.catalog import load_catalog
from planner.catalog.bodychart import load_body_chart
from planner.catalog.bodychart_positions import load_positions
from planner.catalog.rules import load_rules, shipped_rules
from planner.domain.assessment import Assessment, PainRegion
from planner.domain.catalog import Catalog
from planner.domain.findings import Finding, Severity
from planner.domain.pain_regions import join_words, mirror_region, pain_side, split_region
from planner.domain.plan import Override, Plan
from planner.domain.screening_rules import Rule
from planner.domain.suggestions import (
    PER_GROUP,
    Suggestion,
    SuggestionGroup,
    SuggestionKind,
    grouped,
    rank,
    suggest,
    suggestion_risks,
)
from planner.domain.vocab import Side


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("region", "mirrored", "parts"),
    [
        ("neck-left", "neck-right", ("neck", "left")),
        ("upper-back-left", "upper-back-right", ("upper-back", "left")),
        ("head", "head", ("head", None)),
        ("neck-right", "neck-right", ("neck", "right")),
    ],
)
def test_region_helpers(region: str, mirrored: str, parts: tuple[str, str | None]) -> None:
    assert mirror_region(region) == mirrored
    assert split_region(region) == parts


@pytest.mark.parametrize(
    ("pain", "first", "side", "reason"),
    [
        # Right-sided neck and shoulder-blade pain: levator scapulae explains both.
        (
            [("neck-right", 7), ("scapula-right", 5)],
            "TP:levator-scapulae",
            Side.RIGHT,
            "Refers pain to the right side of the neck and the right shoulder blade.",
        ),
        # The same on the left: the stored (left) pattern as is.
        (
            [("neck-left", 7), ("scapula-left", 5)],
            "TP:levator-scapulae",
            Side.LEFT,
            "Refers pain to the left side of the neck and the left shoulder blade.",
        ),
        # Both sides painted: one suggestion for both sides.
        (
            [("neck-left", 6), ("neck-right", 6), ("scapula-left", 4), ("scapula-right", 4)],
            "TP:levator-scapulae",
            Side.BOTH,
            "",
        ),
        # Head only: the head is unsided, so the muscle's side is left open.
        ([("head", 8)], None, Side.BOTH, "Refers pain to the head."),
    ],
)
def test_trigger_points_ranked_by_what_they_explain(
    catalog: Catalog,
    pain: list[tuple[str, int]],
    first: str | None,
    side: Side,
    reason: str,
) -> None:
    found = suggest([PainRegion(r, i) for r, i in pain], catalog)
    triggers = [s for s in found if s.kind is SuggestionKind.TRIGGER_POINT]
    assert triggers
    top = triggers[0]
    if first is not None:
        assert top.target == first
    assert top.side is side
    if reason:
        assert top.reason == reason
    assert [s.score for s in triggers] == sorted((s.score for s in triggers), reverse=True)


def test_intensity_weights_the_ranking(catalog: Catalog) -> None:
    strong_head = suggest([PainRegion("head", 9), PainRegion("arm-right", 2)], catalog)
    strong_arm = suggest([PainRegion("head", 2), PainRegion("arm-right", 9)], catalog)
    assert strong_head[0].explains[0] == "head"
    assert strong_arm[0].explains[0] == "arm-right"


def test_local_points_use_the_chart(catalog: Catalog) -> None:
    found = suggest([PainRegion("shoulder-right", 6)], catalog, load_body_chart(), load_positions())
    points = {s.target: s for s in found if s.kind is SuggestionKind.ACUPOINT}
    assert "GB21" in points
    assert points["GB21"].side is Side.RIGHT
    assert "right shoulder" in points["GB21"].reason


def test_no_pain_no_suggestions(catalog: Catalog) -> None:
    assert suggest([], catalog) == []
    assert suggest([PainRegion("neck-right", 0)], catalog) == []


def test_join_words() -> None:
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_a_chest_explaining_suggestion_says_to_rule_out_the_heart_first() -> None:
    from planner.catalog import load_catalog
    from planner.domain.assessment import PainRegion
    from planner.domain.suggestions import CHEST_CAUTION, suggest

    found = suggest([PainRegion("chest-left", 7), PainRegion("arm-left", 5)], load_catalog())
    chest = [s for s in found if any(r.startswith("chest") for r in s.explains)]
    assert chest
    assert all(s.caution == CHEST_CAUTION for s in chest if s.kind is SuggestionKind.TRIGGER_POINT)
    neck_only = suggest([PainRegion("neck-right", 6)], load_catalog())
    assert not any(s.caution for s in neck_only)


# --- issue 13: the side from the drawing, groups, distal points, risk, fewer at a time ---


@pytest.mark.parametrize(
    ("pain", "side"),
    [
        ([("neck-right", 7), ("scapula-right", 5)], Side.RIGHT),
        ([("shoulder-left", 4)], Side.LEFT),
        ([("neck-right", 7), ("neck-left", 2)], Side.BOTH),
        ([("neck-right", 7), ("head", 3)], Side.BOTH),  # the head is on no one side
        ([("lower-back", 3)], Side.BOTH),
        ([("neck-right", 0), ("neck-left", 4)], Side.LEFT),  # 0 is not painted
        ([], Side.BOTH),
    ],
)
def test_a_target_added_by_hand_takes_the_painted_side(
    pain: list[tuple[str, int]], side: Side
) -> None:
    assert pain_side([PainRegion(r, i) for r, i in pain]) is side


@pytest.fixture(scope="module")
def right_neck(catalog: Catalog) -> list[Suggestion]:
    pain = [PainRegion("neck-right", 7), PainRegion("scapula-right", 5)]
    return suggest(pain, catalog, load_body_chart(), load_positions())


def test_three_groups_with_distal_points_on_the_channels_that_hurt(
    right_neck: list[Suggestion],
) -> None:
    groups = {s.group for s in right_neck}
    assert groups == set(SuggestionGroup)
    by_target = {s.target: s for s in right_neck}
    assert by_target["TP:levator-scapulae"].group is SuggestionGroup.SOURCES
    assert by_target["SI16"].group is SuggestionGroup.LOCAL
    # SI3 on the hand: distal, on the Small Intestine channel that crosses the neck; never
    # "next to the shoulder blade" because the chart's arm runs to the fingers.
    si3 = by_target["SI3"]
    assert si3.group is SuggestionGroup.DISTAL
    assert si3.side is Side.RIGHT
    assert (
        si3.reason
        == "On the Small Intestine channel, which runs through the right side of the neck."
    )
    distal = [s.target for s in right_neck if s.group is SuggestionGroup.DISTAL]
    assert "LU7" not in distal  # the Lung channel does not reach the neck or shoulder blade
    assert not any(s.group is SuggestionGroup.LOCAL and s.target == "SI3" for s in right_neck)


def test_reasons_are_one_short_line(right_neck: list[Suggestion]) -> None:
    for s in right_neck:
        assert "\n" not in s.reason
        assert len(s.reason) <= 100, s.reason
    local = next(s for s in right_neck if s.target == "SI16")
    assert local.reason == "Lies in the right side of the neck, near 1 other painted region."


@pytest.fixture(scope="module")
def rules(catalog: Catalog) -> list[Rule]:
    return list(load_rules(shipped_rules(), catalog))


def test_each_suggestion_carries_its_risk_for_this_patient_before_it_is_added(
    catalog: Catalog, rules: list[Rule], right_neck: list[Suggestion]
) -> None:
    assessment = Assessment(date=date(2026, 1, 5), pain_regions=(PainRegion("neck-right", 7),))
    risks = suggestion_risks(right_neck, assessment, Plan(), catalog, rules)
    # ST9 lies over the carotid: a caution for anyone, seen before the click.
    assert [(f.severity, f.rule) for f in risks["ST9"]] == [(Severity.CAUTION, "vessel-risk")]
    assert "SI3" not in risks
    # On anticoagulants every target has a caution; ST9's own risk is still the one shown.
    thinned = replace(assessment, conditions=("anticoagulants",))
    risks = suggestion_risks(right_neck, thinned, Plan(), catalog, rules)
    assert [f.rule for f in risks["ST9"]] == ["vessel-risk", "anticoagulants"]
    assert [f.rule for f in risks["SI3"]] == ["anticoagulants"]
    pregnant = replace(assessment, conditions=("pregnancy",), pregnancy_weeks=20)
    li4 = Suggestion(
        "LI4", Side.RIGHT, 1.0, "", (), SuggestionKind.ACUPOINT, SuggestionGroup.DISTAL
    )
    risks = suggestion_risks([li4, *right_neck], pregnant, Plan(), catalog, rules)
    assert risks["LI4"][0].severity is Severity.BLOCK
    assert risks["LI4"][0].rule == "pregnancy-point"


def test_a_written_override_in_the_plan_shows_as_such(catalog: Catalog, rules: list[Rule]) -> None:
    pregnant = Assessment(date=date(2026, 1, 5), conditions=("pregnancy",), pregnancy_weeks=20)
    li4 = Suggestion("LI4", Side.RIGHT, 1.0, "", (), SuggestionKind.ACUPOINT)
    plan = Plan(overrides=(Override("pregnancy-point", "LI4", "Discussed; patient agrees."),))
    finding = suggestion_risks([li4], pregnant, plan, catalog, rules)["LI4"][0]
    assert finding.severity is Severity.BLOCK
    assert finding.resolved


def _s(target: str, score: float, group: SuggestionGroup) -> Suggestion:
    return Suggestion(target, Side.RIGHT, score, "", (), SuggestionKind.ACUPOINT, group)


def _finding(target: str, severity: Severity) -> Finding:
    return Finding("rule", severity, (target,), "message", "source")


def test_ranking_keeps_groups_puts_blocked_last_and_breaks_ties_by_risk() -> None:
    items = [
        _s("D1", 9.0, SuggestionGroup.DISTAL),
        _s("L1", 5.0, SuggestionGroup.LOCAL),
        _s("L2", 8.0, SuggestionGroup.LOCAL),
        _s("L3", 5.0, SuggestionGroup.LOCAL),
        _s("T1", 1.0, SuggestionGroup.SOURCES),
    ]
    risks = {"L2": (_finding("L2", Severity.BLOCK),), "L1": (_finding("L1", Severity.CAUTION),)}
    assert [s.target for s in rank(items, risks)] == ["T1", "L3", "L1", "L2", "D1"]


def test_fewer_at_a_time(right_neck: list[Suggestion]) -> None:
    groups = grouped(right_neck, {})
    assert [g.group for g in groups] == list(SuggestionGroup)
    for g in groups:
        assert len(g.shown) <= PER_GROUP
        assert len(g.shown) + g.more == len(g.all)
    assert sum(len(g.shown) for g in groups) <= 3 * PER_GROUP < len(right_neck)
    every = grouped(right_neck, {}, per_group=None)
    assert sum(len(g.shown) for g in every) == len(right_neck)
    assert all(g.more == 0 for g in every)
