"""Broken copies of the catalog files fail with a message naming file, entry and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.catalog import CatalogError, load_catalog
from tests.catalog.conftest import Edit, entry


def _set(key: str, ident: str, field: str, value: Any) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        entry(doc, key, ident)[field] = value

    return change


def load_problems(directory: Path) -> tuple[str, ...]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    return caught.value.problems


def _first_problem(directory: Path) -> str:
    return load_problems(directory)[0]


def test_a_clean_copy_loads(catalog_copy: Path) -> None:
    assert len(load_catalog(catalog_copy).standard_points()) == 361


def test_unknown_flag(edit: Edit) -> None:
    directory = edit(
        "acupoints-detail.json", _set("details", "GB21", "flags", ["lung-risk", "lungs"])
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    assert str(caught.value) == (
        "acupoints-detail.json: GB21: flags[1]: 'lungs' is not one of "
        "lung-risk, vessel-risk, cns-risk, pregnancy-caution"
    )


def test_duplicate_code(edit: Edit) -> None:
    def change(doc: Any) -> None:
        gb22 = entry(doc, "acupoints", "GB22")
        gb22["code"], gb22["number"] = "GB21", 21

    problems = load_problems(edit("acupoints.json", change))
    assert problems[0] == "acupoints.json: GB21: code: duplicate code"
    assert "acupoints.json: acupoints: GB needs GB1-GB44; missing GB22" in problems


def test_numbering_gap(edit: Edit) -> None:
    def change(doc: Any) -> None:
        doc["acupoints"].remove(entry(doc, "acupoints", "BL40"))

    problems = load_problems(edit("acupoints.json", change))
    assert problems[0] == "acupoints.json: acupoints: BL needs BL1-BL67; missing BL40"
    # ... and the in-depth entry for BL40 no longer names one of the 361.
    assert problems[1] == (
        "acupoints-detail.json: BL40: code: 'BL40' is not one of the 361 standard points "
        "in acupoints.json"
    )


def test_code_that_disagrees_with_its_number(edit: Edit) -> None:
    directory = edit("acupoints.json", _set("acupoints", "SI3", "number", 4))
    assert _first_problem(directory).startswith("acupoints.json: SI3: number: SI and 4 do not")


def test_unknown_referral_region(edit: Edit) -> None:
    directory = edit(
        "trigger-regions.json",
        _set("trigger_regions", "levator-scapulae", "referral_regions", ["neck-left", "neck-lft"]),
    )
    assert _first_problem(directory).startswith(
        "trigger-regions.json: levator-scapulae: referral_regions[1]: 'neck-lft' is not a "
        "body-chart region (head, neck-left,"
    )


def test_right_side_referral_region(edit: Edit) -> None:
    directory = edit(
        "trigger-regions.json",
        _set("trigger_regions", "scalenes", "referral_regions", ["arm-right"]),
    )
    assert _first_problem(directory) == (
        "trigger-regions.json: scalenes: referral_regions[0]: 'arm-right': list the "
        "left-side region; the app mirrors it"
    )


def test_unknown_source_id(edit: Edit) -> None:
    directory = edit("acupoints.json", _set("acupoints", "LU1", "sources", ["who-2009"]))
    assert _first_problem(directory) == (
        "acupoints.json: LU1: sources[0]: unknown source 'who-2009' (not in sources.json)"
    )


def test_unknown_source_in_a_flag_note(edit: Edit) -> None:
    def change(doc: Any) -> None:
        entry(doc, "details", "GV14")["flag_notes"]["cns-risk"]["sources"] = ["cam-1999", "x"]

    directory = edit("acupoints-detail.json", change)
    assert _first_problem(directory) == (
        "acupoints-detail.json: GV14: flag_notes.cns-risk.sources[1]: unknown source 'x' "
        "(not in sources.json)"
    )


def test_in_depth_entry_for_a_code_not_among_the_361(edit: Edit) -> None:
    directory = edit("acupoints-detail.json", _set("details", "GB21", "code", "GB45"))
    assert _first_problem(directory) == (
        "acupoints-detail.json: GB45: code: 'GB45' is not one of the 361 standard points "
        "in acupoints.json"
    )


def test_missing_required_field(edit: Edit) -> None:
    def change(doc: Any) -> None:
        del entry(doc, "acupoints", "SI3")["region"]

    directory = edit("acupoints.json", change)
    assert _first_problem(directory) == "acupoints.json: SI3: region: required field is missing"


def test_unknown_body_region(edit: Edit) -> None:
    directory = edit("acupoints.json", _set("acupoints", "SI3", "region", "paw"))
    assert _first_problem(directory).startswith(
        "acupoints.json: SI3: region: 'paw' is not one of head, face, neck,"
    )


def test_flag_without_a_note(edit: Edit) -> None:
    def change(doc: Any) -> None:
        del entry(doc, "details", "GV14")["flag_notes"]["cns-risk"]

    directory = edit("acupoints-detail.json", change)
    assert _first_problem(directory) == (
        "acupoints-detail.json: GV14: flag_notes: no note for flag 'cns-risk'"
    )


def test_depth_minimum_above_maximum(edit: Edit) -> None:
    def change(doc: Any) -> None:
        entry(doc, "details", "LI11")["depth"]["cun"] = [1.5, 1.0]

    directory = edit("acupoints-detail.json", change)
    assert _first_problem(directory) == (
        "acupoints-detail.json: LI11: depth.cun: minimum 1.5 is above maximum 1.0"
    )


def test_ascii_pinyin_that_disagrees(edit: Edit) -> None:
    directory = edit("acupoints.json", _set("acupoints", "GB21", "pinyin_ascii", "Jianjin"))
    assert _first_problem(directory) == (
        "acupoints.json: GB21: pinyin_ascii: 'Jianjin' does not match pinyin 'Jiānjǐng'"
    )


def test_jiaji_level_flag_not_among_its_flags(edit: Edit) -> None:
    def change(doc: Any) -> None:
        entry(doc, "extra_points", "EX-B2")["level_flags"]["L5"] = ["pregnancy-caution"]

    directory = edit("extra-points.json", change)
    assert _first_problem(directory) == (
        "extra-points.json: EX-B2: level_flags.L5[0]: 'pregnancy-caution' is not among the "
        "entry's flags"
    )


def test_duplicate_muscle(edit: Edit) -> None:
    def change(doc: Any) -> None:
        doc["trigger_regions"].append(dict(entry(doc, "trigger_regions", "rhomboids")))

    directory = edit("trigger-regions.json", change)
    assert (
        _first_problem(directory) == "trigger-regions.json: rhomboids: muscle: duplicate muscle id"
    )


def test_wrong_format(edit: Edit) -> None:
    def change(doc: Any) -> None:
        doc["format"] = "sources/2"

    directory = edit("sources.json", change)
    assert _first_problem(directory) == (
        "sources.json: format: 'sources/2' should be 'needleplan-catalog-sources/1'"
    )


def test_invalid_json(catalog_copy: Path) -> None:
    (catalog_copy / "trigger-regions.json").write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"^trigger-regions\.json: line 1: not valid JSON"):
        load_catalog(catalog_copy)


def test_missing_file(catalog_copy: Path) -> None:
    (catalog_copy / "sources.json").unlink()
    with pytest.raises(CatalogError, match=r"^sources\.json: missing from "):
        load_catalog(catalog_copy)


def test_several_problems_are_counted(edit: Edit) -> None:
    edit("acupoints.json", _set("acupoints", "LU1", "sources", ["x1"]))
    directory = edit("acupoints.json", _set("acupoints", "LU2", "sources", ["x2"]))
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    assert str(caught.value).endswith("(and 1 more problem)")
    assert len(caught.value.problems) == 2
