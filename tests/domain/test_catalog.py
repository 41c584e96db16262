"""Catalog domain objects: lookups, flags and ranked search on a small in-memory catalog."""

from __future__ import annotations

import pytest

from planner.domain.catalog import Catalog, CatalogError, compact
from planner.domain.catalog_entries import (
    Acupoint,
    BodyRegion,
    Channel,
    Flag,
    FlagNote,
    PointKind,
    Source,
    TriggerRegion,
)
from planner.domain.errors import DomainError, NotFoundError


def _point(code: str, pinyin: str, ascii_: str, hanzi: str, english: str, **kw: object) -> Acupoint:
    channel = code.rstrip("0123456789")
    return Acupoint(
        code=code,
        kind=PointKind.STANDARD,
        pinyin=pinyin,
        pinyin_ascii=ascii_,
        hanzi=hanzi,
        english=english,
        region=BodyRegion.SHOULDER,
        sources=("who-2008",),
        channel=Channel(channel),
        number=int(code[len(channel) :]),
        **kw,  # type: ignore[arg-type]
    )


LUNG_NOTE = FlagNote(Flag.LUNG_RISK, "pleura close beneath", ("chen-2018",))
GB2 = _point("GB2", "Tīnghuì", "Tinghui", "听会", "Meeting of Hearing")
GB20 = _point("GB20", "Fēngchí", "Fengchi", "风池", "Wind Pool", flags=(Flag.CNS_RISK,))
GB21 = _point(
    "GB21", "Jiānjǐng", "Jianjing", "肩井", "Shoulder Well",
    flags=(Flag.LUNG_RISK, Flag.PREGNANCY_CAUTION), flag_notes=(LUNG_NOTE,),
)  # fmt: skip
LI15 = _point("LI15", "Jiānyú", "Jianyu", "肩髃", "Shoulder Bone")
JIAJI = Acupoint(
    code="EX-B2",
    kind=PointKind.EXTRA,
    pinyin="Jiájǐ",
    pinyin_ascii="Jiaji",
    hanzi="夹脊",
    english="Spine-Flanking Points",
    region=BodyRegion.UPPER_BACK,
    sources=("who-1991",),
    flags=(Flag.LUNG_RISK,),
    levels=("T1", "L1"),
    level_flags=(("T1", (Flag.LUNG_RISK,)), ("L1", ())),
)
LEVATOR = TriggerRegion(
    muscle="levator-scapulae",
    name="Levator scapulae",
    trigger_points="angle of the neck",
    referral_regions=("neck-left",),
    referral="angle of the neck",
    symptoms="stiff neck",
    technique="pincer grip",
    structures_at_risk=("lung",),
    sources=("travell-simons-1999",),
    flags=(Flag.LUNG_RISK,),
)
WHO = Source("who-2008", "WHO 2008", "WHO Standard Acupuncture Point Locations", "standard", 2008)


@pytest.fixture
def catalog() -> Catalog:
    return Catalog([GB2, GB20, GB21, LI15, JIAJI], [LEVATOR], [WHO])


def test_compact_folds_case_accents_and_separators() -> None:
    assert compact("GB-21") == "gb21"
    assert compact("Jiān jǐng") == "jianjing"
    assert compact("肩井") == "肩井"


@pytest.mark.parametrize("code", ["GB21", "gb21", " Gb21 ", "GB-21", "gb 21"])
def test_acupoint_lookup_is_case_insensitive(catalog: Catalog, code: str) -> None:
    assert catalog.acupoint(code) is GB21


def test_unknown_code_is_none(catalog: Catalog) -> None:
    assert catalog.acupoint("GB99") is None
    assert catalog.target("TP:deltoid") is None


def test_trigger_region_by_muscle_or_target_id(catalog: Catalog) -> None:
    assert catalog.trigger_region("levator-scapulae") is LEVATOR
    assert catalog.trigger_region("TP:Levator-Scapulae") is LEVATOR
    assert catalog.target("tp:levator-scapulae") is LEVATOR
    assert LEVATOR.target_id == "TP:levator-scapulae"


