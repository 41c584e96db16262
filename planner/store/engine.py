"""Opening a database: URL resolution, SQLite hardening, schema upgrade on open."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from planner.store.location import DatabaseError, describe
from planner.store.revision import SCHEMA_HEAD

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# How long a SQLite connection waits for another writer before giving up (a 10k-case import
# holds the write lock for seconds): long enough that writers queue, short enough to report.
BUSY_TIMEOUT_MS = 30_000

# Execution option that makes a transaction a writer's (BEGIN IMMEDIATE on SQLite); the store's
# sessionmaker sets it for every `sessions.begin()` block (planner.store.database).
WRITE = "needleplan_write"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def sqlite_read_only(path: Path) -> bool:
    """An existing database file this process cannot write, or in a folder it cannot write
    (a WAL database writes its -wal and -shm files beside it): it opens read-only."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file owner-only before SQLite does, so patient data is never world-readable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the folder {path.parent} for the database: {exc.strerror or exc}"
        ) from exc
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the database {path.name} in the folder {path.parent}:"
            f" {exc.strerror or exc}"
        ) from exc


def _read_only_uri(path: Path) -> str:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if not os.access(path.parent, os.W_OK) and not path.with_name(path.name + "-wal").exists():
        # In a folder nobody can write (a read-only mount) SQLite cannot create the -shm file
        # a WAL database needs to be read; with no -wal file there is nothing it would add.
        uri += "&immutable=1"
    return uri


