"""Reading streams (issue 11, item 5): memory stays flat however many records a file holds,
every bad record is still named by line, and a consumer gets nothing once one is found."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.casefile import CaseFileError, check_cases, iter_cases, read_cases
from planner.casefile import files as files_module
from tests.casefile.helpers import EXAMPLE, TODAY, patient_only


def _write(path: Path, count: int, bad: dict[int, str] | None = None) -> Path:
    """count name-only records, one a line; bad maps a 1-based line to its text instead."""
    bad = bad or {}
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            text = bad.get(n) or json.dumps(patient_only(f"Patient {n:06d}"))
            out.write(text + "\n")
    return path


def _peak_bytes(read: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_checking_a_file_keeps_no_case_in_memory(tmp_path: Path) -> None:
    small = _write(tmp_path / "small.jsonl", 1_000)
    large = _write(tmp_path / "large.jsonl", 10_000)
    check_cases(small, today=TODAY)  # the validators load once, outside the measure
    assert check_cases(large, today=TODAY) == 10_000
    peak_small = _peak_bytes(lambda: check_cases(small, today=TODAY))
    peak_large = _peak_bytes(lambda: check_cases(large, today=TODAY))
    # Reading the whole file into a list took about 10x here.
    assert peak_large < 1.5 * peak_small + 256 * 1024


def test_iter_cases_yields_before_the_file_is_read_whole(tmp_path: Path) -> None:
    path = _write(tmp_path / "many.jsonl", 3_000)
    cases = iter_cases(path, today=TODAY)
    first = next(cases)
    assert first.patient.name == "Patient 000001"
    assert sum(1 for _ in cases) == 2_999


def test_after_a_bad_record_nothing_more_is_yielded_and_every_bad_line_is_named(
    tmp_path: Path,
) -> None:
    bad_name = json.dumps(patient_only(""))
    path = _write(tmp_path / "late.jsonl", 50, {20: bad_name, 45: "{not json"})
    got: list[str] = []

    def consume() -> None:
        got.extend(case.patient.name for case in iter_cases(path, today=TODAY))

    with pytest.raises(CaseFileError) as caught:
        consume()
    assert len(got) == 19  # the cases before line 20; none after it
    assert caught.value.lines() == [20, 45]
    assert str(caught.value).splitlines() == [
        "line 20: patient.name: is required",
        "line 45: invalid JSON at column 2: Expecting property name enclosed in double quotes",
    ]


def test_a_file_of_many_bad_records_keeps_a_bounded_number_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files_module, "MAX_KEPT_PROBLEMS", 30)
    bad = json.dumps(patient_only(""))
    path = _write(tmp_path / "bad.jsonl", 100, dict.fromkeys(range(1, 101), bad))
    with pytest.raises(CaseFileError) as caught:
        check_cases(path, today=TODAY)
    assert len(caught.value.problems) == 30
    assert caught.value.omitted == 70
    assert str(caught.value).splitlines()[-1] == "... and 80 more problems"


def test_an_overlong_line_is_refused_without_holding_it_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files_module, "MAX_RECORD_BYTES", 4096)
    huge = json.dumps(patient_only("Ana", notes="x" * 20_000))
    path = _write(tmp_path / "long.jsonl", 5, {2: huge, 4: json.dumps(patient_only(""))})
    with pytest.raises(CaseFileError) as caught:
        check_cases(path, today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: is longer than 4096 bytes; no case is that long",
        "line 4: patient.name: is required",
    ]


def test_one_pretty_document_is_one_case_and_a_huge_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pretty = tmp_path / "case.json"
    pretty.write_text(json.dumps(EXAMPLE, indent=2), encoding="utf-8")
    [case] = read_cases(pretty, today=TODAY)
    assert case.patient.name == "Ana López"
    monkeypatch.setattr(files_module, "MAX_RECORD_BYTES", 200)
    with pytest.raises(CaseFileError) as caught:
        read_cases(pretty, today=TODAY)
    assert str(caught.value).startswith("line 1: is one JSON document larger than")
