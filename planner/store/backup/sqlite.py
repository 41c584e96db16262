"""SQLite: copies through the online backup API, checked before anything is replaced.

The backup API reads one snapshot through the WAL, so a copy made while the application (or
any other process) writes holds every commit up to a moment and nothing after it. A restore
writes into the live database the same way, as one transaction of it: a program that has the
database open sees the old contents or the new, and a power cut leaves one or the other.
(Renaming a file over a database another process has open would leave that process writing
to the old file, and a WAL file left beside it would be replayed onto the new one.)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from planner.store.backup import (
    NOTHING_CHANGED,
    REQUIRED_TABLES,
    BackupError,
    RestoreCancelled,
    Restored,
    aside_path,
    check_target,
    move_into_place,
    not_needleplan,
    older_revision,
    private_folder,
    private_temp,
    remove,
)
from planner.store.engine import BUSY_TIMEOUT_MS, _read_only_uri, sqlite_read_only
from planner.store.revision import SCHEMA_HEAD


@contextlib.contextmanager
def _connect(target: str | Path, *, uri: bool = False) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _source_uri(path: Path) -> str:
    """The live database, opened without ever creating it (mode=rw fails when it is gone)."""
    if sqlite_read_only(path):
        return _read_only_uri(path)
    return f"file:{quote(str(path.resolve()))}?mode=rw"


def _copy(source_uri: str, target: Path) -> None:
    """Copy the database at `source_uri` into the (new, empty, private) file `target` as one
    snapshot, as a self-contained file (rollback journal, no -wal beside it)."""
    with _connect(source_uri, uri=True) as src, _connect(target) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def _check(path: Path, source: Path) -> str:
    """The schema revision of the copy at `path` of `source`, once it passed SQLite's
    integrity check and holds Needleplan's tables; BackupError otherwise."""
    try:
        with _connect(path) as conn:
            problems = conn.execute("PRAGMA integrity_check").fetchall()
            if problems != [("ok",)]:
                raise BackupError(
                    f"{source} is damaged (SQLite's integrity check failed); {NOTHING_CHANGED}"
                )
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= REQUIRED_TABLES:
                raise not_needleplan(source, "SQLite database")
            versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is damaged ({exc}); {NOTHING_CHANGED}") from exc
    if len(versions) != 1 or not isinstance(versions[0][0], str):
        raise not_needleplan(source, "SQLite database")
    revision: str = versions[0][0]
    return revision


def backup_sqlite(db: Path, target: Path) -> str:
    if not db.is_file():
        raise BackupError(f"there is no database at {db}: nothing to back up")
    private_folder(target.parent)
    check_target(target)
    if target.exists() and os.path.samefile(target, db):
        raise BackupError(f"{target} is the database itself: write the backup to another file")
    temp = private_temp(target)
    try:
        try:
            _copy(_source_uri(db), temp)
        except sqlite3.Error as exc:
            raise BackupError(f"cannot read the database {db}: {exc}") from exc
        revision = _check(temp, db)
        move_into_place(temp, target)
    finally:
        remove(temp)
    return revision


def _upgrade(path: Path, source: Path, revision: str) -> None:
    """Upgrade the scratch copy `path` of `source` to SCHEMA_HEAD through the store's own
    migrations (one transaction; broken references refused)."""
    from sqlalchemy.exc import DBAPIError

    from planner.store.engine import create_database_engine, run_alembic

    engine = create_database_engine(f"sqlite:///{path}")
    try:
        run_alembic(engine, "upgrade", "head")
    except Exception as exc:
        reason = exc.orig if isinstance(exc, DBAPIError) else exc
        first = str(reason).splitlines()[0] if str(reason) else type(reason).__name__
        raise BackupError(
            f"{source} is at schema {revision} and could not be upgraded to {SCHEMA_HEAD}"
            f" ({first}); {NOTHING_CHANGED}"
        ) from exc
    finally:
        engine.dispose()
    with _connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")  # the engine left it in WAL mode


def _keep_aside(db: Path) -> Path:
    """A private consistent copy of the live database beside it; its path."""
    aside = aside_path(db.parent, db.name)
    temp = private_temp(aside)
    try:
        try:
            _copy(_source_uri(db), temp)
        except sqlite3.Error as exc:
            raise BackupError(
                f"cannot copy the current database {db} aside ({exc}); {NOTHING_CHANGED}"
            ) from exc
        move_into_place(temp, aside)
    finally:
        remove(temp)
    return aside


def _replace(db: Path, restored: Path) -> None:
    if db.is_file() and db.stat().st_size > 0:
        # Written into the live database as one of its transactions (see the module's note).
        try:
            with _connect(restored) as src, _connect(db) as dst:
                src.backup(dst)
        except sqlite3.Error as exc:
            raise BackupError(f"cannot write the database {db} ({exc}); {NOTHING_CHANGED}") from exc
        return
    move_into_place(restored, db)


def restore_sqlite(
    db: Path, source: Path, *, keep_aside: bool, confirm: Callable[[], bool] | None
) -> Restored:
    private_folder(db.parent)
    scratch = private_temp(db)
    try:
        try:
            _copy(_read_only_uri(source.resolve()), scratch)
        except sqlite3.Error as exc:
            raise BackupError(f"{source} is damaged ({exc}); {NOTHING_CHANGED}") from exc
        revision = _check(scratch, source)
        older = older_revision(source, revision)
        if older is not None:
            _upgrade(scratch, source, older)
        if confirm is not None and not confirm():
            raise RestoreCancelled(f"nothing was restored; {NOTHING_CHANGED}")
        aside = _keep_aside(db) if keep_aside and db.is_file() and db.stat().st_size else None
        _replace(db, scratch)
    finally:
        remove(scratch)
    return Restored(SCHEMA_HEAD, older, aside)