def _sqlite_connect_hook(read_only: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy's "begin" event issues BEGIN itself (_on_sqlite_begin): with the driver's
        # own transaction handling, DDL ran outside any transaction, so a kill in the middle of
        # an upgrade left it half applied.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def _on_sqlite_begin(conn: Connection) -> None:
    """BEGIN IMMEDIATE for a write transaction: it waits (busy timeout) for the write lock up
    front, instead of failing half-way when a read turns into a write while another writes."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def _on_error(ctx: ExceptionContext) -> BaseException | None:
    """The faults a person can act on become one clear DatabaseError (no SQL, no values)."""
    if ctx.is_pre_ping:
        return None  # the pool's ping decides whether to reconnect
    message = str(ctx.original_exception).lower()
    kind = type(ctx.original_exception).__name__
    where = describe(str(ctx.engine.url)) if ctx.engine is not None else "the database"
    if "database is locked" in message or "database table is locked" in message:
        return DatabaseError(
            f"{where} is busy: another program kept it locked for more than"
            f" {BUSY_TIMEOUT_MS / 1000:g} s; nothing was changed, try again when it has finished"
        )
    if "readonly database" in message:
        return DatabaseError(
            f"{where} is read-only here: it can be read but not changed;"
            " open it with write access to change it"
        )
    if kind == "QueryCanceled":
        return DatabaseError(f"{where}: the query took too long and was stopped")
    if ctx.is_disconnect and ctx.engine is not None and ctx.engine.dialect.name != "sqlite":
        return DatabaseError(f"lost the connection to {where}: try again")
    return None


def create_database_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"database URL {url!r} is not valid: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseError(f"database URL: {backend!r} is not supported (sqlite or postgresql)")
    sqlite_file = _sqlite_file(url)
    read_only = sqlite_file is not None and sqlite_read_only(sqlite_file)
    options: dict[str, Any] = {"pool_pre_ping": backend == "postgresql", "hide_parameters": True}
    if sqlite_file is not None and read_only:
        import sqlite3

        uri = _read_only_uri(sqlite_file)
        options["creator"] = lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    elif sqlite_file is not None:
        _prepare_sqlite_file(sqlite_file)
    engine = create_engine(url, **options)
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_connect_hook(read_only))
        event.listen(engine, "begin", _on_sqlite_begin)
    event.listen(engine, "handle_error", _on_error)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_schema(engine: Engine, url: str) -> None:
    """Bring the schema to SCHEMA_HEAD, all or nothing; a SQLite file with data is copied aside
    first, and one left half-upgraded (by a version that did not upgrade in one transaction)
    is restored from that copy and upgraded again."""
    try:
        revision = current_revision(engine)
    except (DBAPIError, DatabaseError) as exc:
        if _insufficient_privilege(exc):
            raise DatabaseError(
                "cannot open the database: this account may not read Needleplan's tables;"
                " ask your administrator to add it with"
                " `needleplan clinic-setup --add-practitioner ROLE`"
            ) from exc
        reason = exc.orig if isinstance(exc, DBAPIError) else exc
        raise DatabaseError(f"cannot open the database: {reason}") from exc
    if revision == SCHEMA_HEAD:
        return
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None and sqlite_read_only(sqlite_file):
        raise DatabaseError(
            f"the database {sqlite_file} is read-only here and was written by an older version:"
            f" it must be upgraded (schema {revision or 'none'} to {SCHEMA_HEAD}) before this"
            " version can read it; open it once with write access"
        )
    if revision is None or sqlite_file is None:
        try:
            run_alembic(engine, "upgrade", "head")
        except DBAPIError as exc:
            if not _insufficient_privilege(exc):
                raise
            # A practitioner's role on a clinic's database may not change the schema.
            raise DatabaseError(
                f"the database needs an upgrade (schema {revision or 'none'} to {SCHEMA_HEAD})"
                " that this account may not make: ask your administrator to run"
                " `needleplan clinic-setup` (upgrades as the owner)"
            ) from exc
        return
    backup = sqlite_file.with_name(f"{sqlite_file.stem}.before-{SCHEMA_HEAD}.bak")
    # Copied beside the backup first: an earlier copy stays until this upgrade succeeds, as it
    # may be the only good copy of a database an interrupted upgrade broke.
    fresh = backup.with_name(backup.name + ".new")
    try:
        _copy_sqlite(sqlite_file, fresh)
    except Exception as exc:  # sqlite3.Error, OSError: no copy, so no upgrade
        raise DatabaseError(
            f"cannot copy the database to {backup} before upgrading it: {exc}"
        ) from exc
    try:
        run_alembic(engine, "upgrade", "head")
    except Exception as exc:
        fresh.unlink(missing_ok=True)  # the database is as it was: the upgrade rolled back
        if not _restore_half_upgraded(engine, sqlite_file, backup, revision):
            raise _half_upgraded_error(sqlite_file, backup, revision, exc) from exc
        return
    os.replace(fresh, backup)


def _insufficient_privilege(exc: Exception) -> bool:
    """PostgreSQL refused for want of a privilege (SQLSTATE 42501)."""
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) == "42501"


def _half_upgraded_error(
    sqlite_file: Path, backup: Path, revision: str, exc: Exception
) -> DatabaseError:
    reason = exc.orig if isinstance(exc, DBAPIError) else exc
    message = (
        f"cannot upgrade the database {sqlite_file} from schema {revision} to {SCHEMA_HEAD}"
        f" ({reason}); nothing was changed. An earlier upgrade may have been interrupted."
    )
    if backup.is_file():
        return DatabaseError(
            f"{message}\nThe copy made before upgrading is {backup}. To go back to it, close"
            f" Needleplan, move {sqlite_file.name} (and any {sqlite_file.name}-wal and"
            f" {sqlite_file.name}-shm) aside, and copy {backup.name} to {sqlite_file.name}."
        )
    return DatabaseError(f"{message}\nNo copy made before upgrading was found ({backup}).")


def _table_counts(conn: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _restore_half_upgraded(engine: Engine, sqlite_file: Path, backup: Path, revision: str) -> bool:
    """Put back the copy made before an interrupted upgrade, if it is provably that database.

    A half-upgraded file opens nowhere, so nothing was written to it since the copy: the copy
    is taken only if it is at the same revision with the same number of rows in every table,
    and only once a scratch copy of it has upgraded cleanly. The broken file is kept aside.
    """
    import sqlite3

    if not backup.is_file():
        return False
    scratch = sqlite_file.with_name(f"{sqlite_file.stem}.recovering.tmp")
    try:
        _copy_sqlite(backup, scratch)
        with (
            contextlib.closing(sqlite3.connect(scratch)) as copy,
            contextlib.closing(
                sqlite3.connect(f"file:{quote(str(sqlite_file.resolve()))}?mode=ro", uri=True)
            ) as live,
        ):
            copy_revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()
            if copy_revision != (revision,):
                return False
            live_counts, copy_counts = _table_counts(live), _table_counts(copy)
            if any(copy_counts.get(t) != n for t, n in live_counts.items() if t in copy_counts):
                return False
        scratch_engine = create_database_engine(f"sqlite:///{scratch}")
        try:
            run_alembic(scratch_engine, "upgrade", "head")
        finally:
            scratch_engine.dispose()
        _copy_sqlite(sqlite_file, sqlite_file.with_name(f"{sqlite_file.stem}.half-upgraded.bak"))
        engine.dispose()
        with (
            contextlib.closing(sqlite3.connect(scratch)) as source,
            contextlib.closing(sqlite3.connect(sqlite_file)) as target,
        ):
            source.backup(target)
        return True
    except Exception:  # any doubt: leave the file as it is and say how to restore by hand
        return False
    finally:
        for leftover in (scratch, *(scratch.with_name(scratch.name + x) for x in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


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
    # One transaction for the whole upgrade, DDL included (SQLite: BEGIN IMMEDIATE from
    # _on_sqlite_begin; PostgreSQL's DDL is transactional): a kill at any point leaves the
    # database at its old revision, unchanged.
    with engine.connect().execution_options(**{WRITE: True}) as conn:
        if sqlite:
            # A batch migration copies a table and drops the old one; with foreign keys on,
            # that drop would cascade to (delete) the rows that point at it. The pragma only
            # takes effect outside a transaction, so it is set on the driver's connection
            # (in autocommit) before the migration's own transaction begins.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
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
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
