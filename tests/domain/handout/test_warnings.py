"""Issue 10: the handout's warnings follow what was treated.

The emergency box names the areas actually needled over the lung or the heart, with the
full list of signs; front-of-neck points are called the front of the neck; the bleeding
advice is worded for the patient's condition and says what to do if a spot keeps bleeding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import textstat

from planner import resources
from planner.casefile import case_from_dict
from planner.catalog import load_catalog
from planner.catalog.handouts import load_blocks
from planner.domain.case import Case
from planner.domain.catalog import Catalog, CatalogError
from planner.domain.catalog_entries import Flag
from planner.domain.handout import (
    FRONT_NECK_POINTS,
    STERNUM_POINTS,
    Area,
    Block,
    Handout,
    Risk,
    SectionKind,
    area_words,
    target_risks,
)
from planner.domain.vocab import Side
from tests.domain.handout.test_content import EXAMPLE, TODAY, handout

LUNG_SIGNS = (
    "shortness of breath",
    "chest pain when you breathe in",
    "a new dry cough",
    "pain around your shoulder blade that is worse when you breathe in",
    "a fast heartbeat",
)
HEART_SIGNS = ("severe chest pain", "feeling faint", "shortness of breath")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(resources.path("catalog"))


@pytest.fixture(scope="module")
def blocks() -> tuple[Block, ...]:
    return load_blocks()


def make(
    acupoints: Sequence[tuple[str, str]] = (),
    muscles: Sequence[tuple[str, str]] = (),
    conditions: list[str] | None = None,
) -> Case:
    doc: dict[str, Any] = json.loads(json.dumps(EXAMPLE))
    doc["plan"]["acupoints"] = [{"code": c, "side": s} for c, s in acupoints]
    doc["plan"]["trigger_points"] = [{"muscle": m, "side": s} for m, s in muscles]
    if conditions is not None:
        doc["assessment"]["conditions"] = conditions
    return case_from_dict(doc, today=TODAY)


def box_words(h: Handout) -> list[str]:
    section = h.section(SectionKind.EMERGENCY)
    return [w for b in section.blocks for w in b.words()] if section else []


def act_line(h: Handout) -> str:
    """The 'tell them where' sentence of the emergency box."""
    return next(w for w in box_words(h) if w.startswith("Do not wait."))


# --- the emergency box names the areas needled ---------------------------------------------


@pytest.mark.parametrize(
    ("points", "muscles", "places", "not_said"),
    [
        # GB21 lies on top of the shoulder, over the top of the lung; named as on the list
        # of what was done ("The top of your right shoulder").
        ([("GB21", "right")], [], "the top of your shoulder", ("chest", "upper back")),
        ([], [("levator-scapulae", "left")], "the base of your neck", ("chest", "upper back")),
        ([("BL13", "both")], [], "your upper back", ("chest", "neck")),
        ([("LU1", "left")], [], "your chest", ("neck", "upper back")),
        ([("CV17", "midline")], [], "the middle of your chest", ("neck", "upper back")),
        (
            [("GB21", "left"), ("BL13", "both"), ("SI3", "both")],
            [],
            "the top of your shoulder and your upper back",
            ("chest",),
        ),
        (
            [("BL13", "left"), ("CV17", "midline"), ("GB21", "both")],
            [],
            "the top of both shoulders, your upper back and the middle of your chest",
            (),
        ),
    ],
)
def test_the_emergency_box_names_the_areas_needled(
    catalog: Catalog,
    blocks: tuple[Block, ...],
    points: list[tuple[str, str]],
    muscles: list[tuple[str, str]],
    places: str,
    not_said: tuple[str, ...],
) -> None:
    h = handout(make(points, muscles), catalog, blocks)
    line = act_line(h)
    assert line == f"Do not wait. Tell them you had needles in {places}."
    for word in not_said:
        assert word not in line.removesuffix("."), word
    assert "upper back or chest" not in h.patient_text()
    assert "{" not in h.patient_text()


def test_the_lung_box_lists_every_sign_and_when_they_start(
    catalog: Catalog,
    blocks: tuple[Block, ...],
) -> None:
    h = handout(make([("GB21", "right")]), catalog, blocks)
    assert h.lung_warning
    assert not h.heart_warning
    words = box_words(h)
    for sign in LUNG_SIGNS:
        assert sign in words, sign
    text = " ".join(words)
    assert "We put needles in the top of your shoulder, close to your lung." in text
    assert "collapsed lung" in text
    assert "right away, or up to two days after your visit" in text
    assert "Call emergency services" in text


def test_a_breastbone_point_gets_the_heart_wording(
    catalog: Catalog,
    blocks: tuple[Block, ...],
) -> None:
    h = handout(make([("CV17", "midline")]), catalog, blocks)
    assert h.heart_warning
    section = h.section(SectionKind.EMERGENCY)
    assert section is not None
    heart = next(b for b in section.blocks if b.id == "emergency-heart")
    assert heart.title == "Call emergency services if you have:"
    assert heart.items == HEART_SIGNS
    assert heart.text == (
        "We put a needle in the middle of your chest, close to your heart. In very rare "
        "cases, a needle there can harm the heart.",
    )
    # A lung-risk flag on CV17 (if the catalog adds one) adds the lung box as well.
    lung = Flag.LUNG_RISK in catalog.target_flags("CV17")
    assert ("collapsed lung" in h.patient_text()) is lung


@pytest.mark.parametrize("code", sorted(STERNUM_POINTS))
def test_every_breastbone_point_is_a_heart_risk(
    catalog: Catalog,
    blocks: tuple[Block, ...],
    code: str,
) -> None:
    point = catalog.acupoint(code)
    assert point is not None
    assert point.region is not None
    assert point.region.value == "chest"
    h = handout(make([(code, "midline")]), catalog, blocks)
    assert Risk.HEART in h.risks
    assert h.section(SectionKind.EMERGENCY) is not None


def test_a_heart_flag_counts_as_a_heart_risk() -> None:
    # Whatever the catalog calls it: the flags are matched by what they name.
    assert target_risks("LU1", [Flag.LUNG_RISK]) == {Risk.LUNG}
    assert target_risks("CV17", []) == {Risk.HEART}
    assert target_risks("X1", ["heart-risk"]) == {Risk.HEART}  # type: ignore[list-item]
    assert target_risks("X1", ["pleura-risk"]) == {Risk.LUNG}  # type: ignore[list-item]
    assert target_risks("GB20", [Flag.VESSEL_RISK, Flag.CNS_RISK]) == set()


@pytest.mark.parametrize(
    ("points", "muscles"),
    [
        ([("SI3", "both")], []),
        ([("GB20", "both"), ("LI4", "left")], []),
        ([("CV23", "midline")], []),
        ([], [("suboccipitals", "both")]),
    ],
)
def test_no_lung_or_heart_target_means_no_emergency_box(
    catalog: Catalog,
    blocks: tuple[Block, ...],
    points: list[tuple[str, str]],
    muscles: list[tuple[str, str]],
) -> None:
    h = handout(make(points, muscles, conditions=[]), catalog, blocks)
    assert h.section(SectionKind.EMERGENCY) is None
    assert not h.lung_warning
    assert not h.heart_warning
    assert "emergency services" not in h.patient_text()


def test_every_flagged_target_names_where_it_was_needled(
    catalog: Catalog,
    blocks: tuple[Block, ...],
) -> None:
    """Whatever the catalog flags (another change adds flags), the box names a place."""
    cases: list[tuple[str, Case]] = []
    for point in catalog.acupoints:
        if point.kind.value == "ashi":
            continue
        if target_risks(point.code, catalog.target_flags(point.code)):
            side = "midline" if point.code[:2] in ("GV", "CV") else "left"
            cases.append((point.code, make([(point.code, side)])))
    for region in catalog.trigger_regions:
        if target_risks(f"TP:{region.muscle}", region.flags):
            cases.append((region.muscle, make([], [(region.muscle, "right")])))
    assert len(cases) > 20
    for label, case in cases:
        h = handout(case, catalog, blocks)
        line = act_line(h)
        assert line.startswith("Do not wait. Tell them you had needles in "), label
        place = line.removeprefix("Do not wait. Tell them you had needles in ").rstrip(".")
        assert place, label
        assert "{" not in place, label
        if h.lung_warning:
            assert f"We put needles in {place}, close to your lung." in " ".join(box_words(h))


def test_a_lung_flagged_muscle_on_the_shoulder_blade_names_the_shoulder_blade(
    catalog: Catalog,
    blocks: tuple[Block, ...],
) -> None:
    for muscle, side, words in (
        ("infraspinatus", "left", "your shoulder blade"),
        ("infraspinatus", "both", "your shoulder blades"),
    ):
        region = catalog.trigger_region(muscle)
        assert region is not None
        h = handout(make([], [(muscle, side)]), catalog, blocks)
        if Flag.LUNG_RISK in region.flags:  # the flag another change adds
            assert act_line(h) == f"Do not wait. Tell them you had needles in {words}."
        else:
            assert h.section(SectionKind.EMERGENCY) is None


# --- the front of the neck ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "side", "words"),
    [
        ("CV22", "midline", "the front of your neck"),
        ("CV23", "midline", "the front of your neck"),
        ("ST9", "left", "the front of your neck, on the left"),
        ("LI18", "both", "both sides of the front of your neck"),
        ("GV14", "midline", "the back of your neck"),
        ("GB20", "right", "the right side of your neck"),
    ],
)
def test_front_of_neck_points_are_called_the_front_of_the_neck(
    catalog: Catalog,
    blocks: tuple[Block, ...],
    code: str,
    side: str,
    words: str,
) -> None:
    h = handout(make([(code, side)]), catalog, blocks)
    assert [g.words for g in h.areas] == [words]
    if code in FRONT_NECK_POINTS:
        assert "back of your neck" not in h.patient_text()
        (target,) = h.targets
        assert target.area is Area.FRONT_NECK
        assert target.view.value == "front"
        assert target.chart_regions == tuple(
            f"neck-{s}" for s in (["left", "right"] if side in ("both", "midline") else [side])
        )


def test_cv22_with_a_lung_flag_names_the_front_of_the_neck(
    catalog: Catalog,
    blocks: tuple[Block, ...],
) -> None:
    h = handout(make([("CV22", "midline"), ("ST11", "left")]), catalog, blocks)
    # ST11 carries a lung-risk flag; CV22 may gain one from the catalog.
    assert act_line(h) == "Do not wait. Tell them you had needles in the front of your neck."
    assert "back of your neck" not in h.patient_text()


def test_front_neck_points_are_catalog_neck_points(catalog: Catalog) -> None:
    for code in FRONT_NECK_POINTS:
        point = catalog.acupoint(code)
        assert point is not None, code
        assert point.region is not None, code
        assert point.region.value == "neck", code
    # Every front-midline neck point is on the list.
    neck_cv = {
        p.code
        for p in catalog.acupoints
        if p.code.startswith("CV") and p.region is not None and p.region.value == "neck"
    }
    assert neck_cv <= FRONT_NECK_POINTS


def test_neck_exercises_also_follow_front_of_neck_needling(
    catalog: Catalog,
    blocks: tuple[Block, ...],
) -> None:
    for b in blocks:
        areas = set(b.when.areas)
        assert (Area.NECK in areas) is (Area.FRONT_NECK in areas), b.id


# --- bleeding -------------------------------------------------------------------------------


def _expect(h: Handout) -> str:
    section = h.section(SectionKind.EXPECT)
    assert section is not None
    return " ".join(w for b in section.blocks for w in b.words())


PRESSURE = "press on it firmly with a clean pad for 10 minutes without lifting it"


@pytest.mark.parametrize(
    ("conditions", "said", "not_said"),
    [
        (
            ["bleeding-disorder"],
            ("If you have a bleeding disorder", PRESSURE, "your bleeding disorder team"),
            ("blood thinner",),
        ),
        (
            ["anticoagulants"],
            ("If you take a blood thinner", PRESSURE, "a large swelling forms, call us"),
            ("bleeding disorder",),
        ),
        (
            ["anticoagulants", "bleeding-disorder"],
            ("If you have a bleeding disorder", PRESSURE),
            ("blood thinner",),
        ),
        ([], (), ("blood thinner", "bleeding disorder", "clean pad")),
    ],
)
def test_bleeding_advice_is_worded_for_the_condition(
    catalog: Catalog,
    blocks: tuple[Block, ...],
    conditions: list[str],
    said: tuple[str, ...],
    not_said: tuple[str, ...],
) -> None:
    h = handout(make([("SI3", "both")], conditions=conditions), catalog, blocks)
    text = _expect(h)
    for words in said:
        assert words in text, words
    for words in not_said:
        assert words not in text, words
    if conditions:
        assert "If the bleeding is heavy, call emergency services." in text
        assert "If it still bleeds, or a large swelling forms" in text


# --- reading level and the block file -------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "conditions"),
    [
        ([("GB21", "right"), ("BL13", "both"), ("CV17", "midline")], ["bleeding-disorder"]),
        ([("CV22", "midline"), ("ST11", "left")], ["anticoagulants"]),
    ],
)
def test_the_new_wording_reads_at_grade_8_or_below(
    catalog: Catalog,
    blocks: tuple[Block, ...],
    points: list[tuple[str, str]],
    conditions: list[str],
) -> None:
    h = handout(make(points, conditions=conditions), catalog, blocks)
    assert textstat.flesch_kincaid_grade(h.patient_text()) <= 8
    for section in h.sections:
        text = ". ".join(w.rstrip(".:") for b in section.blocks for w in b.words()) + "."
        assert textstat.flesch_kincaid_grade(text) <= 8, section.kind
        for b in section.blocks:
            one = ". ".join(w.rstrip(".:") for w in b.words()) + "."
            assert textstat.flesch_kincaid_grade(one) <= 8, b.id


def _blocks_with(tmp_path: Path, block: dict[str, Any]) -> Path:
    doc = json.loads(resources.path("handouts", "blocks.json").read_text(encoding="utf-8"))
    doc["blocks"].append({"id": "extra", "section": "emergency", "sources": ["x"], **block})
    path = tmp_path / "blocks.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"text": ["Needles in {places}."]}, "extra: text[0]: {places} needs when.risks"),
        (
            {"text": ["Needles in {area}."], "when": {"risks": ["lung"]}},
            "extra: text[0]: the only placeholder is {places}",
        ),
        ({"text": ["x"], "when": {"risks": ["lungs"]}}, "'lungs' is not a known risk"),
        (
            {"text": ["x"], "when": {"unless_conditions": ["haemophilia"]}},
            "extra: when.unless_conditions[0]: 'haemophilia' is not a known condition",
        ),
    ],
)
def test_a_bad_placeholder_or_risk_is_named(
    tmp_path: Path, block: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogError) as error:
        load_blocks(_blocks_with(tmp_path, block))
    assert message in str(error.value)


def test_side_words_are_unchanged_for_the_back_of_the_neck() -> None:
    assert area_words(Area.NECK, Side.MIDLINE) == "the back of your neck"
    assert area_words(Area.FRONT_NECK, Side.MIDLINE) == "the front of your neck"
