"""The patient list on a bare driver connection, for the GUI's first frame.

Opens only a database that already exists at the current schema revision; anything else
(a new file, one that needs migrating, an unusual URL) returns None and the caller opens the
full store, which creates or upgrades it and reports errors properly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from planner.domain.patient import Patient
from planner.store import listing
from planner.store.location import DatabaseError, describe
from planner.store.revision import SCHEMA_HEAD

# As planner.store.engine.BUSY_TIMEOUT_MS (not imported: that would load SQLAlchemy).
BUSY_TIMEOUT_MS = 30_000


T = TypeVar("T")


class PatientDirectory:
    """Read-only search and count over one driver connection.

    A PostgreSQL connection the server dropped (a restart, an administrator) is opened again
    once and the read retried, as the store's pool pre-ping does; if the server cannot be
    reached the read raises a DatabaseError.
    """

    def __init__(
        self,
        connection: Any,
        *,
        named_params: bool,
        reopen: Callable[[], Any] | None = None,
        where: str = "the database",
    ) -> None:
        self._conn = connection
        self._named = named_params
        self._reopen = reopen
        self._where = where

    def search(self, query: str = "", *, limit: int = 200, offset: int = 0) -> list[Patient]:
        return self._read(
            lambda c: listing.search(c, self._named, query, limit=limit, offset=offset)
        )

    def count(self, query: str = "") -> int:
        return self._read(lambda c: listing.count(c, self._named, query))

    def _read(self, run: Callable[[Any], T]) -> T:
        if self._reopen is None:
            return run(self._conn)
        if not _lost(self._conn):
            try:
                return run(self._conn)
            except Exception:
                if not _lost(self._conn):
                    raise
        with contextlib.suppress(Exception):
            self._conn.close()
        try:
            self._conn = self._reopen()
        except Exception as exc:
            raise DatabaseError(f"cannot reach {self._where}: {_first_line(exc)}") from exc
        return run(self._conn)

    def close(self) -> None:
        self._conn.close()


def _lost(conn: Any) -> bool:
    """psycopg marks a connection the server dropped as broken (or closed)."""
    return bool(getattr(conn, "broken", False) or getattr(conn, "closed", False))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _at_head(conn: Any) -> bool:
    cur = conn.cursor()
    try:
        cur.execute("SELECT version_num FROM alembic_version")
        row = cur.fetchone()
    finally:
        cur.close()
    return row is not None and row[0] == SCHEMA_HEAD


def _open_sqlite(url: str) -> Any | None:
    rest = url[len("sqlite:///") :]
    if not rest or "?" in rest or rest == ":memory:":
        return None
    path = Path(unquote(rest))
    if not path.is_file():
        return None
    import sqlite3

    # autocommit: reads see every commit at once and never hold a read snapshot open.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only=ON")
    return conn


def _open_postgres(url: str) -> Any | None:
    parts = urlsplit(url)
    if parts.query and set(parse_qs(parts.query)) - {"sslmode"}:
        return None
    import psycopg

    return psycopg.connect(
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        dbname=unquote(parts.path.lstrip("/")),
        sslmode=parse_qs(parts.query).get("sslmode", ["prefer"])[0],
        autocommit=True,
        connect_timeout=5,
        options=f"-c statement_timeout={listing.STATEMENT_TIMEOUT_MS}",
    )


def open_directory(url: str) -> PatientDirectory | None:
    """A directory over an existing, up-to-date database; None if the full store must open it."""
    if url.startswith("sqlite:///"):
        opener, named = _open_sqlite, True
    elif url.startswith(("postgresql+psycopg://", "postgresql://")):
        opener, named = _open_postgres, False
    else:
        return None
    reopen = (lambda: _open_postgres(url)) if opener is _open_postgres else None
    conn = None
    try:
        conn = opener(url)
        if conn is None or not _at_head(conn):
            raise LookupError("not ready")
    except Exception:  # any failure: the full store opens it and says what is wrong
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
        return None
    return PatientDirectory(conn, named_params=named, reopen=reopen, where=describe(url))
