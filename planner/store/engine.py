"""Opening a database: URL resolution, SQLite hardening, schema upgrade on open."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from planner.store.location import DatabaseError
from planner.store.revision import SCHEMA_HEAD

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file owner-only before SQLite does, so patient data is never world-readable."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_database_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"database URL {url!r} is not valid: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseError(f"database URL: {backend!r} is not supported (sqlite or postgresql)")
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None:
        _prepare_sqlite_file(sqlite_file)
    engine = create_engine(url, pool_pre_ping=backend == "postgresql", hide_parameters=True)
    if backend == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_schema(engine: Engine, url: str) -> None:
    """Bring the schema to SCHEMA_HEAD; a SQLite file with data is copied aside first."""
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        raise DatabaseError(f"cannot open the database: {exc.orig}") from exc
    if revision == SCHEMA_HEAD:
        return
    sqlite_file = _sqlite_file(url)
    if revision is not None and sqlite_file is not None:
        backup = sqlite_file.with_name(f"{sqlite_file.stem}.before-{SCHEMA_HEAD}.bak")
        try:
            _copy_sqlite(sqlite_file, backup)
        except Exception as exc:  # sqlite3.Error, OSError: no copy, so no upgrade
            raise DatabaseError(
                f"cannot copy the database to {backup} before upgrading it: {exc}"
            ) from exc
    run_alembic(engine, "upgrade", "head")


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent 0600 copy of a live SQLite database, WAL included, or an error.

    SQLite's backup API reads one snapshot through the WAL: copying the main file after a
    checkpoint misses (or tears) commits a checkpoint could not move while someone reads.
    The copy is made beside the target and renamed, so an earlier backup is never half-replaced.
    """
    import sqlite3

    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _prepare_sqlite_file(partial)
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def run_alembic(engine: Engine, command_name: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # A batch migration copies a table and drops the old one; with foreign keys on,
            # that drop would cascade to (delete) the rows that point at it. The pragma only
            # takes effect outside a transaction, so it is set before the migration's own.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()  # ends SQLAlchemy's autobegun (empty) transaction
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                getattr(command, command_name)(config, revision)
                if sqlite:
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise DatabaseError(f"migration left broken references: {problems[:3]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
