"""The full store: an open database (SQLAlchemy) and its repositories."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.practitioner import Practitioner
from planner.store.audit import AuditTrail, Author
from planner.store.cases import CaseRepository
from planner.store.engine import WRITE, create_database_engine, upgrade_schema
from planner.store.handouts import HandoutRecords
from planner.store.history import HistoryRepository
from planner.store.location import DatabaseError, default_database_url, describe, resolve_url
from planner.store.patients import PatientRepository
from planner.store.practitioners import PractitionerRepository
from planner.store.protocols import ProtocolRepository
from planner.store.visits import VisitRepository

if TYPE_CHECKING:
    from planner.store.backup import Restored
    from planner.store.erasure import Erased

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
        self._sessions = sessions
        self.author = Author(engine)
        self.audit = AuditTrail(sessions, self.author)
        self.patients = PatientRepository(sessions, engine, self.audit)
        self.cases = CaseRepository(sessions, self.patients, self.audit)
        self.visits = VisitRepository(sessions, self.audit)
        self.protocols = ProtocolRepository(sessions, self.audit)
        self.histories = HistoryRepository(sessions, self.patients, self.cases, self.audit)
        self.practitioners = PractitionerRepository(sessions, self.audit)
        self.handouts = HandoutRecords(sessions, self.audit)

    def act_as(self, practitioner: Practitioner | None) -> None:
        """Every record written from now on carries this practitioner as its author."""
        self.author.practitioner = practitioner

    def role_practitioner(self) -> Practitioner | None:
        """On PostgreSQL, the profile bound to the role this connection logged in as."""
        if self.engine.dialect.name != "postgresql":
            return None
        with self._sessions() as s:
            role = str(s.scalar(text("SELECT session_user")))
        return self.practitioners.for_role(role)

    def note_restore(self, done: Restored) -> None:
        """Append the restore of the whole database to the restored database's trail."""
        from planner.domain.audit import Action, Kind
        from planner.store.tables import PractitionerRow

        details = {"revision": done.revision, "upgraded_from": done.upgraded_from}
        with self._sessions.begin() as s:
            entry = self.audit.row(s, Action.RESTORE, Kind.DATABASE, details=details)
            # The restored database may give the restorer's profile number to someone
            # else: the number stays only where it still names them; the name always does.
            me = self.author.practitioner
            there = s.get(PractitionerRow, me.id) if me is not None and me.id else None
            if there is None or me is None or there.name != me.name:
                entry["practitioner_id"] = None
            self.audit.append_many(s, [entry])

    def erase_patient(self, patient_id: int) -> Erased:
        """Erase a patient completely, on request (planner.store.erasure)."""
        from planner.store.erasure import erase_patient

        return erase_patient(self._sessions, self.engine, self.audit, patient_id)

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
