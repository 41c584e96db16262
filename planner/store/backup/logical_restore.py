"""Restoring Needleplan's logical archive of PostgreSQL (planner.store.backup.archive).

The whole archive is checked first, the current database kept aside, then in one
transaction our tables are emptied (one TRUNCATE: it fires no row triggers, so the audit
trail's guard allows it), the archive's rows copied in and the sequences set where they
stood; any failure rolls all of it back. An archive of an older schema is loaded into a
scratch schema at its own revision inside that transaction, upgraded there by the
migrations, then copied across, so the live tables (their grants, triggers and owner) are
never dropped.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from planner.store.backup import (
    NOTHING_CHANGED,
    BackupError,
    RestoreCancelled,
    Restored,
    is_known_revision,
    not_needleplan,
    older_revision,
)
from planner.store.backup.archive import Contents, Section, Sequence, Sink, read_archive
from planner.store.backup.pg_tables import (
    driver,
    our_tables,
    problem,
    run,
    session_schema,
    stored_revision,
    table_shapes,
)
from planner.store.engine import MIGRATIONS, create_database_engine
from planner.store.location import DatabaseError, describe
from planner.store.revision import SCHEMA_HEAD

LOCK_TIMEOUT = "30s"  # how long a restore waits for the application's open transactions
RESTORING = "needleplan.restoring"  # set for the restore's transaction, for triggers to see


def restore_logical(
    url: str, source: Path, *, keep_aside: bool, confirm: Callable[[], bool] | None
) -> Restored:
    where = describe(url)
    contents = read_archive(source)  # the whole file, checked, before anything is done
    if "patients" not in contents.rows():
        raise not_needleplan(source, "Needleplan archive")
    older = older_revision(source, contents.revision)
    if older is None:
        _check_tables(source, contents)
    engine = create_database_engine(url)
    try:
        live = _live_revision(engine, where)
        if confirm is not None and not confirm():
            raise RestoreCancelled(f"nothing was restored; {NOTHING_CHANGED}")
        aside = None
        if keep_aside and live is not None:
            from planner.store.backup.postgres import keep_current_aside

            aside = keep_current_aside(url, source.resolve().parent)
        try:
            _load(engine, source, contents, live)
        except (DBAPIError, psycopg.Error, DatabaseError) as exc:
            if isinstance(exc, BackupError):
                raise
            orig = exc.orig if isinstance(exc, DBAPIError) else exc
            if isinstance(orig, psycopg.errors.LockNotAvailable):
                raise BackupError(
                    f"{where} is in use: a transaction held its tables for more than"
                    f" {LOCK_TIMEOUT}; {NOTHING_CHANGED}, try again when it has finished"
                ) from exc
            raise BackupError(
                f"could not restore {source} into {where} ({problem(exc)}); {NOTHING_CHANGED}"
            ) from exc
    finally:
        engine.dispose()
    return Restored(SCHEMA_HEAD, older, aside)


def _check_tables(source: Path, contents: Contents) -> None:
    """An archive at our schema holds only our tables and columns."""
    from planner.store.tables import Base

    for section in contents.sections:
        table = Base.metadata.tables.get(section.table)
        if table is None or not set(section.columns) <= set(table.columns.keys()):
            raise BackupError(
                f"{source} holds a table or column this version of Needleplan does not have"
                f" at schema {contents.revision} ({section.table}); {NOTHING_CHANGED}"
            )


def _live_revision(engine: Engine, where: str) -> str | None:
    try:
        with engine.connect() as conn:
            revision = stored_revision(conn, session_schema(conn))
    except DBAPIError as exc:
        raise BackupError(f"cannot read {where} ({problem(exc)}); {NOTHING_CHANGED}") from exc
    if revision is not None and not is_known_revision(revision):
        raise BackupError(
            f"{where} was written by a newer Needleplan (schema {revision[:32]}; this version"
            f" knows up to {SCHEMA_HEAD}): restore with that version; {NOTHING_CHANGED}"
        )
    return revision


def _migrate(conn: Connection, revision: str) -> None:
    """Alembic's upgrade to `revision` inside this connection's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def _load(engine: Engine, source: Path, contents: Contents, live: str | None) -> None:
    with engine.connect() as conn, conn.begin():
        schema = session_schema(conn, lock_timeout=LOCK_TIMEOUT, **{RESTORING: "on"})
        if live != SCHEMA_HEAD:
            _migrate(conn, "head")  # a new database gets our tables; an older one, upgraded
        ours = our_tables(table_shapes(conn, schema))
        if contents.revision == SCHEMA_HEAD:
            _truncate(conn, schema, ours)
            read_archive(source, _copy_in(conn, schema))
        else:
            _through_scratch(conn, source, contents, schema, ours)
        _set_sequences(conn, schema, ours, contents.sequences)


