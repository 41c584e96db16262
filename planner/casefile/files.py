"""Reading and writing case files: one JSON document, or JSON Lines (one case per line)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from planner.casefile.atomic import write_atomically
from planner.casefile.convert import KnownTarget, case_from_dict, case_to_dict
from planner.casefile.errors import CaseFileError, LineProblem
from planner.domain.case import Case
from planner.domain.errors import FieldProblem, ValidationError

_Record = tuple[int, Any]  # (line where the record starts, parsed JSON)


def read_cases(
    source: str | os.PathLike[str],
    *,
    today: date | None = None,
    known_target: KnownTarget | None = None,
    check: Callable[[Case], list[FieldProblem]] | None = None,
) -> list[Case]:
    """Every case in a file, or CaseFileError naming every bad line (all or nothing).

    check, when given, is asked about each valid case (the import passes the safety gate);
    what it finds is reported by line like any other problem.

    source is a path, or the text itself when it is a str that starts with '{' or spans
    lines. The text is one JSON document (pretty-printed or not) or JSON Lines; blank lines
    are skipped. An empty file holds no cases.
    """
    text = _text_of(source)
    today = today or date.today()
    records, problems = _parse(text)
    cases: list[Case] = []
    for line, doc in records:
        try:
            case = case_from_dict(doc, today=today, known_target=known_target)
        except ValidationError as error:
            problems += [LineProblem(line, p.field, p.message) for p in error.problems]
            continue
        found = check(case) if check is not None else []
        problems += [LineProblem(line, p.field, p.message) for p in found]
        cases.append(case)
    if problems:
        problems.sort(key=lambda p: p.line or 0)  # stable: a record's problems stay in order
        raise CaseFileError(problems)
    return cases


def write_cases(cases: Iterable[Case], path: str | os.PathLike[str]) -> None:
    """Write JSON Lines, one case per line; the file appears whole or not at all.

    Cases are written as they come (an export of every patient stays flat in memory); if
    reading them fails part-way, the file at `path` is left as it was.
    """
    write_atomically(
        Path(path),
        (
            (
                json.dumps(case_to_dict(case), ensure_ascii=False, separators=(",", ":")) + "\n"
            ).encode()
            for case in cases
        ),
    )


def write_case(case: Case, path: str | os.PathLike[str]) -> None:
    """Write one case as a pretty-printed JSON document."""
    text = json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"
    write_atomically(Path(path), text.encode())


def _text_of(source: str | os.PathLike[str]) -> str:
    if isinstance(source, str) and (source.lstrip().startswith("{") or "\n" in source):
        return source
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CaseFileError(
            [LineProblem(None, "", f"cannot read {path}: {error.strerror}")]
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"is not UTF-8 text (byte 0x{data[error.start]:02x})"
        raise CaseFileError([LineProblem(line, "", message)]) from None


def _parse(text: str) -> tuple[list[_Record], list[LineProblem]]:
    """The JSON records in text, and a problem for each one that is not JSON."""
    # split("\n"), not splitlines(): a JSON string may hold U+2028 and other line breaks.
    lines = text.split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        return [], []
    try:
        return [(numbered[0][0], json.loads(text))], []
    except json.JSONDecodeError as error:
        if not _is_json_lines(numbered):
            return [], [_json_problem(error.lineno, error)]
    records: list[_Record] = []
    problems: list[LineProblem] = []
    for n, line in numbered:
        try:
            records.append((n, json.loads(line)))
        except json.JSONDecodeError as error:
            problems.append(_json_problem(n, error))
    return records, problems


def _is_json_lines(numbered: list[tuple[int, str]]) -> bool:
    """JSON Lines if the first line is a document by itself, or every line starts one."""
    if len(numbered) < 2:
        return False
    try:
        json.loads(numbered[0][1])
    except json.JSONDecodeError:
        return all(line.startswith("{") for _, line in numbered)
    return True


def _json_problem(line: int, error: json.JSONDecodeError) -> LineProblem:
    return LineProblem(line, "", f"invalid JSON at column {error.colno}: {error.msg}")
