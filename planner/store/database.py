"""The full store: an open database (SQLAlchemy) and its repositories."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from planner.store.cases import CaseRepository
from planner.store.engine import create_database_engine, upgrade_schema
from planner.store.location import DatabaseError, default_database_url, describe, resolve_url
from planner.store.patients import PatientRepository
from planner.store.protocols import ProtocolRepository
from planner.store.visits import VisitRepository

__all__ = ["DatabaseError", "Store", "default_database_url", "open_store"]


class Store:
    """One open database and its repositories."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        sessions = sessionmaker(engine, expire_on_commit=False)
        self.patients = PatientRepository(sessions, engine)
        self.cases = CaseRepository(sessions, self.patients)
        self.visits = VisitRepository(sessions)
        self.protocols = ProtocolRepository(sessions)

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