def _truncate(conn: Connection, schema: str, tables: list[str]) -> None:
    if tables:
        names = sql.SQL(", ").join(sql.Identifier(schema, t) for t in tables)
        run(conn, sql.SQL("TRUNCATE TABLE {}").format(names))


def _copy_in(conn: Connection, schema: str) -> Sink:
    @contextlib.contextmanager
    def sink(section: Section) -> Iterator[Callable[[bytes], object]]:
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in section.columns)
        query = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(schema, section.table), columns
        )
        with driver(conn).cursor() as cur, cur.copy(query) as copy:
            yield copy.write

    return sink


def _through_scratch(
    conn: Connection, source: Path, contents: Contents, schema: str, ours: list[str]
) -> None:
    """Load the older archive into a scratch schema at its revision, upgrade it there, then
    replace our tables' rows with it; the scratch schema goes with the transaction's end."""
    path = conn.execute(text("SELECT current_setting('search_path')")).scalar_one()
    scratch = f"needleplan_restore_{os.getpid()}_{secrets.token_hex(4)}"
    run(conn, sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(scratch)))
    search = sql.Identifier(scratch).as_string(None)
    conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": search})
    _migrate(conn, contents.revision)
    read_archive(source, _copy_in(conn, scratch))
    _migrate(conn, "head")
    conn.execute(text("SELECT set_config('search_path', :p, true)"), {"p": path})
    upgraded = table_shapes(conn, scratch)
    live = table_shapes(conn, schema)
    _truncate(conn, schema, ours)
    for table in ours:
        if table not in upgraded:
            continue
        columns = [c for c in live[table].columns if c in upgraded[table].columns]
        names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        run(
            conn,
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(
                sql.Identifier(schema, table), names, names, sql.Identifier(scratch, table)
            ),
        )
    run(conn, sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(scratch)))


def _set_sequences(
    conn: Connection, schema: str, tables: list[str], positions: list[Sequence]
) -> None:
    """Each sequence where the archive says it stood, and in any case past the ids its
    table holds now (a table an upgrade filled has no archived position)."""
    archived = {(p.table, p.column): p for p in positions}
    shapes = table_shapes(conn, schema)
    for table in tables:
        for column, serial in shapes[table].serials:
            position = archived.get((table, column))
            if position is not None:
                conn.execute(
                    text("SELECT setval(CAST(:s AS regclass), :v, :c)"),
                    {"s": serial, "v": position.last_value, "c": position.is_called},
                )
            query = sql.SQL("SELECT max({}) FROM {}")
            top = run(
                conn, query.format(sql.Identifier(column), sql.Identifier(schema, table))
            ).scalar()
            last, called = conn.exec_driver_sql(f"SELECT last_value, is_called FROM {serial}").one()
            following = int(last) + 1 if called else int(last)
            if top is not None and int(top) >= following:
                conn.execute(
                    text("SELECT setval(CAST(:s AS regclass), :v, true)"),
                    {"s": serial, "v": int(top)},
                )
