"""PostgreSQL: `pg_dump --format=custom` archives, restored through psql in one transaction.

pg_dump reads one snapshot, so a backup made while the application writes is consistent.
A restore checks the archive with `pg_restore --list` (a custom archive holding Needleplan's
tables, its schema version), keeps the current database aside with pg_dump, then feeds
`pg_restore --clean --if-exists --no-owner`'s script to psql inside one transaction that
first drops Needleplan's current tables: it commits only once pg_restore has written the
whole archive, so a damaged archive or a failed statement leaves the database as it was
(pg_restore --single-transaction alone would keep tables a newer schema added).

The password travels in PGPASSWORD, never on a command line; tool errors are reported by
their first line, values in quotes masked.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

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
from planner.store.engine import create_database_engine, current_revision, upgrade_schema
from planner.store.location import DatabaseError, describe
from planner.store.revision import SCHEMA_HEAD

# Debian keeps each major version's programs here; /usr/bin holds only the wrappers, which
# a system without postgresql-client-common may lack.
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
LOCK_TIMEOUT = "30s"  # how long a restore waits for the application's open transactions
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.MULTILINE)
_QUOTED_VALUE = re.compile(r'(:\s*)"[^"]*"')


def find_tool(name: str) -> str | None:
    """The program `name` on PATH, else in the newest of Debian's PostgreSQL folders."""
    found = shutil.which(name)
    if found:
        return found

    def major(folder: str) -> int:
        version = Path(folder).parent.name
        return int(version) if version.isdigit() else 0

    for folder in sorted(glob.glob(PG_BIN_GLOB), key=major, reverse=True):
        candidate = Path(folder) / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _require(name: str, doing: str) -> str:
    found = find_tool(name)
    if found is None:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client programs (Debian:"
            f" postgresql-client) to {doing} a PostgreSQL database; {NOTHING_CHANGED}"
        )
    return found


