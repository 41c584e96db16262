"""Backup and restore of the whole database, SQLite or PostgreSQL, for `needleplan backup`
and `needleplan restore`.

A backup is a consistent copy made while the application is open: SQLite's online backup
API (one snapshot read through the WAL), or `pg_dump --format=custom`, or where pg_dump is
missing Needleplan's own logical archive of PostgreSQL (planner.store.backup.archive,
.logical, .logical_restore: one snapshot's rows, restored in one transaction). A restore checks the
file first (that it is whole, that it is a Needleplan database, its schema version), upgrades
an older one, keeps the current database aside, then replaces it; any failure before the
replacement leaves the current database as it was. Messages name files and schema versions,
never a row's values.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from planner.store.location import DatabaseError
from planner.store.revision import SCHEMA_HEAD

__all__ = ["BackupError", "RestoreCancelled", "Restored", "backup", "restore"]

SQLITE_HEADER = b"SQLite format 3\x00"
PG_ARCHIVE_HEADER = b"PGDMP"
GZIP_HEADER = b"\x1f\x8b"  # a logical archive (planner.store.backup.archive) is gzip'd
# What makes a file a Needleplan database: Alembic's version table and the patients.
REQUIRED_TABLES = frozenset({"alembic_version", "patients"})
NOTHING_CHANGED = "nothing was changed"


class BackupError(DatabaseError):
    """A backup or restore that cannot be done; the database is as it was."""


class RestoreCancelled(DatabaseError):
    """The person asked declined: nothing was restored."""


@dataclass(frozen=True)
class Restored:
    """What a restore did: the schema it ended at, the one it was upgraded from (None when
    the file was current) and where the database it replaced was kept (None: none was)."""

    revision: str
    upgraded_from: str | None
    kept_aside: Path | None


def backup(url: str, target: Path) -> str:
    """Write a consistent copy of the database at `url` to `target`, whole or not at all;
    the copy's schema revision. BackupError when it cannot be made."""
    target = Path(target)
    backend, sqlite_file = _backend(url)
    if backend == "sqlite":
        from planner.store.backup.sqlite import backup_sqlite

        assert sqlite_file is not None
        return backup_sqlite(sqlite_file, target)
    from planner.store.backup.postgres import backup_postgres

    return backup_postgres(url, target)


def restore(
    url: str,
    source: Path,
    *,
    keep_aside: bool = True,
    confirm: Callable[[], bool] | None = None,
) -> Restored:
    """Replace the database at `url` with the backup `source`.

    `source` is checked first; `confirm` (when given) is asked once it passed, before
    anything is changed, and RestoreCancelled is raised if it says no. With `keep_aside`
    the current database is copied aside first (a SQLite file beside it; beside `source`, a
    pg_dump archive, or without pg_dump a logical archive). BackupError for a file that
    cannot be restored: nothing is changed.
    """
    source = Path(source)
    backend, sqlite_file = _backend(url)
    header = _read_header(source)
    logical = header.startswith(GZIP_HEADER) and _is_logical(source)
    if backend == "sqlite":
        if header.startswith(PG_ARCHIVE_HEADER) or logical:
            raise BackupError(
                f"{source} is a PostgreSQL backup: it can be restored only into a PostgreSQL"
                f" database; {NOTHING_CHANGED}"
            )
        if header != SQLITE_HEADER:
            raise not_a_backup(source)
        from planner.store.backup.sqlite import restore_sqlite

        assert sqlite_file is not None
        return restore_sqlite(sqlite_file, source, keep_aside=keep_aside, confirm=confirm)
    if header == SQLITE_HEADER:
        raise BackupError(
            f"{source} is a SQLite backup: it can be restored only into a SQLite database;"
            f" {NOTHING_CHANGED}"
        )
    if logical:
        from planner.store.backup.logical_restore import restore_logical

        return restore_logical(url, source, keep_aside=keep_aside, confirm=confirm)
    if not header.startswith(PG_ARCHIVE_HEADER):
        raise not_a_backup(source)
    from planner.store.backup.postgres import restore_postgres

    return restore_postgres(url, source, keep_aside=keep_aside, confirm=confirm)


def _is_logical(source: Path) -> bool:
    from planner.store.backup.archive import looks_like_archive

    return looks_like_archive(source)


