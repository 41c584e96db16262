"""Search over the shipped catalog: the examples practitioners type."""

from __future__ import annotations

import time

import pytest

from planner.domain.catalog import Catalog


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("gb21", "GB21"),
        ("GB21", "GB21"),
        ("GB 21", "GB21"),
        ("jianjing", "GB21"),
        ("jian jing", "GB21"),
        ("Jiānjǐng", "GB21"),
        ("shoulder well", "GB21"),
        ("肩井", "GB21"),
        ("風池", "GB20"),  # traditional characters
        ("後谿", "SI3"),
        ("崑崙", "BL60"),
        ("levator", "TP:levator-scapulae"),
        ("hegu", "LI4"),
        ("luozhen", "EX-UE8"),
        ("落枕", "EX-UE8"),
        ("ex-b2", "EX-B2"),
        ("EX-B2-T4", "EX-B2"),
        ("huatuojiaji", "EX-B2"),
        ("ashi", "ASHI"),
        ("sternocleidomastoid", "TP:sternocleidomastoid"),
        ("renzhong", "GV26"),
    ],
)
def test_expected_entry_comes_first(catalog: Catalog, query: str, first: str) -> None:
    results = catalog.search(query)
    assert results
    assert results[0].target_id == first


def test_exact_code_first_then_code_prefixes_in_channel_order(catalog: Catalog) -> None:
    ids = [t.target_id for t in catalog.search("gb2")]
    assert ids[:11] == ["GB2", *(f"GB{n}" for n in range(20, 30))]


def test_code_prefix_ranks_above_name_matches(catalog: Catalog) -> None:
    ids = [t.target_id for t in catalog.search("lu")]
    assert ids[:11] == [f"LU{n}" for n in range(1, 12)]
    assert "TE19" in ids[11:]  # Luxi, a name match, comes after the LU codes


def test_pinyin_prefix_finds_every_jian_point(catalog: Catalog) -> None:
    ids = {t.target_id for t in catalog.search("jian")}
    assert {"GB21", "LI15", "SI9", "TE14", "SI14", "SI15", "PC5"} <= ids


def test_several_words_must_all_match(catalog: Catalog) -> None:
    ids = [t.target_id for t in catalog.search("upper trap")]
    assert ids == ["TP:upper-trapezius"]


def test_nonsense_and_empty_find_nothing(catalog: Catalog) -> None:
    assert catalog.search("qqqzzz") == []
    assert catalog.search("   ") == []


def test_limit(catalog: Catalog) -> None:
    assert len(catalog.search("gb", limit=5)) == 5


def test_search_is_fast(catalog: Catalog) -> None:
    queries = ["gb21", "jian jing", "shoulder well", "肩井", "levator", "zhong", "s", "xyz"]
    rounds = 50
    start = time.perf_counter()
    for _ in range(rounds):
        for q in queries:
            catalog.search(q)
    per_query = (time.perf_counter() - start) / (rounds * len(queries))
    assert per_query < 0.001  # measured ~25 us; the bound leaves room for slow machines