def _connection(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (for --dbname) and the environment carrying it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    # URL.set(password=None) would keep the password: None there means "unchanged".
    uri = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return uri.render_as_string(hide_password=False), env


def _problem(stderr: str) -> str:
    """The first error line a PostgreSQL program printed, without values in quotes."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    first = next((x for x in lines if "error" in x.lower() or "fatal" in x.lower()), None)
    return mask_values(first or (lines[0] if lines else "no message"))


def mask_values(line: str) -> str:
    """`line` with the values PostgreSQL quotes after a colon masked, at most 300 characters."""
    return _QUOTED_VALUE.sub(r'\1"…"', line)[:300]


def _run(args: list[str], env: dict[str, str], doing: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{doing} failed: {_problem(done.stderr)}")
    return done.stdout


def _dump(url: str, target: Path, doing: str) -> None:
    """pg_dump the database at `url` into `target`, whole or not at all (0600)."""
    pg_dump = _require("pg_dump", "back up")
    uri, env = _connection(url)
    private_folder(target.parent)
    check_target(target)
    temp = private_temp(target)
    try:
        _run(
            [pg_dump, "--format=custom", "--no-password", f"--file={temp}", f"--dbname={uri}"],
            env,
            doing,
        )
        move_into_place(temp, target)
    finally:
        remove(temp)


def backup_postgres(url: str, target: Path) -> str:
    """pg_dump's custom archive; without pg_dump, Needleplan's logical archive."""
    if find_tool("pg_dump") is None:
        from planner.store.backup.logical import backup_logical

        return backup_logical(url, target)
    where = describe(url)
    engine = create_database_engine(url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    if revision is None:
        raise BackupError(f"{where} holds no Needleplan database: nothing to back up")
    _dump(url, target, f"pg_dump of {where}")
    return revision


def _archive_tables(pg_restore: str, source: Path) -> set[str]:
    done = subprocess.run(
        [pg_restore, "--list", str(source)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(
            f"{source} is damaged or not a PostgreSQL custom archive"
            f" ({_problem(done.stderr)}); {NOTHING_CHANGED}"
        )
    return {name for _schema, name in _TOC_TABLE.findall(done.stdout)}


def _archive_revision(pg_restore: str, source: Path) -> str | None:
    """alembic_version's one row, read from the archive's data."""
    done = subprocess.run(
        [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{source} is damaged ({_problem(done.stderr)}); {NOTHING_CHANGED}")
    rows: list[str] = []
    reading = False
    for line in done.stdout.splitlines():
        if reading:
            if line == "\\.":
                break
            rows.append(line)
        elif line.startswith("COPY ") and "alembic_version" in line and "FROM stdin" in line:
            reading = True
    return rows[0] if len(rows) == 1 else None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _prologue(tables: list[str], schema: str) -> bytes:
    lines = [
        "\\set ON_ERROR_STOP on",
        f"SET lock_timeout = '{LOCK_TIMEOUT}';",
        "BEGIN;",
    ]
    if tables:
        names = ", ".join(f"{_quote(schema)}.{_quote(t)}" for t in tables)
        lines.append(f"DROP TABLE IF EXISTS {names} CASCADE;")
    return ("\n".join(lines) + "\n").encode()


def _load(source: Path, url: str, drop: list[str], schema: str) -> None:
    """Replace the database's Needleplan tables with the archive's, in one transaction."""
    pg_restore = _require("pg_restore", "restore")
    sibling = Path(pg_restore).with_name("psql")
    psql = str(sibling) if os.access(sibling, os.X_OK) else _require("psql", "restore")
    uri, env = _connection(url)
    restore_args = [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    psql_args = [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=VERBOSITY=terse"]
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        producer = subprocess.Popen(
            [*restore_args, "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=restore_err,
            env=env,
        )
        consumer = subprocess.Popen(
            [*psql_args, f"--dbname={uri}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=env,
        )
        assert producer.stdout is not None
        assert consumer.stdin is not None
        produced: int | None = None
        try:
            consumer.stdin.write(_prologue(drop, schema))
            shutil.copyfileobj(producer.stdout, consumer.stdin, 1 << 20)
            produced = producer.wait()
            if produced == 0:  # the whole archive went in: only now may psql commit
                consumer.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error (ON_ERROR_STOP); its transaction rolled back
        finally:
            with contextlib.suppress(BrokenPipeError):
                consumer.stdin.close()
            if producer.poll() is None:
                producer.kill()
            producer.stdout.close()
            producer.wait()
            consumer.wait()
        if produced not in (None, 0):  # the archive ended or broke: psql saw no COMMIT
            raise BackupError(
                f"{source} is damaged: pg_restore stopped ({_problem(_read(restore_err))});"
                f" {NOTHING_CHANGED}"
            )
        if consumer.returncode != 0:
            raise BackupError(
                f"psql could not load {source}: {_problem(_read(psql_err))}; {NOTHING_CHANGED}"
            )


def _read(stream: IO[bytes]) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")


def _aside_stem(url: str) -> str:
    name = make_url(url).database or "database"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def keep_current_aside(url: str, folder: Path) -> Path:
    """A backup of the database at `url` in `folder`, named as kept before a restore: a
    pg_dump archive, or without pg_dump a logical archive; its path."""
    where = describe(url)
    if find_tool("pg_dump") is not None:
        aside = aside_path(folder, _aside_stem(url), ".dump")
        _dump(url, aside, f"keeping the current database {where} aside (pg_dump)")
        return aside
    from planner.store.backup.archive import SUFFIX
    from planner.store.backup.logical import backup_logical

    aside = aside_path(folder, _aside_stem(url), SUFFIX)
    try:
        backup_logical(url, aside)
    except BackupError as exc:
        raise BackupError(
            f"keeping the current database {where} aside failed ({exc}); {NOTHING_CHANGED}"
        ) from exc
    return aside


def restore_postgres(
    url: str, source: Path, *, keep_aside: bool, confirm: Callable[[], bool] | None
) -> Restored:
    pg_restore = _require("pg_restore", "restore")
    tables = _archive_tables(pg_restore, source)
    if not tables >= REQUIRED_TABLES:
        raise not_needleplan(source, "PostgreSQL archive")
    revision = _archive_revision(pg_restore, source)
    if revision is None:
        raise not_needleplan(source, "PostgreSQL archive")
    older = older_revision(source, revision)
    from planner.store.tables import Base

    engine = create_database_engine(url)
    try:
        found = inspect(engine)
        schema = found.default_schema_name or "public"
        ours = set(Base.metadata.tables) | {"alembic_version"}
        drop = sorted(set(found.get_table_names()) & ours)
        if confirm is not None and not confirm():
            raise RestoreCancelled(f"nothing was restored; {NOTHING_CHANGED}")
        aside = keep_current_aside(url, source.resolve().parent) if keep_aside and drop else None
        engine.dispose()  # no idle connection of ours holds a lock on a table to drop
        _load(source, url, drop, schema)
        if older is not None:
            try:
                upgrade_schema(engine, url)
            except Exception as exc:  # the restored data is whole, at its older schema
                reason = str(exc).splitlines()[0] if isinstance(exc, DatabaseError) else ""
                kept = f"; the database it replaced is kept in {aside}" if aside else ""
                raise BackupError(
                    f"{source} was restored at schema {older} but could not be upgraded to"
                    f" {SCHEMA_HEAD} ({reason or type(exc).__name__}){kept}"
                ) from exc
    finally:
        engine.dispose()
    return Restored(SCHEMA_HEAD, older, aside)
