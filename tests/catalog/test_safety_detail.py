"""In-depth needling detail and the safety flags REFERENCE.md names."""

from __future__ import annotations

import pytest

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Flag

LUNG, VESSEL, CNS, PREG = (
    Flag.LUNG_RISK,
    Flag.VESSEL_RISK,
    Flag.CNS_RISK,
    Flag.PREGNANCY_CAUTION,
)

# Every point of REFERENCE.md section 1 and the distal points the brief lists.
IN_DEPTH = [
    "GB20",
    "GB21",
    "GB34",
    "GB39",
    "SI3",
    "SI6",
    "SI9",
    "SI10",
    "SI11",
    "SI12",
    "SI13",
    "SI14",
    "SI15",
    "SI16",
    "SI17",
    "BL10",
    "BL11",
    "BL12",
    "BL13",
    "BL14",
    "BL15",
    "BL16",
    "BL17",
    "BL31",
    "BL32",
    "BL33",
    "BL34",
    "BL40",
    "BL41",
    "BL42",
    "BL43",
    "BL44",
    "BL45",
    "BL46",
    "BL60",
    "BL67",
    "GV12",
    "GV13",
    "GV14",
    "GV15",
    "GV16",
    "TE3",
    "TE5",
    "TE14",
    "TE15",
    "LI4",
    "LI10",
    "LI11",
    "LI14",
    "LI15",
    "LI16",
    "SP6",
    "ST9",
    "ST12",
    "LU7",
    "LR3",
    # chest wall and lower back-shu points where the depth and angle matter most
    "LU1",
    "LU2",
    "ST15",
    "ST16",
    "GB22",
    "BL18",
    "BL19",
    "BL20",
    "BL21",
    "CV17",
]

EXPECTED_FLAGS = {
    PREG: "LI4 SP6 BL60 BL67 BL31 BL32 BL33 BL34 GB21 LR3",
    LUNG: "GB21 SI13 SI14 SI15 TE15 BL11 BL12 BL13 BL14 BL15 BL16 BL17 "
    "BL41 BL42 BL43 BL44 BL45 BL46 ST12 "
    # chest wall (CAM 1999, Deadman), the lower paravertebral points and the root of the neck
    "LU1 LU2 ST11 ST13 ST14 ST15 ST16 ST17 ST18 SP17 SP18 SP19 SP20 SP21 "
    "KI22 KI23 KI24 KI25 KI26 KI27 PC1 GB22 GB23 GB24 LR14 "
    "BL18 BL19 BL20 BL21 BL47 BL48 BL49 BL50",
    CNS: "GB20 BL10 GV14 GV15 GV16",
    VESSEL: "GB20 ST9 ST12 SI16 SI17 LI17 LI18 ST10 ST11 TE16 TE17",
}


def test_at_least_45_points_in_depth_including_the_reference_ones(catalog: Catalog) -> None:
    in_depth = {p.code for p in catalog.in_depth()}
    assert len(in_depth) >= 45
    assert set(IN_DEPTH) <= in_depth


@pytest.mark.parametrize(("flag", "codes"), EXPECTED_FLAGS.items(), ids=str)
def test_reference_points_carry_their_flags(catalog: Catalog, flag: Flag, codes: str) -> None:
    missing = [c for c in codes.split() if flag not in catalog.target_flags(c)]
    assert missing == []


@pytest.mark.parametrize("code", ["SI3", "TE5", "LI11", "LU7", "GB34"])
def test_distal_points_without_cautions_carry_no_flags(catalog: Catalog, code: str) -> None:
    assert catalog.target_flags(code) == ()


def test_every_flag_has_a_note_with_sources(catalog: Catalog) -> None:
    for target in catalog:
        noted = {n.flag for n in target.flag_notes}
        assert noted == set(target.flags), target.target_id
        for note in target.flag_notes:
            assert note.note, (target.target_id, note.flag)
            assert note.sources, (target.target_id, note.flag)


def test_pregnancy_sources_follow_the_reference(catalog: Catalog) -> None:
    # AACP 2012 for LI4, SP6, BL60, BL67, BL31-BL34; CAM also for SP6.
    for code in ["LI4", "SP6", "BL60", "BL67", "BL31", "BL32", "BL33", "BL34"]:
        note = catalog.flag_note(code, PREG)
        assert note is not None, code
        assert "aacp-2012" in note.sources, code
    sp6 = catalog.flag_note("SP6", PREG)
    assert sp6 is not None
    assert "cam-1999" in sp6.sources
    gb21 = catalog.flag_note("GB21", LUNG)
    assert gb21 is not None
    assert "chen-2018" in gb21.sources


def test_detail_is_complete_and_depths_are_consistent(catalog: Catalog) -> None:
    for point in catalog.in_depth():
        d = point.detail
        assert d is not None
        assert all((d.location, d.direction, d.angles, d.sources)), point.code
        low, high = d.depth_cun
        assert 0 < low <= high <= 2.0, point.code
        mm_low, mm_high = d.depth_mm
        # About 20 mm per cun for an average adult.
        assert abs(mm_low - 20 * low) <= 2, point.code
        assert abs(mm_high - 20 * high) <= 2, point.code


def test_reference_depths(catalog: Catalog) -> None:
    depths = {p.code: p.detail.depth_cun for p in catalog.in_depth() if p.detail}
    assert depths["GB21"] == (0.3, 0.5)
    assert depths["GB20"] == (0.5, 0.8)
    assert depths["SI15"] == (0.3, 0.6)
    assert depths["BL13"] == (0.5, 0.7)
    assert depths["LI11"] == (1.0, 1.5)
    assert depths["SP6"] == (1.0, 1.5)


def test_gb21_maximum_depth_stays_above_the_pleura(catalog: Catalog) -> None:
    # Chen 2018: pleura about 15 mm deep in women.
    gb21 = catalog.acupoint("GB21")
    assert gb21 is not None
    assert gb21.detail is not None
    assert gb21.detail.depth_mm[1] < 15


def test_back_shu_points_are_never_needled_perpendicular(catalog: Catalog) -> None:
    for n in range(11, 18):
        point = catalog.acupoint(f"BL{n}")
        assert point is not None
        assert point.detail is not None
        assert [a.value for a in point.detail.angles] == ["oblique"]


def test_jiaji_flags_depend_on_the_level(catalog: Catalog) -> None:
    assert catalog.target_flags("EX-B2-T4") == (LUNG,)
    assert catalog.target_flags("EX-B2-L3") == ()
    assert catalog.target_flags("EX-B2") == (LUNG,)  # no level: the worst case


def test_trigger_region_flags(catalog: Catalog) -> None:
    for muscle in [
        "upper-trapezius",
        "middle-trapezius",
        "lower-trapezius",
        "rhomboids",
        "levator-scapulae",
        "scalenes",
        "serratus-posterior-superior",
    ]:
        assert LUNG in catalog.target_flags(f"TP:{muscle}"), muscle
    for muscle in ("sternocleidomastoid", "scalenes", "suboccipitals"):
        assert VESSEL in catalog.target_flags(f"TP:{muscle}"), muscle