def test_target_flags(catalog: Catalog) -> None:
    assert catalog.target_flags("GB21") == (Flag.LUNG_RISK, Flag.PREGNANCY_CAUTION)
    assert catalog.target_flags("gb20") == (Flag.CNS_RISK,)
    assert catalog.target_flags("LI15") == ()
    assert catalog.target_flags("TP:levator-scapulae") == (Flag.LUNG_RISK,)


def test_level_flags_of_a_grouped_point(catalog: Catalog) -> None:
    assert catalog.acupoint("EX-B2-T1") is JIAJI
    assert catalog.target_flags("EX-B2-T1") == (Flag.LUNG_RISK,)
    assert catalog.target_flags("EX-B2-L1") == ()
    assert catalog.target_flags("EX-B2") == (Flag.LUNG_RISK,)


def test_unknown_target_flags_raise(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError):
        catalog.target_flags("GB99")
    with pytest.raises(NotFoundError):
        catalog.target_flags("TP:deltoid")


def test_flag_note(catalog: Catalog) -> None:
    assert catalog.flag_note("GB21", Flag.LUNG_RISK) is LUNG_NOTE
    assert catalog.flag_note("GB21", Flag.VESSEL_RISK) is None


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(CatalogError, match="duplicate code: GB21"):
        Catalog([GB21, GB21], [], [])


def test_duplicate_muscles_are_refused() -> None:
    with pytest.raises(CatalogError, match="duplicate muscle id: levator-scapulae"):
        Catalog([], [LEVATOR, LEVATOR], [])


def test_catalog_error_is_a_domain_error_and_counts_problems() -> None:
    error = CatalogError.from_problems(["a.json: X: f: bad", "b.json: Y: g: bad", "c"])
    assert isinstance(error, DomainError)
    assert str(error) == "a.json: X: f: bad (and 2 more problems)"
    assert error.problems == ("a.json: X: f: bad", "b.json: Y: g: bad", "c")
    with pytest.raises(ValueError, match="at least one"):
        CatalogError.from_problems([])


def _ids(catalog: Catalog, query: str) -> list[str]:
    return [t.target_id for t in catalog.search(query)]


def test_search_exact_code_then_code_prefix(catalog: Catalog) -> None:
    assert _ids(catalog, "gb2") == ["GB2", "GB20", "GB21"]
    assert _ids(catalog, "GB21") == ["GB21"]


@pytest.mark.parametrize(
    "query", ["jianjing", "jian jing", "Jiānjǐng", "JIANJING", "shoulder well", "肩井", "well"]
)
def test_search_by_names(catalog: Catalog, query: str) -> None:
    assert _ids(catalog, query)[0] == "GB21"


def test_search_pinyin_prefix_ranks_exact_name_first(catalog: Catalog) -> None:
    assert _ids(catalog, "jian") == ["GB21", "LI15"]
    assert _ids(catalog, "jianyu") == ["LI15"]


def test_search_by_muscle(catalog: Catalog) -> None:
    assert _ids(catalog, "levator") == ["TP:levator-scapulae"]
    assert _ids(catalog, "scapulae lev") == ["TP:levator-scapulae"]


def test_search_substring_comes_last(catalog: Catalog) -> None:
    # 'jing' is inside Jianjing but starts no word or name: still found, after better matches.
    assert _ids(catalog, "jing") == ["GB21"]
    assert _ids(catalog, "shoulder") == ["GB21", "LI15"]


def test_search_empty_and_limit(catalog: Catalog) -> None:
    assert catalog.search("") == []
    assert catalog.search("-") == []
    assert len(catalog.search("gb", limit=2)) == 2


def test_iteration_and_views(catalog: Catalog) -> None:
    assert len(catalog) == 6
    assert [t.target_id for t in catalog][-1] == "TP:levator-scapulae"
    assert catalog.standard_points() == (GB2, GB20, GB21, LI15)
    assert catalog.in_depth() == ()
    assert catalog.source("who-2008") is WHO
