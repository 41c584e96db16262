"""Our tables as a PostgreSQL database holds them, for the logical archive's backup and
restore: their columns, keys and sequences, the session both run with, statements made of
identifiers, and the database's problems in one line without values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from planner.store.backup import BackupError
from planner.store.backup.archive import SETTINGS

# Each ordinary table's columns in order (generated ones are computed, not copied), whether
# a column is in the primary key, and the sequence that gives it values.
_COLUMNS = """
SELECT c.relname, a.attname, coalesce(a.attnum = ANY(i.indkey), false),
       pg_get_serial_sequence(c.oid::regclass::text, a.attname)
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE c.relnamespace = CAST(:schema AS regnamespace) AND c.relkind = 'r'
  AND a.attgenerated = ''
ORDER BY c.relname, a.attnum
"""


@dataclass
class Shape:
    """A table as the database holds it."""

    columns: list[str]
    key: list[str]
    serials: list[tuple[str, str]]  # (column, its sequence's qualified name)


def problem(exc: BaseException) -> str:
    """The database's one line about `exc`: psycopg's primary message (its DETAIL and
    CONTEXT lines quote rows), any quoted value in it masked."""
    from planner.store.backup.postgres import mask_values

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, psycopg.Error) and orig.diag.message_primary:
        return mask_values(orig.diag.message_primary)
    first = str(orig).splitlines()[0] if str(orig) else type(orig).__name__
    return mask_values(first)


def driver(conn: Connection) -> psycopg.Connection[Any]:
    return cast("psycopg.Connection[Any]", conn.connection.driver_connection)


def session_schema(conn: Connection, **extra: str) -> str:
    """This transaction's session settings (archive.SETTINGS, then `extra`); the schema."""
    for name, value in {**SETTINGS, **extra}.items():
        conn.execute(text("SELECT set_config(:n, :v, true)"), {"n": name, "v": value})
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    if not isinstance(schema, str):
        raise BackupError("the database has no schema to hold Needleplan's tables (search_path)")
    return schema


def stored_revision(conn: Connection, schema: str) -> str | None:
    found = conn.execute(
        text("SELECT to_regclass(format('%I.alembic_version', CAST(:s AS text)))"), {"s": schema}
    ).scalar()
    if found is None:
        return None
    table = sql.Identifier(schema, "alembic_version")
    version = run(conn, sql.SQL("SELECT version_num FROM {}").format(table)).scalar()
    return version if isinstance(version, str) else None


def run(conn: Connection, query: sql.Composable) -> Any:
    """Run a statement composed of identifiers (never values), as the driver's own SQL."""
    return conn.exec_driver_sql(query.as_string(None))


def table_shapes(conn: Connection, schema: str) -> dict[str, Shape]:
    shapes: dict[str, Shape] = {}
    for table, column, in_key, serial in conn.execute(text(_COLUMNS), {"schema": schema}):
        shape = shapes.setdefault(table, Shape([], [], []))
        shape.columns.append(column)
        if in_key:
            shape.key.append(column)
        if serial:
            shape.serials.append((column, serial))
    return shapes


def our_tables(shapes: dict[str, Shape]) -> list[str]:
    """Our tables the database holds, parents before children (Base.metadata decides which
    and in what order, so a table a migration adds is backed up without a change here)."""
    from planner.store.tables import Base

    return [t.name for t in Base.metadata.sorted_tables if t.name in shapes]
