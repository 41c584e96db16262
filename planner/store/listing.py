"""The patient list's reads: plain SQL over a DB-API connection.

The one code path for listing and search. The store runs it on its SQLAlchemy connections;
the GUI's first frame runs it on a bare sqlite3/psycopg connection, before SQLAlchemy (about
300 ms of imports here) has loaded.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from planner.domain.patient import Patient
from planner.domain.text import fold_words
from planner.domain.vocab import Sex
from planner.store.location import DatabaseError

_PATIENT_COLUMNS = "name, birth_date, sex, phone, email, notes, id, version"

# A search reads at most this much of the query, and at most this many of its words: each
# word is one more index probe per candidate (1,000 words ran 11 minutes on PostgreSQL and
# overflowed SQLite's expression depth). Names have a handful of words; the rest is ignored.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8

# PostgreSQL stops a list or search query after this long (the server may be shared): the
# GUI's bare connection sets it for its session, the store for the search's transaction.
STATEMENT_TIMEOUT_MS = 5_000


class Cursor(Protocol):
    def execute(self, sql: Any, params: Any = ...) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchone(self) -> Any: ...


class DbApiConnection(Protocol):
    def cursor(self) -> Any: ...


def _prefix_upper(prefix: str) -> str:
    """Smallest string above every string that starts with prefix (code-point order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class _Sql:
    """Builds SQL with the driver's placeholder style: sqlite3 ':name', psycopg '%(name)s'."""

    def __init__(self, named: bool) -> None:
        self.named = named
        self.params: dict[str, Any] = {}

    def bind(self, name: str, value: Any) -> str:
        self.params[name] = value
        return f":{name}" if self.named else f"%({name})s"


def _matching_ids(sql: _Sql, words: list[str]) -> str:
    """Term rows of the longest word whose patient also has a word for every other prefix.

    patient_terms holds live patients only, so nothing here joins patients.
    """
    driving = max(words, key=len)
    where = [
        f"t.term >= {sql.bind('w', driving)} AND t.term < {sql.bind('u', _prefix_upper(driving))}"
    ]
    others = [w for w in words if w != driving]
    for i, word in enumerate(others):
        lo, hi = sql.bind(f"w{i}", word), sql.bind(f"u{i}", _prefix_upper(word))
        where.append(
            "EXISTS (SELECT 1 FROM patient_terms o WHERE o.patient_id = t.patient_id"
            f" AND o.term >= {lo} AND o.term < {hi})"
        )
    return "FROM patient_terms t WHERE " + " AND ".join(where)


def query_words(query: str) -> list[str]:
    """The folded words a search matches on, bounded (MAX_QUERY_CHARS, MAX_QUERY_WORDS)."""
    return fold_words(query[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]


def _too_slow(exc: Exception) -> Exception:
    """PostgreSQL's statement timeout (psycopg's QueryCanceled), or SQLite still locked after
    its busy timeout, as one clear DatabaseError; anything else unchanged."""
    if type(exc).__name__ == "QueryCanceled":
        return DatabaseError(
            f"the search took longer than {STATEMENT_TIMEOUT_MS / 1000:g} s and was stopped;"
            " try fewer or longer words"
        )
    if "database is locked" in str(exc):
        return DatabaseError("the database is busy (locked by another program); try again")
    return exc


def _patient(row: Any) -> Patient:
    name, birth_date, sex, phone, email, notes, pid, version = row
    if isinstance(birth_date, str):  # SQLite keeps dates as ISO text
        birth_date = date.fromisoformat(birth_date)
    return Patient(name, birth_date, Sex(sex), phone, email, notes, pid, version)


def search(
    conn: DbApiConnection, named: bool, query: str, *, limit: int, offset: int
) -> list[Patient]:
    """Live patients any of whose name words start with each word of the query.

    With a query, rows come ordered by the matched word, then by name: the index order, so
    a page costs the same however many patients match. A patient with two matching words
    can appear on two pages; callers that page should skip ids they already have.
    """
    try:
        return _search(conn, named, query_words(query), limit=limit, offset=offset)
    except Exception as exc:
        translated = _too_slow(exc)
        if translated is exc:
            raise
        raise translated from exc


def _search(
    conn: DbApiConnection, named: bool, words: list[str], *, limit: int, offset: int
) -> list[Patient]:
    cur = conn.cursor()
    try:
        sql = _Sql(named)
        if not words:
            cur.execute(
                f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE deleted_at IS NULL"
                f" ORDER BY sort_key, id LIMIT {sql.bind('limit', limit)}"
                f" OFFSET {sql.bind('offset', offset)}",
                sql.params,
            )
            return [_patient(r) for r in cur.fetchall()]
        page = (
            f"SELECT t.patient_id {_matching_ids(sql, words)}"
            f" ORDER BY t.term, t.sort_key, t.patient_id"
            f" LIMIT {sql.bind('limit', limit)} OFFSET {sql.bind('offset', offset)}"
        )
        cur.execute(page, sql.params)
        ids = list(dict.fromkeys(r[0] for r in cur.fetchall()))
        if not ids:
            return []
        rows = _Sql(named)
        marks = ", ".join(rows.bind(f"i{n}", pid) for n, pid in enumerate(ids))
        cur.execute(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id IN ({marks})", rows.params)
        by_id = {p.id: p for p in map(_patient, cur.fetchall())}
        return [by_id[i] for i in ids if i in by_id]
    finally:
        cur.close()


def count(conn: DbApiConnection, named: bool, query: str) -> int:
    try:
        return _count(conn, named, query_words(query))
    except Exception as exc:
        translated = _too_slow(exc)
        if translated is exc:
            raise
        raise translated from exc


def _count(conn: DbApiConnection, named: bool, words: list[str]) -> int:
    cur = conn.cursor()
    try:
        if not words:
            # All rows minus the few deleted: a whole-table count is nearly free in SQLite,
            # where counting the live rows through an index walks all of them.
            cur.execute(
                "SELECT (SELECT count(*) FROM patients)"
                " - (SELECT count(*) FROM patients WHERE deleted_at IS NOT NULL)"
            )
        else:
            sql = _Sql(named)
            cur.execute(
                f"SELECT count(DISTINCT t.patient_id) {_matching_ids(sql, words)}", sql.params
            )
        return int(cur.fetchone()[0])
    finally:
        cur.close()
