"""Suggestions from the pain drawing: referral patterns mirrored, local points, reasons."""

from __future__ import annotations

import pytest

from planner.catalog import load_catalog
from planner.catalog.bodychart import load_body_chart
from planner.catalog.bodychart_positions import load_positions
from planner.domain.assessment import PainRegion
from planner.domain.catalog import Catalog
from planner.domain.suggestions import (
    SuggestionKind,
    join_words,
    mirror_region,
    split_region,
    suggest,
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
    assert all(s.reason.endswith(CHEST_CAUTION) for s in chest)
    neck_only = suggest([PainRegion("neck-right", 6)], load_catalog())
    assert not any(CHEST_CAUTION in s.reason for s in neck_only)
