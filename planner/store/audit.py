"""The audit trail's writing side: who is writing, and one appended entry per change, in the
transaction of the change itself (so a change and its entry commit or vanish together).

The database only lets entries be appended (revision 0007's triggers; on PostgreSQL the
practitioners' roles hold INSERT and SELECT only, and the trigger writes their role and the
time itself). Snapshots hold a record's own fields as JSON values, never database internals.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import AuditEntry, Snapshot
from planner.domain.practitioner import Practitioner
from planner.store.tables import AuditRow

# Columns that say nothing about the record itself.
_INTERNAL = frozenset(
    {"id", "version", "created_at", "updated_at", "deleted_at", "sort_key", "patient_id"}
    | {"created_by", "updated_by"}
)


def snapshot(values: dict[str, Any]) -> Snapshot:
    """A record's column values as JSON values, internals left out."""
    return {k: _json(v) for k, v in values.items() if k not in _INTERNAL}


def _json(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        return ""


class Author:
    """Who the store writes as: the practitioner chosen (None: nobody chose one) and the
    account (the PostgreSQL role, or the computer's login on SQLite)."""

    def __init__(self, engine: Engine) -> None:
        self.practitioner: Practitioner | None = None
        self._engine = engine
        self._account: str | None = None

    @property
    def practitioner_id(self) -> int | None:
        return self.practitioner.id if self.practitioner is not None else None

    @property
    def who(self) -> str:
        return self.practitioner.label if self.practitioner is not None else ""

    def account(self, s: Session) -> str:
        if self._account is None:
            if self._engine.dialect.name == "postgresql":
                self._account = str(s.scalar(text("SELECT session_user")))
            else:
                self._account = _login()
        return self._account

    def stamps(self, *, created: bool) -> dict[str, Any]:
        """The author columns of a record being created or changed."""
        pid = self.practitioner_id
        return {"created_by": pid, "updated_by": pid} if created else {"updated_by": pid}


class AuditTrail:
    def __init__(self, sessions: sessionmaker[Session], author: Author) -> None:
        self._sessions = sessions
        self.author = author

    def row(
        self,
        s: Session,
        action: str,
        kind: str,
        *,
        record_id: int | None = None,
        patient_id: int | None = None,
        before: Snapshot | None = None,
        after: Snapshot | None = None,
        details: Snapshot | None = None,
    ) -> dict[str, Any]:
        return {
            "at": dt.datetime.now(dt.UTC),
            "action": action,
            "kind": kind,
            "record_id": record_id,
            "patient_id": patient_id,
            "practitioner_id": self.author.practitioner_id,
            "who": self.author.who,
            "account": self.author.account(s),
            "before": before,
            "after": after,
            "details": details,
        }

    def append(self, s: Session, action: str, kind: str, **fields: Any) -> None:
        """One entry, inside the caller's transaction."""
        s.execute(insert(AuditRow), self.row(s, action, kind, **fields))

    def append_many(self, s: Session, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            s.execute(insert(AuditRow), list(rows))

    def for_patient(self, patient_id: int) -> list[AuditEntry]:
        """The patient's entries, oldest first."""
        with self._sessions() as s:
            rows = s.scalars(
                select(AuditRow)
                .where(AuditRow.patient_id == patient_id)
                .order_by(AuditRow.at, AuditRow.id)
            )
            return [_entry(r) for r in rows]

    def all(self, *, limit: int | None = None) -> list[AuditEntry]:
        with self._sessions() as s:
            stmt = select(AuditRow).order_by(AuditRow.id)
            if limit is not None:
                stmt = stmt.limit(limit)
            return [_entry(r) for r in s.scalars(stmt)]


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        at=row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC),
        action=row.action,
        kind=row.kind,
        who=row.who,
        account=row.account,
        record_id=row.record_id,
        patient_id=row.patient_id,
        before=row.before,
        after=row.after,
        practitioner_id=row.practitioner_id,
        id=row.id,
        details=row.details or {},
    )
