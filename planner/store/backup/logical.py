"""PostgreSQL without pg_dump: Needleplan's logical archive (planner.store.backup.archive),
written from one snapshot.

Every table of ours is read in one REPEATABLE READ, READ ONLY transaction, so the archive is
consistent while the application writes; the sequences' positions go in its trailer.
Restoring it: planner.store.backup.logical_restore.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from planner.store.backup import (
    BackupError,
    check_target,
    is_known_revision,
    move_into_place,
    private_folder,
    private_temp,
    remove,
)
from planner.store.backup.archive import ArchiveWriter, Sequence
from planner.store.backup.pg_tables import (
    Shape,
    driver,
    our_tables,
    problem,
    session_schema,
    stored_revision,
    table_shapes,
)
from planner.store.engine import create_database_engine
from planner.store.location import describe
from planner.store.revision import SCHEMA_HEAD


def backup_logical(url: str, target: Path) -> str:
    """Write the logical archive of the database at `url` to `target` (0600, whole or not
    at all); its schema revision."""
    where = describe(url)
    private_folder(target.parent)
    check_target(target)
    engine = create_database_engine(url)
    temp = private_temp(target)
    try:
        try:
            revision = _write(engine, temp, where)
        except (DBAPIError, psycopg.Error) as exc:
            raise BackupError(f"reading {where} for a backup failed: {problem(exc)}") from exc
        move_into_place(temp, target)
    finally:
        remove(temp)
        engine.dispose()
    return revision


def _write(engine: Engine, temp: Path, where: str) -> str:
    with engine.connect() as conn:
        conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # one snapshot: every table as of the same moment
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            # A row-security policy would hide rows silently: fail instead, as pg_dump does.
            schema = session_schema(conn, row_security="off")
            revision = stored_revision(conn, schema)
            if revision is None:
                raise BackupError(f"{where} holds no Needleplan database: nothing to back up")
            if not is_known_revision(revision):
                raise BackupError(
                    f"{where} was written by a newer Needleplan (schema {revision[:32]}; this"
                    f" version knows up to {SCHEMA_HEAD}): back it up with that version or"
                    " with pg_dump"
                )
            shapes = table_shapes(conn, schema)
            tables = our_tables(shapes)
            made_at = datetime.now(UTC).isoformat(timespec="seconds")
            with open(temp, "wb") as fh:
                writer = ArchiveWriter(fh, revision, made_at)
                for table in tables:
                    _copy_out(conn, writer, schema, table, shapes[table])
                writer.finish(_positions(conn, tables, shapes))
    return revision


def _copy_out(
    conn: Connection, writer: ArchiveWriter, schema: str, table: str, shape: Shape
) -> None:
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in shape.columns)
    order = sql.SQL(", ").join(sql.Identifier(c) for c in shape.key or shape.columns[:1])
    query = sql.SQL("COPY (SELECT {} FROM {} ORDER BY {}) TO STDOUT").format(
        columns, sql.Identifier(schema, table), order
    )
    with (
        driver(conn).cursor() as cur,
        cur.copy(query) as copy,
        writer.section(table, tuple(shape.columns)) as add,
    ):
        for data in copy:
            add(bytes(data))


def _positions(conn: Connection, tables: list[str], shapes: dict[str, Shape]) -> list[Sequence]:
    positions = []
    for table in tables:
        for column, serial in shapes[table].serials:
            # The sequence's name comes from the catalog, quoted by it.
            last, called = conn.exec_driver_sql(f"SELECT last_value, is_called FROM {serial}").one()
            positions.append(Sequence(table, column, int(last), bool(called)))
    return positions
