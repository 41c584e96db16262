"""The Needleplan logical archive of a PostgreSQL database (needleplan-pg-archive/1): the
file written when pg_dump is missing, and reading it back, checked line by line.

One gzip stream of lines: a JSON header (the format, the schema revision), then per table a
JSON line naming the table and its columns, the table's rows in PostgreSQL's COPY text
format (one line a row: newlines inside a value are escaped, so a row is never `\\.`) and a
`\\.` line, then a JSON trailer with each table's row count and the sequences' positions.
COPY's text form is PostgreSQL's own exact form of every value (dates, times with their
zone, JSON, booleans, bytes as hex, NULL as `\\N`), read and written with the session
settings below, so nothing is converted on the way. A file cut short, altered or with a
row count that differs from its trailer is refused: gzip's checksum and the trailer both
have to agree. Nothing here touches a database.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from planner.store.backup import NOTHING_CHANGED, BackupError

FORMAT = "needleplan-pg-archive/1"
FORMAT_FAMILY = "needleplan-pg-archive/"
GZIP_MAGIC = b"\x1f\x8b"
SUFFIX = ".archive.gz"
END_OF_ROWS = b"\\.\n"
# The session both sides run with, so COPY's text is the same values on the way back.
SETTINGS = {
    "client_encoding": "UTF8",
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "3",
    "bytea_output": "hex",
    "standard_conforming_strings": "on",
}
COMPRESS_LEVEL = 3  # level 6 doubles the time for a file a tenth smaller
CHUNK = 1 << 20  # rows are handed on in pieces of about this many bytes
_HEADER_LIMIT = 1 << 16


@dataclass(frozen=True)
class Sequence:
    """Where a table's id sequence stood, so ids given after a restore do not collide."""

    table: str
    column: str
    last_value: int
    is_called: bool


@dataclass
class Section:
    table: str
    columns: tuple[str, ...]
    rows: int = 0


@dataclass
class Contents:
    """What a whole, checked archive holds."""

    revision: str
    sections: list[Section] = field(default_factory=list)
    sequences: list[Sequence] = field(default_factory=list)

    def rows(self) -> dict[str, int]:
        return {s.table: s.rows for s in self.sections}


# A sink takes a section and gives the function its rows are handed to, in pieces.
Sink = Callable[[Section], AbstractContextManager[Callable[[bytes], object]]]


def _line(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


class ArchiveWriter:
    """Writes one archive into an open binary file; the caller renames it into place."""

    def __init__(self, fh: IO[bytes], revision: str, made_at: str) -> None:
        self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=COMPRESS_LEVEL)
        self._rows: dict[str, int] = {}
        self._gz.write(_line({"format": FORMAT, "revision": revision, "made_at": made_at}))

    @contextlib.contextmanager
    def section(self, table: str, columns: tuple[str, ...]) -> Iterator[Callable[[bytes], None]]:
        """Write the rows handed to the function yielded (COPY text, whole lines)."""
        self._gz.write(_line({"table": table, "columns": list(columns)}))
        pending: list[bytes] = []
        size = rows = 0

        def add(data: bytes) -> None:
            nonlocal size, rows
            pending.append(data)
            size += len(data)
            rows += data.count(b"\n")
            if size >= CHUNK:
                self._gz.write(b"".join(pending))
                pending.clear()
                size = 0

        yield add
        self._gz.write(b"".join(pending))
        self._gz.write(END_OF_ROWS)
        self._rows[table] = rows

    def finish(self, sequences: list[Sequence]) -> None:
        self._gz.write(
            _line(
                {
                    "end": FORMAT,
                    "rows": self._rows,
                    "sequences": [
                        [s.table, s.column, s.last_value, s.is_called] for s in sequences
                    ],
                }
            )
        )
        self._gz.close()


def looks_like_archive(source: Path) -> bool:
    """True when `source` opens as one of our archives (its header line names the format);
    any other file, gzip'd or not, is not."""
    try:
        with gzip.open(source, "rb") as gz:
            header = json.loads(gz.readline(_HEADER_LIMIT))
    except (OSError, EOFError, zlib.error, ValueError):
        return False
    return isinstance(header, dict) and str(header.get("format", "")).startswith(FORMAT_FAMILY)


