"""The countries and regions offered for public holidays, named for a person."""

from __future__ import annotations

from planner.catalog.holiday_regions import (
    countries,
    country_name,
    place_problems,
    subdivisions,
)


def test_countries_have_readable_names_sorted_once_each() -> None:
    found = countries()
    codes = [code for code, _ in found]
    assert len(codes) == len(set(codes)) > 100
    assert all(len(code) == 2 and code.isupper() for code in codes)
    names = [name for _, name in found]
    assert names == sorted(names, key=str.casefold)
    assert country_name("GB") == "United Kingdom"
    assert country_name("US") == "United States"
    assert country_name("BA") == "Bosnia and Herzegovina"
    assert country_name("CD") == "DR Congo"


def test_regions_are_named_not_coded() -> None:
    assert subdivisions("GB") == (
        ("ENG", "England"),
        ("NIR", "Northern Ireland"),
        ("SCT", "Scotland"),
        ("WLS", "Wales"),
    )
    assert ("971", "Guadeloupe") in subdivisions("FR")
    assert subdivisions("IS") == ()
    assert subdivisions("ZZ") == ()


def test_place_problems_name_the_field() -> None:
    assert place_problems("GB", "SCT") == []
    assert place_problems(None, None) == []
    assert [p.field for p in place_problems("ZZ", None)] == ["holiday_country"]
    assert [p.field for p in place_problems("GB", "TX")] == ["holiday_subdivision"]
    assert [p.field for p in place_problems(None, "SCT")] == ["holiday_subdivision"]
