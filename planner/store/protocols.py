"""Named protocols: add, list, rename, soft delete and restore.

Names are unique among live protocols, compared case- and accent-folded ("Neck basic" and
"neck  BASIC" are the same name). Delete only hides a protocol, so an accidental delete is
undone by restore; plans made from it never referred to it (they copied its targets).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind
from planner.domain.errors import ConflictError, NotFoundError, ValidationError
from planner.domain.protocol import PlannedTarget, Protocol, validate_protocol
from planner.domain.text import fold
from planner.domain.vocab import Side, Technique
from planner.store.audit import AuditTrail
from planner.store.tables import ProtocolRow


def _now() -> datetime:
    return datetime.now(UTC)


def name_key(name: str) -> str:
    return " ".join(fold(name).split())


def target_values(t: PlannedTarget) -> dict[str, Any]:
    return {
        "target": t.target,
        "side": t.side.value,
        "technique": t.technique.value,
        "retention_minutes": t.retention_minutes,
        "notes": t.notes,
    }


def _target(d: dict[str, Any]) -> PlannedTarget:
    return PlannedTarget(
        d["target"],
        Side(d.get("side", Side.BOTH)),
        Technique(d.get("technique", Technique.MANUAL)),
        d.get("retention_minutes"),
        d.get("notes", ""),
    )


def _snapshot(p: Protocol) -> dict[str, Any]:
    return {"name": p.name, "targets": [target_values(t) for t in p.targets], "notes": p.notes}


def protocol_from_row(row: ProtocolRow) -> Protocol:
    return Protocol(
        name=row.name,
        targets=tuple(_target(d) for d in row.targets),
        notes=row.notes,
        id=row.id,
        version=row.version,
        created_on=row.created_at.date(),
    )


class ProtocolRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditTrail) -> None:
        self._sessions = sessions
        self._audit = audit

    def add(self, protocol: Protocol) -> Protocol:
        """Store a new protocol; ValidationError for bad targets or a name already used."""
        clean = validate_protocol(protocol)
        now = _now()
        with self._sessions.begin() as s:
            self._require_free_name(s, clean.name, None)
            new_id = s.execute(
                insert(ProtocolRow).returning(ProtocolRow.id),
                {
                    "name": clean.name,
                    "name_key": name_key(clean.name),
                    "targets": [target_values(t) for t in clean.targets],
                    "notes": clean.notes,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                | self._audit.author.stamps(created=True),
            ).scalar_one()
            self._audit.append(
                s, Action.CREATE, Kind.PROTOCOL, record_id=new_id, after=_snapshot(clean)
            )
        return replace(clean, id=new_id, version=1, created_on=now.date())

    def list(self) -> list[Protocol]:
        """Live protocols by name."""
        with self._sessions() as s:
            rows = s.scalars(
                select(ProtocolRow)
                .where(ProtocolRow.deleted_at.is_(None))
                .order_by(ProtocolRow.name_key, ProtocolRow.id)
            )
            return [protocol_from_row(r) for r in rows]

    def get(self, protocol_id: int) -> Protocol:
        with self._sessions() as s:
            row = s.get(ProtocolRow, protocol_id)
            if row is None or row.deleted_at is not None:
                raise NotFoundError(f"protocol {protocol_id} does not exist")
            return protocol_from_row(row)

    def rename(self, protocol: Protocol, name: str) -> Protocol:
        """Rename; ConflictError if someone changed it since `protocol.version`."""
        if protocol.id is None:
            raise ValueError("rename needs a stored protocol")
        clean = validate_protocol(replace(protocol, name=name))
        with self._sessions.begin() as s:
            self._require_free_name(s, clean.name, protocol.id)
            result = s.execute(
                update(ProtocolRow)
                .where(
                    ProtocolRow.id == protocol.id,
                    ProtocolRow.version == protocol.version,
                    ProtocolRow.deleted_at.is_(None),
                )
                .values(
                    name=clean.name,
                    name_key=name_key(clean.name),
                    version=ProtocolRow.version + 1,
                    updated_at=_now(),
                    updated_by=self._audit.author.practitioner_id,
                )
                .returning(ProtocolRow.version)
            )
            if result.first() is None:
                raise self._why_not_saved(s, protocol.id)
            self._audit.append(
                s,
                Action.CHANGE,
                Kind.PROTOCOL,
                record_id=protocol.id,
                before={"name": protocol.name},
                after={"name": clean.name},
            )
        return replace(clean, version=protocol.version + 1)

    def delete(self, protocol_id: int) -> None:
        """Soft delete: hidden from the list, restorable."""
        self._set_deleted(protocol_id, _now())

    def restore(self, protocol_id: int) -> Protocol:
        self._set_deleted(protocol_id, None)
        return self.get(protocol_id)

    def _set_deleted(self, protocol_id: int, when: datetime | None) -> None:
        with self._sessions.begin() as s:
            row = s.get(ProtocolRow, protocol_id)
            if row is None:
                raise NotFoundError(f"protocol {protocol_id} does not exist")
            if when is None and row.deleted_at is not None:
                self._require_free_name(s, row.name, protocol_id)
            row.deleted_at = when
            row.version += 1
            row.updated_at = _now()
            row.updated_by = self._audit.author.practitioner_id
            action = Action.DELETE if when is not None else Action.RESTORE
            self._audit.append(
                s, action, Kind.PROTOCOL, record_id=protocol_id, before={"name": row.name}
            )

    @staticmethod
    def _require_free_name(s: Session, name: str, own_id: int | None) -> None:
        stmt = select(ProtocolRow.id).where(
            ProtocolRow.name_key == name_key(name), ProtocolRow.deleted_at.is_(None)
        )
        if own_id is not None:
            stmt = stmt.where(ProtocolRow.id != own_id)
        if s.execute(stmt.limit(1)).first() is not None:
            raise ValidationError.single("protocol.name", f"a protocol named {name!r} exists")

    @staticmethod
    def _why_not_saved(s: Session, protocol_id: int) -> Exception:
        row = s.get(ProtocolRow, protocol_id)
        if row is None or row.deleted_at is not None:
            return NotFoundError(f"protocol {protocol_id} does not exist")
        return ConflictError(
            f"protocol {row.name!r} was changed by someone else", current_version=row.version
        )
