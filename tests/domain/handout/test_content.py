"""The aftercare handout's content model: snapshot, warnings, exercises, reading level.

Update the snapshot after an intended change of wording or layout of the model with
`NEEDLEPLAN_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/domain/test_handout.py` and review the
diff like code.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import textstat

from planner import resources
from planner.casefile import case_from_dict
from planner.catalog import load_catalog
from planner.catalog.handouts import load_blocks
from planner.domain.case import Case
from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Flag
from planner.domain.chart import ChartPosition, View
from planner.domain.handout import (
    MAX_EXERCISES,
    MUSCLE_AREAS,
    Block,
    ClinicDetails,
    Handout,
    HandoutError,
    SectionKind,
    build_handout,
    long_date,
)
from planner.domain.patient import Patient

SNAPSHOTS = Path(__file__).parent / "snapshots"
TODAY = date(2026, 11, 24)
LUNG_WARNING = "collapsed lung"

# The ARCHITECTURE.md example case: the typical plan.
EXAMPLE: dict[str, Any] = {
    "format": "needleplan-case/1",
    "patient": {"name": "Ana López", "birth_date": "1984-03-02", "sex": "female"},
    "assessment": {
        "date": "2026-11-20",
        "complaint": "Right-sided neck and upper back pain after long desk work",
        "onset_date": "2026-08-01",
        "pain": {"now": 6, "best": 3, "worst": 8},
        "ndi_total": 18,
        "pain_regions": [{"region": "neck-right", "intensity": 6}],
        "conditions": ["anticoagulants"],
        "red_flags": [],
    },
    "plan": {
        "modality": "acupuncture",
        "electro": False,
        "acupoints": [{"code": "GB21", "side": "right"}, {"code": "SI3", "side": "both"}],
        "trigger_points": [{"muscle": "levator-scapulae", "side": "right"}],
        "session_minutes": 30,
        "start_date": "2026-11-24",
        "clinic_days": ["mon", "wed", "fri"],
    },
}
# Fixed positions (patient's left, as positions.json holds them), so the snapshot does not
# move when the body chart is redrawn.
POSITIONS = {
    "GB21": (ChartPosition(View.BACK, 0.37, 0.2),),
    "SI3": (ChartPosition(View.BACK, 0.18, 0.57),),
    "TP:levator-scapulae": (
        ChartPosition(View.BACK, 0.43, 0.17),
        ChartPosition(View.BACK, 0.39, 0.19),
    ),
}
CLINIC = ClinicDetails(
    name="Harbour Street Acupuncture",
    address="12 Harbour Street\nPortsmouth",
    phone="+44 23 9200 0000",
    practitioner="Sam Okafor",
    emergency_number="999",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    # The catalog without joined positions; the handout takes them from the body chart.
    return load_catalog(resources.path("catalog"))


@pytest.fixture(scope="module")
def blocks() -> tuple[Block, ...]:
    return load_blocks()


def make_case(*, acupoints: list[dict[str, Any]] | None = None, **plan: Any) -> Case:
    doc = json.loads(json.dumps(EXAMPLE))
    if acupoints is not None:
        doc["plan"]["acupoints"] = acupoints
        doc["plan"]["trigger_points"] = []
    doc["plan"].update(plan)
    return case_from_dict(doc, today=TODAY)


def handout(case: Case, catalog: Catalog, blocks: tuple[Block, ...], **kw: Any) -> Handout:
    args: dict[str, Any] = {
        "catalog": catalog,
        "blocks": blocks,
        "clinic": CLINIC,
        "today": TODAY,
        "next_appointments": [date(2026, 11, 26), date(2026, 11, 28)],
        "practitioner_note": "Good progress today.",
        "positions": POSITIONS,
    }
    args.update(kw)
    return build_handout(case, **args)


def _block_ids(h: Handout, kind: SectionKind) -> list[str]:
    section = h.section(kind)
    return [b.id for b in section.blocks] if section else []


# --- snapshot -------------------------------------------------------------------------------


def test_example_case_matches_the_snapshot(catalog: Catalog, blocks: tuple[Block, ...]) -> None:
    got = handout(make_case(), catalog, blocks).as_dict()
    got["patient_text"] = handout(make_case(), catalog, blocks).patient_text().splitlines()
    path = SNAPSHOTS / "handout-architecture-example.json"
    text = json.dumps(got, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("NEEDLEPLAN_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), "no snapshot yet: run with NEEDLEPLAN_UPDATE_SNAPSHOTS=1"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), (
        "the handout model changed; if intended, rerun with NEEDLEPLAN_UPDATE_SNAPSHOTS=1"
    )


def test_what_we_did_groups_targets_by_area_in_plain_words(
    catalog: Catalog, blocks: tuple[Block, ...]
) -> None:
    h = handout(make_case(), catalog, blocks)
    assert [(g.words, g.codes) for g in h.areas] == [
        ("the right side of your neck", ("levator scapulae",)),
        ("the top of your right shoulder", ("GB21",)),
        ("both hands", ("SI3",)),
    ]
    assert h.summary[0] == "Today you had acupuncture."
    text = h.patient_text()
    assert "GB21" not in text
    assert "SI3" not in text


def test_right_side_positions_are_mirrored_and_both_sides_doubled(
    catalog: Catalog, blocks: tuple[Block, ...]
) -> None:
    targets = {t.id: t for t in handout(make_case(), catalog, blocks).targets}
    assert targets["GB21"].positions == (ChartPosition(View.BACK, 0.63, 0.2),)
    assert {p.x for p in targets["SI3"].positions} == {0.18, 0.82}
    assert targets["GB21"].chart_regions == ("shoulder-right",)
    assert targets["SI3"].chart_regions == ()  # the chart has no hand region to shade


def test_dates_and_note(catalog: Catalog, blocks: tuple[Block, ...]) -> None:
    h = handout(
        make_case(),
        catalog,
        blocks,
        next_appointments=[date(2026, 12, 1), date(2026, 11, 20), date(2026, 11, 27)],
        practitioner_note="  Rest well.  ",
    )
    # Past dates are dropped and the rest sorted; the note is trimmed.
    assert h.next_appointments == (date(2026, 11, 27), date(2026, 12, 1))
    assert h.practitioner_note == "Rest well."
    assert long_date(date(2026, 11, 24)) == "Tuesday 24 November 2026"


def test_no_plan_means_no_handout(catalog: Catalog, blocks: tuple[Block, ...]) -> None:
    with pytest.raises(HandoutError, match="nothing to hand out"):
        handout(Case(Patient("A B")), catalog, blocks)


# --- the lung warning -----------------------------------------------------------------------


def test_lung_warning_for_every_single_target_exactly_when_it_is_flagged(
    catalog: Catalog, blocks: tuple[Block, ...]
) -> None:
    for point in catalog.acupoints:
        if point.kind.value == "ashi":
            continue
        side = "midline" if point.code[:2] in ("GV", "CV") else "left"
        h = handout(make_case(acupoints=[{"code": point.code, "side": side}]), catalog, blocks)
        flagged = Flag.LUNG_RISK in catalog.target_flags(point.code)
        assert h.lung_warning is flagged, point.code
        assert (LUNG_WARNING in h.patient_text()) is flagged, point.code
    for region in catalog.trigger_regions:
        case = make_case(acupoints=[], trigger_points=[{"muscle": region.muscle, "side": "left"}])
        h = handout(case, catalog, blocks)
        assert h.lung_warning is (Flag.LUNG_RISK in region.flags), region.muscle


@pytest.mark.parametrize(
    ("codes", "expected"),
    [(["SI3"], False), (["SI3", "GB20"], False), (["SI3", "BL13"], True), (["GB21"], True)],
)
def test_lung_warning_with_mixed_plans(
    catalog: Catalog, blocks: tuple[Block, ...], codes: list[str], expected: bool
) -> None:
    case = make_case(acupoints=[{"code": c, "side": "both"} for c in codes])
    h = handout(case, catalog, blocks)
    assert h.lung_warning is expected
    assert (h.section(SectionKind.EMERGENCY) is not None) is expected
    assert h.section(SectionKind.CALL_CLINIC) is not None  # always: fever, redness, pus


def test_emergency_box_carries_the_clinics_emergency_number(
    catalog: Catalog, blocks: tuple[Block, ...]
) -> None:
    section = handout(make_case(), catalog, blocks).section(SectionKind.EMERGENCY)
    assert section is not None
    assert section.footer == "Emergency number: 999"
    words = " ".join(w for b in section.blocks for w in b.words())
    for sign in ("shortness of breath", "chest pain when you breathe in", "a new dry cough"):
        assert sign in words
    assert "two days" in words


# --- exercises and other conditional blocks -------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "wanted", "unwanted"),
    [
        (["GB20"], {"exercise-chin-tuck", "exercise-upper-trapezius"}, set()),
        (["BL13"], {"exercise-shoulder-blade-squeeze", "exercise-posture"}, {"exercise-chin-tuck"}),
        (["SI3"], {"exercise-posture"}, {"exercise-chin-tuck", "exercise-upper-trapezius"}),
        (
            ["GB21"],
            {"exercise-upper-trapezius", "exercise-levator-scapulae"},
            {"exercise-shoulder-blade-squeeze"},
        ),
    ],
)
def test_exercises_are_chosen_for_the_treated_regions(
    catalog: Catalog,
    blocks: tuple[Block, ...],
    codes: list[str],
    wanted: set[str],
    unwanted: set[str],
) -> None:
    case = make_case(acupoints=[{"code": c, "side": "both"} for c in codes])
    ids = set(_block_ids(handout(case, catalog, blocks), SectionKind.EXERCISES))
    assert wanted <= ids
    assert not (unwanted & ids)


def test_exercises_have_numbered_steps_a_safety_line_and_a_limit(
    catalog: Catalog, blocks: tuple[Block, ...]
) -> None:
    everything = [{"code": c, "side": "both"} for c in ("GB20", "GB21", "BL13", "SI3", "SI11")]
    section = handout(make_case(acupoints=everything), catalog, blocks).section(
        SectionKind.EXERCISES
    )
    assert section is not None
    exercises = [b for b in section.blocks if b.steps]
    assert 1 < len(exercises) <= MAX_EXERCISES
    for b in exercises:
        assert b.title, b.id
        assert b.safety, b.id
        assert 2 <= len(b.steps) <= 5, b.id


def test_modality_electro_and_blood_thinner_blocks(
    catalog: Catalog, blocks: tuple[Block, ...]
) -> None:
    plain = handout(make_case(), catalog, blocks)
    assert "expect-bruises-blood-thinners" in _block_ids(plain, SectionKind.EXPECT)
    assert "expect-dry-needling" not in _block_ids(plain, SectionKind.EXPECT)
    dry = handout(make_case(modality="dry-needling", electro=True), catalog, blocks)
    assert {"expect-dry-needling", "expect-electro"} <= set(_block_ids(dry, SectionKind.EXPECT))
    assert dry.summary[0] == "Today you had dry needling."
    assert dry.electro


def test_every_muscle_in_the_catalog_has_a_body_area(catalog: Catalog) -> None:
    assert {r.muscle for r in catalog.trigger_regions} <= set(MUSCLE_AREAS)


def test_every_block_names_its_sources(blocks: tuple[Block, ...]) -> None:
    assert all(b.sources for b in blocks)
    assert len({b.id for b in blocks}) == len(blocks)


# --- reading level --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        {},
        {"modality": "dry-needling", "electro": True},
        {"acupoints": [{"code": "SI3", "side": "both"}]},
    ],
)
def test_reading_level_is_grade_8_or_below(
    catalog: Catalog, blocks: tuple[Block, ...], variant: dict[str, Any]
) -> None:
    h = handout(make_case(**variant), catalog, blocks)
    assert textstat.flesch_kincaid_grade(h.patient_text()) <= 8
    for section in h.sections:  # and no section is hard on its own
        text = ". ".join(w.rstrip(".:") for b in section.blocks for w in b.words()) + "."
        assert textstat.flesch_kincaid_grade(text) <= 8, section.kind


def test_every_block_reads_at_grade_8_or_below(blocks: tuple[Block, ...]) -> None:
    for b in blocks:
        text = ". ".join(w.rstrip(".:") for w in b.words()) + "."
        assert textstat.flesch_kincaid_grade(text) <= 8, b.id
