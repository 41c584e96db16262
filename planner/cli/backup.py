"""Sub-commands for the whole database: backup and restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli.output import fail, terminal_safe

URL_HELP = "the database (default: as for the application: --database-url before the command,"
URL_HELP += " $NEEDLEPLAN_DATABASE_URL, else the SQLite file in your data folder)"


def register(commands: Any) -> None:
    p = commands.add_parser(
        "backup",
        help="a consistent copy of the database, made even while the application is open",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="write the backup here (SQLite: a database file; PostgreSQL: a pg_dump archive,"
        " or where pg_dump is missing Needleplan's own gzip'd archive)",
    )
    # SUPPRESS: the option given before the command is not overwritten by a default here.
    p.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=URL_HELP)
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser(
        "restore",
        help="replace the database with a backup, keeping the current one aside",
    )
    p.add_argument("file", type=Path, help="a backup made by `needleplan backup`")
    p.add_argument("--yes", action="store_true", help="replace the database without asking")
    p.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=URL_HELP)
    p.set_defaults(handler=cmd_restore)


def _where(url: str) -> str:
    """The database for a person: a SQLite file's path, else the URL without its password."""
    from sqlalchemy.engine import make_url

    from planner.store.location import describe

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return describe(url)


def cmd_backup(args: argparse.Namespace) -> int:
    from planner.store.backup import backup
    from planner.store.location import resolve_url

    url = resolve_url(args.database_url)
    revision = backup(url, args.output)
    kind = ""
    if not url.startswith("sqlite"):
        from planner.store.backup.archive import looks_like_archive

        if looks_like_archive(args.output):
            kind = "; a Needleplan archive, as pg_dump was not found"
    print(
        f"Backed up the database at {terminal_safe(_where(url))} to"
        f" {terminal_safe(str(args.output))} (schema {revision}{kind})."
    )
    return 0


def _ask(question: str) -> bool:
    """y or yes on the terminal; anything else, end of input or Ctrl-C is a no."""
    print(question, end=" ", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_restore(args: argparse.Namespace) -> int:
    from planner.store.backup import restore
    from planner.store.location import resolve_url

    url = resolve_url(args.database_url)
    where = terminal_safe(_where(url))
    source = terminal_safe(str(args.file))
    if not args.file.is_file():
        return fail(f"{source}: no such file; nothing was changed")
    if not args.yes and not sys.stdin.isatty():
        return fail(
            f"restore replaces the database at {where}: pass --yes to confirm"
            " (there is no terminal to ask on); nothing was changed"
        )

    def confirm() -> bool:
        return _ask(f"Replace the database at {where} with {source}? [y/N]")

    # Before anything changes, so a wrong --practitioner is refused; a database not made yet
    # is not created just to ask (it has no profiles).
    author = _author(args) if _exists(url) else None
    done = restore(url, args.file, confirm=None if args.yes else confirm)
    upgraded = (
        f" (upgraded from schema {done.upgraded_from} to {done.revision})"
        if done.upgraded_from
        else ""
    )
    kept = (
        f"the previous database was kept at {terminal_safe(str(done.kept_aside))}"
        if done.kept_aside
        else "there was no previous database to keep"
    )
    print(f"Restored {source} into the database at {where}{upgraded}; {kept}.")
    return _note_restore(url, author, done)


def _exists(url: str) -> bool:
    return not url.startswith("sqlite:///") or Path(url.removeprefix("sqlite:///")).is_file()


def _author(args: argparse.Namespace) -> Any:
    """The command's practitioner, found in the database as it is before the restore."""
    from planner.cli.opening import open_cli_store

    store = open_cli_store(args)
    try:
        return store.author.practitioner
    finally:
        store.close()


def _note_restore(url: str, author: Any, done: Any) -> int:
    """The restored database's audit trail says it was restored, and by whom (the profile may
    be newer than the backup: its name is written all the same). The restore stands even if
    that entry cannot be written; one line says so."""
    from planner.domain.errors import DomainError
    from planner.store.database import open_store

    try:
        store = open_store(url)
        try:
            store.act_as(author)
            store.note_restore(done)
        finally:
            store.close()
    except (DomainError, OSError) as exc:
        return fail(f"the restore stands, but its audit entry was not written: {exc}")
    return 0
