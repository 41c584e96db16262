"""Reading and writing case files: one JSON document, or JSON Lines (one record per line:
a needleplan-case/1 case, or a needleplan-case/2 history or protocol).

Reading streams: JSON Lines are read a line at a time and each record is checked as it comes,
so memory stays flat however many records a file holds (one record, or one document, may
take up to MAX_RECORD_BYTES). A file is all or nothing: see iter_cases.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, TypeVar

from planner.casefile.atomic import write_atomically
from planner.casefile.convert import KnownTarget, case_from_dict
from planner.casefile.errors import CaseFileError, LineProblem
from planner.casefile.history import Record, record_from_dict, record_to_dict
from planner.casefile.schema import MAX_DEPTH, parse_int
from planner.domain.case import Case
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.wording import shorten

MAX_RECORD_BYTES = 16 * 1024 * 1024  # one line, or one document; a case is a few kB
MAX_KEPT_PROBLEMS = 1000  # problems kept in full; CaseFileError counts the rest

_DECODER = json.JSONDecoder(
    parse_int=parse_int
)  # built once: json.loads(parse_int=) builds one a call
Check = Callable[[Case], list[FieldProblem]]
RecordCheck = Callable[[Record], list[FieldProblem]]
_T = TypeVar("_T")
_Line = tuple[int, "str | None"]  # (line number, text; None for a line already reported)


def read_cases(
    source: str | os.PathLike[str],
    *,
    today: date | None = None,
    known_target: KnownTarget | None = None,
    check: Check | None = None,
) -> list[Case]:
    """Every case in a file, or CaseFileError naming every bad line (all or nothing).

    check, when given, is asked about each valid case (the import passes the safety gate);
    what it finds is reported by line like any other problem.

    source is a path, or the text itself when it is a str that starts with '{' or spans
    lines. The text is one JSON document (pretty-printed or not) or JSON Lines; blank lines
    are skipped. An empty file holds no cases.
    """
    return list(iter_cases(source, today=today, known_target=known_target, check=check))


def iter_cases(
    source: str | os.PathLike[str],
    *,
    today: date | None = None,
    known_target: KnownTarget | None = None,
    check: Check | None = None,
) -> Iterator[Case]:
    """read_cases as a stream: each case as soon as it is read and checked.

    All or nothing for a consumer that keeps what it gets in one transaction: once any
    record has a problem no further case is yielded, the rest of the file is still read to
    name every bad line, and CaseFileError is raised at the end instead of stopping.
    """
    day = today or date.today()
    return _checked(
        source, lambda doc: case_from_dict(doc, today=day, known_target=known_target), check
    )


def _checked(
    source: str | os.PathLike[str],
    convert: Callable[[object], _T],
    check: Callable[[_T], list[FieldProblem]] | None,
    at: Callable[[int], None] | None = None,
) -> Iterator[_T]:
    """Each record converted and checked (see iter_cases); `at` learns the line of each."""
    problems = _Problems()
    for line, doc in _records(source, problems):
        try:
            item = convert(doc)
        except ValidationError as error:
            problems.extend(line, error.problems)
            continue
        found = check(item) if check is not None else []
        if found:
            problems.extend(line, found)
        elif not problems:
            if at is not None:
                at(line)
            yield item
    problems.raise_if_any()


class RecordReader:
    """The records of a case file, needleplan-case/1 and /2 alike (a case, a patient's
    history, a protocol), streamed and all or nothing as iter_cases streams cases.

    `line` is where the record last yielded starts, so that what a consumer finds wrong
    with it later (the store: a protocol's name already taken) is named by line too.
    """

    def __init__(
        self,
        source: str | os.PathLike[str],
        *,
        today: date | None = None,
        known_target: KnownTarget | None = None,
        check: RecordCheck | None = None,
    ) -> None:
        self.source = source
        self.today = today or date.today()
        self.known_target = known_target
        self.check = check
        self.line: int | None = None

    def __iter__(self) -> Iterator[Record]:
        def convert(doc: object) -> Record:
            return record_from_dict(doc, today=self.today, known_target=self.known_target)

        return _checked(self.source, convert, self.check, self._at)

    def _at(self, line: int) -> None:
        self.line = line

    def count(self) -> int:
        """How many records the file holds, read and checked whole, keeping none of them;
        CaseFileError naming every bad line."""
        return sum(1 for _ in self)


def check_cases(
    source: str | os.PathLike[str],
    *,
    today: date | None = None,
    known_target: KnownTarget | None = None,
    check: Check | None = None,
) -> int:
    """How many cases the file holds, read and checked whole while keeping none of them;
    CaseFileError naming every bad line, as read_cases."""
    cases = iter_cases(source, today=today, known_target=known_target, check=check)
    return sum(1 for _ in cases)


def write_cases(cases: Iterable[Case], path: str | os.PathLike[str]) -> None:
    """Write JSON Lines, one case per line (needleplan-case/1); the file appears whole or
    not at all.

    Cases are written as they come (an export of every patient stays flat in memory); if
    reading them fails part-way, the file at `path` is left as it was.
    """
    write_records(cases, path)


def write_records(records: Iterable[Record], path: str | os.PathLike[str]) -> None:
    """write_cases for any record: a case as needleplan-case/1, a patient's history or a
    protocol as needleplan-case/2."""
    write_atomically(Path(path), (record_line(record).encode() for record in records))


def record_line(record: Record) -> str:
    """One line of JSON Lines."""
    return json.dumps(record_to_dict(record), ensure_ascii=False, separators=(",", ":")) + "\n"


def write_case(case: Record, path: str | os.PathLike[str]) -> None:
    """Write one case (or one patient's history) as a pretty-printed JSON document."""
    text = json.dumps(record_to_dict(case), ensure_ascii=False, indent=2) + "\n"
    write_atomically(Path(path), text.encode())


class _Problems:
    """The problems found so far, in full up to MAX_KEPT_PROBLEMS, then only counted."""

    def __init__(self) -> None:
        self.kept: list[LineProblem] = []
        self.omitted = 0

    def __bool__(self) -> bool:
        return bool(self.kept)

    def add(self, problem: LineProblem) -> None:
        if len(self.kept) < MAX_KEPT_PROBLEMS:
            self.kept.append(problem)
        else:
            self.omitted += 1

    def extend(self, line: int, found: Iterable[FieldProblem]) -> None:
        for p in found:
            self.add(LineProblem(line, p.field, p.message))

    def raise_if_any(self) -> None:
        if self.kept:
            self.kept.sort(key=lambda p: p.line or 0)  # stable: a record's stay in order
            raise CaseFileError(self.kept, omitted=self.omitted)


class _Unparsable(Exception):
    """Text that is not one JSON value; offset is the line within the text (1-based)."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message

    def at(self, line: int) -> LineProblem:
        return LineProblem(line + self.offset - 1, "", self.message)


def _loads(text: str) -> object:
    """One JSON value; numbers too long to convert come back as HugeNumber (named later,
    by field), nesting too deep for the parser is a problem of the record."""
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise _Unparsable(
            error.lineno, f"invalid JSON at column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise _Unparsable(1, f"is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:  # json.loads raises nothing else; said plainly if it ever does
        raise _Unparsable(1, f"invalid JSON: {shorten(str(error))}") from None


def _records(source: str | os.PathLike[str], problems: _Problems) -> Iterator[tuple[int, object]]:
    """(line where the record starts, parsed JSON) for each record; a record that is not
    JSON goes to problems instead."""
    with _open(source) as stream:
        lines = _lines(stream, source, problems)
        start = next(((n, t) for n, t in lines if t is not None and t.strip()), None)
        if start is None:
            return  # no record at all
        n, text = start
        try:
            first = _loads(text)
        except _Unparsable as error:
            # Not a document by itself: a pretty-printed document, or JSON Lines whose first
            # line is broken.
            yield from _document_or_lines(n, text, error, lines, problems)
            return
        yield n, first
        yield from _json_lines(lines, problems)


def _json_lines(lines: Iterable[_Line], problems: _Problems) -> Iterator[tuple[int, object]]:
    for n, text in lines:
        if text is None or not text.strip():
            continue
        try:
            yield n, _loads(text)
        except _Unparsable as error:
            problems.add(error.at(n))


def _document_or_lines(
    n: int, text: str, error: _Unparsable, lines: Iterator[_Line], problems: _Problems
) -> Iterator[tuple[int, object]]:
    """One document spanning lines from line n; else JSON Lines if every record line starts
    an object (a pretty-printed document's inner lines are indented or close it)."""
    buffered: list[_Line] = [(n, text)]
    size, records, braces = len(text), 1, text.startswith("{")
    for m, more in lines:
        buffered.append((m, more))
        if more is not None and more.strip():
            size += len(more)
            records += 1
            braces = braces and more.startswith("{")
        if size > MAX_RECORD_BYTES:
            if not braces:
                message = (
                    f"is one JSON document larger than {_size(MAX_RECORD_BYTES)}, not a case "
                    "(many cases go one per line: JSON Lines)"
                )
                problems.add(LineProblem(n, "", message))
                return
            break
    else:
        try:
            yield n, _loads("\n".join(t or "" for _, t in buffered))
            return
        except _Unparsable as whole:
            if records < 2 or not braces:
                problems.add(whole.at(n))
                return
    problems.add(error.at(n))
    yield from _json_lines(buffered[1:], problems)
    yield from _json_lines(lines, problems)


def _open(source: str | os.PathLike[str]) -> BinaryIO:
    if isinstance(source, str) and (source.lstrip().startswith("{") or "\n" in source):
        return io.BytesIO(source.encode("utf-8", "surrogatepass"))
    path = Path(source)
    try:
        return path.open("rb")
    except OSError as error:
        raise CaseFileError(
            [LineProblem(None, "", f"cannot read {path}: {error.strerror}")]
        ) from None


def _lines(
    stream: BinaryIO, source: str | os.PathLike[str], problems: _Problems
) -> Iterator[_Line]:
    """Every line, numbered from 1 and decoded; a line too long or not UTF-8 is reported
    here and comes as None. Splits at \\n only: a JSON string may hold U+2028 and the like."""
    n = 0
    while True:
        try:
            raw = stream.readline(MAX_RECORD_BYTES + 1)
            if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
                _skip_line(stream)
        except OSError as error:
            where = source if not isinstance(source, str) or len(source) < 300 else "the text"
            raise CaseFileError(
                [LineProblem(None, "", f"cannot read {where}: {error.strerror}")]
            ) from None
        if not raw:
            return
        n += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            message = f"is longer than {_size(MAX_RECORD_BYTES)}; no case is that long"
            problems.add(LineProblem(n, "", message))
            yield n, None
            continue
        try:
            text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as error:
            message = f"is not UTF-8 text (byte 0x{raw[error.start]:02x})"
            problems.add(LineProblem(n, "", message))
            yield n, None
            continue
        yield n, text.removesuffix("\n")


def _size(count: int) -> str:
    return f"{count >> 20} MiB" if count >= 1 << 20 else f"{count} bytes"


def _skip_line(stream: BinaryIO) -> None:
    """Read past the rest of an overlong line without holding it."""
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return