def _backend(url: str) -> tuple[str, Path | None]:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BackupError(f"database URL {url!r} is not valid: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise BackupError("an in-memory database cannot be backed up or restored")
        return backend, Path(parsed.database or "")
    if backend != "postgresql":
        raise BackupError(f"database URL: {backend!r} is not supported (sqlite or postgresql)")
    return backend, None


def _read_header(source: Path) -> bytes:
    try:
        mode = source.stat().st_mode
    except FileNotFoundError:
        raise BackupError(f"{source}: no such file; {NOTHING_CHANGED}") from None
    if not stat.S_ISREG(mode):
        raise BackupError(f"{source} is not a regular file; {NOTHING_CHANGED}")
    with open(source, "rb") as fh:
        return fh.read(len(SQLITE_HEADER))


def not_a_backup(source: Path) -> BackupError:
    return BackupError(
        f"{source} is not a Needleplan backup (neither a SQLite database nor a PostgreSQL"
        f" archive); {NOTHING_CHANGED}"
    )


def not_needleplan(source: Path, kind: str) -> BackupError:
    return BackupError(
        f"{source} is a {kind} but not a Needleplan database (no patients table or schema"
        f" version); {NOTHING_CHANGED}"
    )


def older_revision(source: Path, revision: str) -> str | None:
    """`revision` when the backup is older than SCHEMA_HEAD and needs an upgrade, None when
    it is current; BackupError for a newer or unknown schema."""
    if revision == SCHEMA_HEAD:
        return None
    if is_known_revision(revision):
        return revision
    shown = revision if len(revision) <= 32 and revision.isprintable() else "unknown"
    if revision.isdigit() and SCHEMA_HEAD.isdigit() and int(revision) > int(SCHEMA_HEAD):
        made_by = "a newer Needleplan"
    else:
        made_by = "a newer or different Needleplan"
    raise BackupError(
        f"{source} was made by {made_by} (schema {shown}; this version reads up to"
        f" {SCHEMA_HEAD}): update Needleplan to restore it; {NOTHING_CHANGED}"
    )


def is_known_revision(revision: str) -> bool:
    """True for a schema revision this version's migrations know (SCHEMA_HEAD or older)."""
    if revision == SCHEMA_HEAD:
        return True
    from alembic.script import ScriptDirectory

    from planner.store.engine import MIGRATIONS

    scripts = ScriptDirectory(str(MIGRATIONS)).walk_revisions()
    return revision in {script.revision for script in scripts}


# Files: private, made beside their target, on disk before they are renamed into place.


def private_folder(folder: Path) -> Path:
    """`folder`, made 0700 (each missing part) when it does not exist."""
    missing: list[Path] = []
    probe = folder if str(folder) else Path(".")
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):
            part.mkdir(mode=0o700)
    return folder


def check_target(target: Path) -> None:
    """BackupError unless `target` is a regular file or nothing."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
    raise BackupError(f"{target} is {what}: a backup is written only as a regular file")


def private_temp(beside: Path) -> Path:
    """A new empty 0600 file in `beside`'s folder, named as planner.casefile.atomic names
    its temporary files (so a killed run's leftover is recognised and removed)."""
    fd, name = tempfile.mkstemp(
        dir=beside.parent, prefix=f".{beside.name}.needleplan-{os.getpid()}-", suffix=".tmp"
    )
    os.close(fd)
    return Path(name)


def remove(path: Path) -> None:
    """`path` and the journal files SQLite may have left beside it, if any."""
    for leftover in (path, *(path.with_name(path.name + x) for x in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            leftover.unlink()


def sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """The rename just made survives a power cut (best effort: not every system can)."""
    with contextlib.suppress(OSError):
        sync_file(folder if str(folder) else Path("."))


def move_into_place(temp: Path, target: Path) -> None:
    sync_file(temp)
    check_target(target)  # a folder or link made meanwhile is not replaced either
    os.replace(temp, target)
    sync_folder(target.parent)


def aside_path(folder: Path, stem: str, suffix: str = "") -> Path:
    """`<stem>.before-restore-<YYYYmmdd-HHMMSS><suffix>` in `folder`, not yet taken."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}.before-restore-{stamp}{suffix}"
    number = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}.before-restore-{stamp}-{number}{suffix}"
        number += 1
    return candidate