def damaged(source: Path, why: str) -> BackupError:
    return BackupError(f"{source} is damaged ({why}); {NOTHING_CHANGED}")


def read_archive(source: Path, sink: Sink | None = None) -> Contents:
    """Read the whole archive at `source`, checking it; each section's rows go to `sink`
    (when given) as they are read. BackupError (damaged, or not an archive) otherwise."""
    try:
        with gzip.open(source, "rb") as gz:
            return _read(source, gz, sink)
    except EOFError:
        raise damaged(source, "it ends before its last table: the copy was cut short") from None
    except (OSError, zlib.error) as exc:  # a checksum or a compressed block that is wrong
        raise damaged(source, f"the compressed data is not as written: {exc}") from None


def _header(source: Path, gz: gzip.GzipFile) -> str:
    try:
        header = json.loads(gz.readline(_HEADER_LIMIT))
    except ValueError:
        header = None
    made = header.get("format") if isinstance(header, dict) else None
    if not isinstance(made, str) or not made.startswith(FORMAT_FAMILY):
        from planner.store.backup import not_a_backup

        raise not_a_backup(source)
    if made != FORMAT:
        raise BackupError(
            f"{source} was made by a newer Needleplan (archive format {made[:40]}; this version"
            f" reads {FORMAT}): update Needleplan to restore it; {NOTHING_CHANGED}"
        )
    revision = header.get("revision") if isinstance(header, dict) else None
    if not isinstance(revision, str) or not revision:
        raise damaged(source, "its header names no schema version")
    return revision


def _json_line(source: Path, line: bytes) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise damaged(source, "a table's heading or the trailer is not as written")
    return data


def _section(source: Path, data: dict[str, Any], seen: set[str]) -> Section:
    table, columns = data.get("table"), data.get("columns")
    if (
        not isinstance(table, str)
        or not isinstance(columns, list)
        or not columns
        or not all(isinstance(c, str) for c in columns)
        or len(set(columns)) != len(columns)
        or table in seen
    ):
        raise damaged(source, "a table's heading is not as written")
    seen.add(table)
    return Section(table, tuple(columns))


def _rows(
    source: Path, gz: gzip.GzipFile, section: Section, put: Callable[[bytes], object]
) -> None:
    pending: list[bytes] = []
    size = 0
    for line in gz:
        if line == END_OF_ROWS:
            if pending:
                put(b"".join(pending))
            return
        if not line.endswith(b"\n"):
            break
        section.rows += 1
        pending.append(line)
        size += len(line)
        if size >= CHUNK:
            put(b"".join(pending))
            pending.clear()
            size = 0
    raise damaged(source, f"the rows of {section.table} end part-way")


def _read(source: Path, gz: gzip.GzipFile, sink: Sink | None) -> Contents:
    contents = Contents(_header(source, gz))
    seen: set[str] = set()
    for line in gz:
        data = _json_line(source, line)
        if "end" in data:
            _trailer(source, data, contents)
            if gz.read(1):
                raise damaged(source, "there is more after its end")
            return contents
        section = _section(source, data, seen)
        if sink is None:
            _rows(source, gz, section, lambda _data: None)
        else:
            with sink(section) as put:
                _rows(source, gz, section, put)
        contents.sections.append(section)
    raise damaged(source, "it ends before its last table: the copy was cut short")


def _trailer(source: Path, data: dict[str, Any], contents: Contents) -> None:
    if data.get("end") != FORMAT or data.get("rows") != contents.rows():
        raise damaged(source, "its row counts differ from the rows it holds")
    sequences = data.get("sequences")
    if not isinstance(sequences, list):
        raise damaged(source, "its sequences are not as written")
    for item in sequences:
        if not (
            isinstance(item, list)
            and len(item) == 4
            and isinstance(item[0], str)
            and isinstance(item[1], str)
            and type(item[2]) is int
            and type(item[3]) is bool
        ):
            raise damaged(source, "its sequences are not as written")
        contents.sequences.append(Sequence(item[0], item[1], item[2], item[3]))
