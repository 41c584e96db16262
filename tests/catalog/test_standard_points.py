"""The 361 WHO 2008 points: counts, numbering, names and regions."""

from __future__ import annotations

from collections import Counter

import pytest

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import CHANNEL_POINT_COUNTS, BodyRegion, Channel, PointKind
from planner.domain.text import fold

WHO_COUNTS = {
    "LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
    "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
}  # fmt: skip


def test_361_standard_points(catalog: Catalog) -> None:
    assert len(catalog.standard_points()) == 361


def test_counts_per_channel_match_who_2008(catalog: Catalog) -> None:
    counts = Counter(p.channel.value for p in catalog.standard_points() if p.channel)
    assert dict(counts) == WHO_COUNTS
    assert {c.value: n for c, n in CHANNEL_POINT_COUNTS.items()} == WHO_COUNTS


def test_codes_are_unique(catalog: Catalog) -> None:
    codes = [p.code for p in catalog.acupoints]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("channel", list(Channel))
def test_each_channel_is_numbered_1_to_n_without_gaps(catalog: Catalog, channel: Channel) -> None:
    numbers = [p.number for p in catalog.standard_points() if p.channel is channel]
    assert numbers == list(range(1, WHO_COUNTS[channel.value] + 1))
    assert all(
        p.code == f"{channel.value}{p.number}"
        for p in catalog.standard_points()
        if p.channel is channel
    )


def test_every_standard_point_has_names_region_and_who_source(catalog: Catalog) -> None:
    for p in catalog.standard_points():
        assert p.kind is PointKind.STANDARD
        assert all((p.pinyin, p.hanzi, p.english)), p.code
        assert isinstance(p.region, BodyRegion), p.code
        assert "who-2008" in p.sources, p.code


def test_ascii_pinyin_is_the_toned_pinyin_without_marks(catalog: Catalog) -> None:
    for p in catalog.acupoints:
        assert p.pinyin_ascii.isascii(), p.code
        assert fold(p.pinyin).replace("'", "") == p.pinyin_ascii.lower(), p.code


# Spot checks against the WHO 2008 names (pinyin, characters) and our region vocabulary.
SPOT_CHECKS = [
    ("LU7", "Lièquē", "列缺", "arm"),
    ("LI4", "Hégǔ", "合谷", "hand"),
    ("LI11", "Qūchí", "曲池", "arm"),
    ("LI15", "Jiānyú", "肩髃", "shoulder"),
    ("ST9", "Rényíng", "人迎", "neck"),
    ("ST12", "Quēpén", "缺盆", "neck"),
    ("SP6", "Sānyīnjiāo", "三阴交", "leg"),
    ("SI3", "Hòuxī", "后溪", "hand"),
    ("SI11", "Tiānzōng", "天宗", "shoulder"),
    ("SI14", "Jiānwàishū", "肩外俞", "upper-back"),
    ("SI15", "Jiānzhōngshū", "肩中俞", "upper-back"),
    ("BL10", "Tiānzhù", "天柱", "neck"),
    ("BL11", "Dàzhù", "大杼", "upper-back"),
    ("BL17", "Géshū", "膈俞", "upper-back"),
    ("BL40", "Wěizhōng", "委中", "leg"),
    ("BL60", "Kūnlún", "昆仑", "foot"),
    ("TE5", "Wàiguān", "外关", "arm"),
    ("TE15", "Tiānliáo", "天髎", "shoulder"),
    ("GB20", "Fēngchí", "风池", "neck"),
    ("GB21", "Jiānjǐng", "肩井", "shoulder"),
    ("GB34", "Yánglíngquán", "阳陵泉", "leg"),
    ("LR3", "Tàichōng", "太冲", "foot"),
    ("GV14", "Dàzhuī", "大椎", "neck"),
    ("GV16", "Fēngfǔ", "风府", "neck"),
    ("CV24", "Chéngjiāng", "承浆", "face"),
]


@pytest.mark.parametrize(("code", "pinyin", "hanzi", "region"), SPOT_CHECKS)
def test_spot_check_names_and_regions(
    catalog: Catalog, code: str, pinyin: str, hanzi: str, region: str
) -> None:
    point = catalog.acupoint(code)
    assert point is not None
    assert (point.pinyin, point.hanzi, point.region) == (pinyin, hanzi, BodyRegion(region))


def test_first_and_last_codes(catalog: Catalog) -> None:
    standard = catalog.standard_points()
    assert (standard[0].code, standard[-1].code) == ("LU1", "CV24")


def test_extra_points_and_ashi(catalog: Catalog) -> None:
    jiaji = catalog.acupoint("EX-B2")
    assert jiaji is not None
    assert jiaji.kind is PointKind.EXTRA
    assert jiaji.levels == (*(f"T{i}" for i in range(1, 13)), *(f"L{i}" for i in range(1, 6)))
    bailao = catalog.acupoint("EX-HN15")
    assert bailao is not None
    assert bailao.pinyin_ascii == "Bailao"
    assert bailao.hanzi == "百劳"
    wailaogong = catalog.acupoint("EX-UE8")
    assert wailaogong is not None
    assert wailaogong.pinyin_ascii == "Wailaogong"
    assert "Luozhen" in wailaogong.aliases
    assert "Luozhen" in wailaogong.notes
    ashi = catalog.acupoint("ASHI")
    assert ashi is not None
    assert ashi.kind is PointKind.ASHI
    assert ashi.region is None
