"""Acting as the schema's owner for clinic-setup: the migrations run as the owner (so every
table is the owner's, and the owner's default privileges reach the practitioners' group),
and a practitioner's profile is added through the store as the owner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psycopg import sql

from planner.domain.practitioner import Practitioner
from planner.store.clinic_setup import ClinicSetupError
from planner.store.location import DatabaseError


def as_role(role: str) -> Callable[[Any, Any], None]:
    """A connect hook: every connection of the engine acts as `role` (SET ROLE, committed so
    the pool's rollback on return keeps it)."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cur:
            cur.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        dbapi_connection.commit()

    return on_connect


def _owner_engine(url: str, owner: str) -> Any:
    from sqlalchemy import event

    from planner.store.engine import create_database_engine

    engine = create_database_engine(url)
    event.listen(engine, "connect", as_role(owner))
    return engine


def upgrade_as_owner(url: str, owner: str) -> list[str]:
    from sqlalchemy.exc import DBAPIError

    from planner.store.engine import current_revision, upgrade_schema
    from planner.store.revision import SCHEMA_HEAD

    engine = _owner_engine(url, owner)
    try:
        revision = current_revision(engine)
        if revision == SCHEMA_HEAD:
            return []
        upgrade_schema(engine, url)
    except (DatabaseError, DBAPIError) as exc:
        cause = exc.orig if isinstance(exc, DBAPIError) else exc.__cause__ or exc
        cause = getattr(cause, "orig", cause)
        first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        raise ClinicSetupError(f"the schema upgrade as {owner} was refused ({first})") from None
    finally:
        engine.dispose()
    return [f"Upgraded the schema from {revision or 'none'} to {SCHEMA_HEAD}, as {owner}."]


def add_profile(url: str, owner: str, profile: Practitioner) -> list[str]:
    from planner.store.database import Store

    store = Store(_owner_engine(url, owner), url)
    try:
        if store.practitioners.for_role(profile.db_role) is not None:
            return []
        added = store.practitioners.add(profile)
    finally:
        store.close()
    return [f"Added practitioner profile {added.id}, bound to role {profile.db_role}."]
