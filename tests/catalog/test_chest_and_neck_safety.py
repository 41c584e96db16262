"""The chest wall, the front of the neck and the trigger regions' body regions: the gaps
the screening depends on (a point without its flag is a point the screening cannot warn about)."""

from __future__ import annotations

from typing import Any

import pytest

from planner.catalog import load_catalog
from planner.domain.catalog import Catalog, CatalogError
from planner.domain.catalog_entries import BodyRegion, Flag, PointKind
from tests.catalog.conftest import Edit, entry

STERNUM = {"CV16", "CV17", "CV18", "CV19", "CV20", "CV21"}
SPINE = {f"GV{n}" for n in range(6, 14)}  # on the spinous processes: cns, not lung


def test_every_chest_and_upper_back_point_off_the_midline_carries_lung_risk(
    catalog: Catalog,
) -> None:
    unflagged = [
        p.code
        for p in catalog.standard_points()
        if p.region in (BodyRegion.CHEST, BodyRegion.UPPER_BACK)
        and p.code not in STERNUM | SPINE
        and Flag.LUNG_RISK not in p.flags
    ]
    assert unflagged == []


def test_every_lung_and_vessel_flag_is_sourced_to_a_needling_text(catalog: Catalog) -> None:
    for code in ("LU1", "ST13", "SP21", "KI27", "PC1", "GB24", "LR14", "BL49", "LI18", "TE17"):
        point = catalog.acupoint(code)
        assert point is not None
        for note in point.flag_notes:
            assert {"cam-1999", "deadman-2007"} & set(note.sources), (code, note.flag)


@pytest.mark.parametrize(
    ("code", "structure"),
    [
        ("LI17", "jugular"),
        ("LI18", "carotid"),
        ("ST10", "carotid"),
        ("ST11", "carotid"),
        ("TE16", "jugular"),
        ("TE17", "carotid"),
    ],
)
def test_front_of_neck_points_name_the_vessel_at_risk(
    catalog: Catalog, code: str, structure: str
) -> None:
    note = catalog.flag_note(code, Flag.VESSEL_RISK)
    assert note is not None
    assert structure in note.note


def test_st11_also_warns_of_the_dome_of_the_pleura(catalog: Catalog) -> None:
    note = catalog.flag_note("ST11", Flag.LUNG_RISK)
    assert note is not None
    assert "pleura" in note.note


def test_chest_wall_depths_are_oblique_and_shallow(catalog: Catalog) -> None:
    for code in ("LU1", "LU2", "ST15", "ST16", "GB22", "BL18", "BL19", "BL20", "BL21"):
        point = catalog.acupoint(code)
        assert point is not None
        assert point.detail is not None, code
        assert "perpendicular" not in [a.value for a in point.detail.angles], code
        assert point.detail.depth_mm[1] <= 16, code
        beneath = " ".join(point.detail.structures_at_risk)
        assert "lung" in beneath, code
        assert "pleura" in beneath, code


def test_cv17_is_needled_transversely_with_the_heart_named(catalog: Catalog) -> None:
    cv17 = catalog.acupoint("CV17")
    assert cv17 is not None
    assert cv17.detail is not None
    assert [a.value for a in cv17.detail.angles] == ["transverse"]
    assert any("heart" in s for s in cv17.detail.structures_at_risk)
    assert "kirchgatterer-2000" in cv17.detail.sources


REGIONS = {
    "upper-trapezius": BodyRegion.SHOULDER,
    "levator-scapulae": BodyRegion.NECK,
    "sternocleidomastoid": BodyRegion.NECK,
    "scalenes": BodyRegion.NECK,
    "suboccipitals": BodyRegion.NECK,
    "middle-trapezius": BodyRegion.UPPER_BACK,
    "rhomboids": BodyRegion.UPPER_BACK,
    "serratus-posterior-superior": BodyRegion.UPPER_BACK,
    "pectoralis-minor": BodyRegion.CHEST,
    # On the scapula, region shoulder: the lymphoedema rules block them with the arm (issue 10).
    "infraspinatus": BodyRegion.SHOULDER,
    "supraspinatus": BodyRegion.SHOULDER,
    "teres-major": BodyRegion.SHOULDER,
    "teres-minor": BodyRegion.SHOULDER,
}


def test_every_trigger_region_has_a_body_region(catalog: Catalog) -> None:
    assert all(r.region is not None for r in catalog.trigger_regions)
    for muscle, region in REGIONS.items():
        found = catalog.trigger_region(muscle)
        assert found is not None, muscle
        assert found.region is region, muscle


def test_trigger_regions_over_the_chest_wall_carry_lung_risk(catalog: Catalog) -> None:
    for region in catalog.trigger_regions:
        if region.region in (BodyRegion.CHEST, BodyRegion.UPPER_BACK):
            assert Flag.LUNG_RISK in region.flags, region.muscle


def test_a_trigger_region_without_a_body_region_is_refused(edit: Edit) -> None:
    def change(doc: Any) -> None:
        del entry(doc, "trigger_regions", "rhomboids")["region"]

    with pytest.raises(CatalogError, match=r"trigger-regions\.json: rhomboids: region: required"):
        load_catalog(edit("trigger-regions.json", change))


def test_a_trigger_region_with_an_unknown_body_region_is_refused(edit: Edit) -> None:
    def change(doc: Any) -> None:
        entry(doc, "trigger_regions", "rhomboids")["region"] = "back"

    with pytest.raises(CatalogError, match=r"rhomboids: region: 'back' is not one of head, face"):
        load_catalog(edit("trigger-regions.json", change))


def test_flags_of_a_point_without_detail_are_checked_like_the_others(edit: Edit) -> None:
    def change(doc: Any) -> None:
        entry(doc, "acupoints", "SP21")["flag_notes"]["lung-risk"]["sources"] = ["nobody-1999"]

    with pytest.raises(
        CatalogError, match=r"acupoints\.json: SP21: flag_notes\.lung-risk\.sources"
    ):
        load_catalog(edit("acupoints.json", change))


def test_a_flag_without_a_note_is_refused_in_acupoints_json(edit: Edit) -> None:
    def change(doc: Any) -> None:
        entry(doc, "acupoints", "SP21")["flags"] = ["lung-risk", "vessel-risk"]

    with pytest.raises(CatalogError, match=r"acupoints\.json: SP21: flag_notes: no note for flag"):
        load_catalog(edit("acupoints.json", change))


def test_a_point_with_detail_keeps_its_flags_in_one_place(edit: Edit) -> None:
    def change(doc: Any) -> None:
        gb21 = entry(doc, "acupoints", "GB21")
        gb21["flags"] = ["lung-risk"]
        gb21["flag_notes"] = {"lung-risk": {"note": "Lung.", "sources": ["cam-1999"]}}

    with pytest.raises(
        CatalogError,
        match=r"acupoints\.json: GB21: flags: this point has an entry in acupoints-detail\.json",
    ):
        load_catalog(edit("acupoints.json", change))


def test_the_ashi_entry_is_still_regionless(catalog: Catalog) -> None:
    ashi = [p for p in catalog.acupoints if p.kind is PointKind.ASHI]
    assert [p.region for p in ashi] == [None]
