"""read_cases, write_cases, write_case: JSON or JSON Lines, all or nothing, by line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.casefile import (
    CaseFileError,
    LineProblem,
    case_from_dict,
    case_to_dict,
    read_cases,
    write_case,
    write_cases,
)
from planner.domain.case import Case
from planner.domain.errors import DomainError
from planner.domain.patient import Patient
from tests.casefile.helpers import EXAMPLE, TODAY, changed, patient_only

pytestmark = pytest.mark.usefixtures("validator")


def jsonl(*docs: object) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def test_json_lines_give_one_case_per_line() -> None:
    text = jsonl(patient_only("Ana"), EXAMPLE, patient_only("Bo"))
    cases = read_cases(text, today=TODAY)
    assert [c.patient.name for c in cases] == ["Ana", "Ana López", "Bo"]
    assert cases[1] == case_from_dict(EXAMPLE, today=TODAY)


def test_blank_lines_are_skipped_and_lines_keep_their_numbers() -> None:
    text = "\n" + jsonl(patient_only("Ana")) + "  \n\n" + jsonl(patient_only(""))
    with pytest.raises(CaseFileError) as caught:
        read_cases(text, today=TODAY)
    assert [str(p) for p in caught.value.problems] == ["line 5: patient.name: is required"]


def test_bad_lines_2_and_5_are_both_reported_and_nothing_is_returned() -> None:
    lines = [
        patient_only("Ana"),
        changed(EXAMPLE, {"assessment.pain.now": 11}),
        patient_only("Bo"),
        EXAMPLE,
        patient_only("Cy", birth_date="2031-01-01"),
        patient_only("Di"),
    ]
    imported: list[Case] = []
    with pytest.raises(CaseFileError) as caught:
        imported.extend(read_cases(jsonl(*lines), today=TODAY))
    assert imported == []
    error = caught.value
    assert error.lines() == [2, 5]
    assert error.problems == (
        LineProblem(2, "assessment.pain.now", "11 is above the maximum of 10"),
        LineProblem(5, "patient.birth_date", "2031-01-01 is in the future"),
    )
    assert str(error) == (
        "line 2: assessment.pain.now: 11 is above the maximum of 10\n"
        "line 5: patient.birth_date: 2031-01-01 is in the future"
    )
    assert isinstance(error, DomainError)


def test_invalid_json_names_the_line_and_column_and_the_other_lines_are_still_checked() -> None:
    text = (
        jsonl(patient_only("Ana")) + '{"format": "needleplan-case/1", "patient": {"name" "Bo"}}\n'
    )
    text += jsonl(patient_only(""))
    with pytest.raises(CaseFileError) as caught:
        read_cases(text, today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: invalid JSON at column 52: Expecting ':' delimiter",
        "line 3: patient.name: is required",
    ]


def test_a_bad_first_line_is_still_read_as_json_lines() -> None:
    text = '{"format": \n' + jsonl(patient_only("Ana"))
    with pytest.raises(CaseFileError) as caught:
        read_cases(text, today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "line 1: invalid JSON at column 12: Expecting value"
    ]


def test_one_pretty_document() -> None:
    text = json.dumps(EXAMPLE, indent=2, ensure_ascii=False)
    assert read_cases(text, today=TODAY) == [case_from_dict(EXAMPLE, today=TODAY)]


def test_a_pretty_document_with_a_syntax_error_names_its_line_and_column() -> None:
    text = '{\n  "format": "needleplan-case/1",\n  "patient": {"name": "Ana",}\n}\n'
    with pytest.raises(CaseFileError) as caught:
        read_cases(text, today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "line 3: invalid JSON at column 29: Expecting property name enclosed in double quotes"
    ]


def test_a_pretty_documents_problems_point_at_its_first_line() -> None:
    text = "\n\n" + json.dumps(changed(EXAMPLE, {"plan.session_minutes": 1}), indent=2)
    with pytest.raises(CaseFileError) as caught:
        read_cases(text, today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "line 3: plan.session_minutes: 1 is below the minimum of 5"
    ]


def test_an_empty_file_holds_no_cases(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert read_cases(path, today=TODAY) == []


def test_a_path_as_text_or_path(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    expected = [case_from_dict(EXAMPLE, today=TODAY)]
    assert read_cases(path, today=TODAY) == expected
    assert read_cases(str(path), today=TODAY) == expected


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(EXAMPLE).encode())
    assert len(read_cases(path, today=TODAY)) == 1


def test_a_missing_file_is_a_case_file_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match=r"cannot read .*nothing\.jsonl: No such file"):
        read_cases(tmp_path / "nothing.jsonl", today=TODAY)


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        jsonl(patient_only("Ana")).encode() + jsonl(patient_only("Jos\xe9")).encode("latin-1")
    )
    with pytest.raises(CaseFileError) as caught:
        read_cases(path, today=TODAY)
    assert str(caught.value) == "line 2: is not UTF-8 text (byte 0xe9)"


def test_a_line_separator_inside_a_string_does_not_split_a_record(tmp_path: Path) -> None:
    case = Case(Patient("Ana", notes="first\u2028second\u0085third\x0cfourth"))
    path = tmp_path / "odd.jsonl"
    write_cases([case, case], path)
    assert read_cases(path, today=TODAY) == [case, case]


def test_write_cases_writes_one_compact_line_per_case(tmp_path: Path) -> None:
    cases = [case_from_dict(EXAMPLE, today=TODAY), Case(Patient("José Núñez"))]
    path = tmp_path / "out.jsonl"
    write_cases(cases, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1]) == case_to_dict(cases[1])
    assert "José Núñez" in lines[1]  # readable, not \u-escaped
    assert read_cases(path, today=TODAY) == cases


def test_write_case_writes_one_pretty_document(tmp_path: Path) -> None:
    case = case_from_dict(EXAMPLE, today=TODAY)
    path = tmp_path / "ana.json"
    write_case(case, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "format": "needleplan-case/1",\n  "patient": {\n')
    assert text.endswith("}\n")
    assert read_cases(path, today=TODAY) == [case]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text("old\n", encoding="utf-8")

    def failing() -> Iterator[Case]:
        yield Case(Patient("Ana"))
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_cases(failing(), path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["cases.jsonl"]


def test_written_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    write_cases([Case(Patient("Ana"))], path)
    assert path.stat().st_mode & 0o077 == 0


def test_a_long_list_of_problems_is_cut_short_in_the_message() -> None:
    text = jsonl(*[patient_only("") for _ in range(25)])
    with pytest.raises(CaseFileError) as caught:
        read_cases(text, today=TODAY)
    assert len(caught.value.problems) == 25
    message = str(caught.value).splitlines()
    assert len(message) == 21
    assert message[-1] == "... and 5 more problems"
