"""The full store: an open database (SQLAlchemy) and its repositories."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from planner.store.cases import CaseRepository
from planner.store.engine import WRITE, create_database_engine, upgrade_schema
from planner.store.history import HistoryRepository
from planner.store.location import DatabaseError, default_database_url, describe, resolve_url
from planner.store.patients import PatientRepository
from planner.store.protocols import ProtocolRepository
from planner.store.visits import VisitRepository

__all__ = ["DatabaseError", "Store", "default_database_url", "open_store"]


class _Sessions(sessionmaker[Session]):
    """`sessions.begin()` is a write transaction: on SQLite it takes the write lock up front
    (BEGIN IMMEDIATE, waiting out the busy timeout), so concurrent writers queue instead of
    failing half-way; `sessions()` for reads begins an ordinary (deferred) transaction."""

    @contextlib.contextmanager
    def begin(self) -> Iterator[Session]:
        with self() as session, session.begin():
            session.connection(execution_options={WRITE: True})
            yield session


class Store:
    """One open database and its repositories."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        sessions = _Sessions(engine, expire_on_commit=False)
        self.patients = PatientRepository(sessions, engine)
        self.cases = CaseRepository(sessions, self.patients)
        self.visits = VisitRepository(sessions)
        self.protocols = ProtocolRepository(sessions)
        self.histories = HistoryRepository(sessions, self.patients, self.cases)

    @property
    def description(self) -> str:
        """The URL without a password, for the title bar and logs."""
        return describe(self.url)

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    """Open (creating and upgrading as needed) the database at url, env or default."""
    resolved = resolve_url(url)
    engine = create_database_engine(resolved)
    try:
        upgrade_schema(engine, resolved)
    except Exception:
        engine.dispose()
        raise
    return Store(engine, resolved)
