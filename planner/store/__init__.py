"""Persistence: SQLite or PostgreSQL behind repositories that speak domain objects."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from planner.store.cases import CaseRepository
from planner.store.engine import (
    DatabaseError,
    create_database_engine,
    default_database_url,
    resolve_url,
    upgrade_schema,
)
from planner.store.patients import PatientRepository

__all__ = ["DatabaseError", "Store", "default_database_url", "open_store"]


class Store:
    """One open database and its repositories."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        sessions = sessionmaker(engine, expire_on_commit=False)
        self.patients = PatientRepository(sessions)
        self.cases = CaseRepository(sessions, self.patients)

    @property
    def description(self) -> str:
        """The URL without a password, for the title bar and logs."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

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
