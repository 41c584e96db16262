"""The `needleplan` command: the GUI with no sub-command, scripting and admin otherwise."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def _global_parser() -> argparse.ArgumentParser:
    import argparse

    from planner import __version__

    parser = argparse.ArgumentParser(
        prog="needleplan",
        description="Treatment planning for acupuncture and dry needling of neck, shoulder "
        "and upper-back pain. With no command, opens the application.",
    )
    parser.add_argument("--version", action="version", version=f"needleplan {__version__}")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB "
        "(default: $NEEDLEPLAN_DATABASE_URL, else a SQLite file in your data folder)",
    )
    parser.add_argument(
        "--practitioner",
        metavar="ID|NAME",
        help="record changes as this practitioner (default: $NEEDLEPLAN_PRACTITIONER, else on "
        "PostgreSQL the profile of your login role); see `needleplan practitioner list`",
    )
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="start the application, print startup_ms=N once it is ready, and exit",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    from planner.cli import (
        audit,
        backup,
        clinic,
        course,
        erase,
        handout,
        records,
        reference,
        review,
    )

    parser = _global_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    records.register(commands)
    review.register(commands)
    course.register(commands)
    reference.register(commands)
    handout.register(commands)
    backup.register(commands)
    clinic.register(commands)
    audit.register(commands)
    erase.register(commands)
    return parser


def _starts_the_gui(argv: Sequence[str]) -> bool:
    """No sub-command named (and no help asked): the sub-commands' parsers need not be built."""
    value_next = False
    for arg in argv:
        if value_next:
            value_next = False
        elif arg in ("-h", "--help", "--version"):
            return False
        elif arg in ("--database-url", "--practitioner"):
            value_next = True
        elif not arg.startswith("-"):
            return False
    return True


def _gui_options(argv: Sequence[str]) -> tuple[str | None, bool] | None:
    """--database-url and --exit-after-startup read without argparse (a few ms of start-up);
    None for anything else, which argparse then parses and reports."""
    url: str | None = None
    exit_after = False
    args = iter(argv)
    for arg in args:
        if arg == "--exit-after-startup":
            exit_after = True
        elif arg == "--database-url":
            url = next(args, None)
            if url is None or url.startswith("-"):
                return None
        elif arg.startswith("--database-url="):
            url = arg.partition("=")[2]
        else:
            return None
    return url, exit_after


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    # Start-up creates many long-lived objects (Qt types and enums, dataclasses); the cyclic
    # collector would scan them again and again. The GUI turns it back on once its window is
    # shown (planner.ui.app), a command at once; the finally makes sure in every case.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv, started)
    finally:
        if was_enabled:
            gc.enable()


def _main(argv: Sequence[str] | None, started: float) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui = _gui_options(argv) if _starts_the_gui(argv) else None
    if gui is None:
        # Building every sub-command's parser costs start-up time the GUI does not need.
        args = (_global_parser() if _starts_the_gui(argv) else build_parser()).parse_args(argv)
        if getattr(args, "command", None) is not None:
            return _run_command(args)
        gui = args.database_url, args.exit_after_startup
    from planner.ui.app import run

    url, exit_after_startup = gui
    return run(url, exit_after_startup=exit_after_startup, started=started)


def _run_command(args: argparse.Namespace) -> int:
    gc.enable()
    from planner.cli.output import fail
    from planner.domain.errors import DomainError

    try:
        code: int = args.handler(args)
    except DomainError as exc:
        return fail(str(exc))
    except BrokenPipeError:  # `needleplan export | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # a full disk, a folder without permission: one line, exit 2
        return fail(os_problem(exc))
    except Exception as exc:
        problem = database_problem(exc)
        if problem is None:
            raise  # a bug: its traceback is what a report needs
        return fail(problem)
    return code


def os_problem(exc: OSError) -> str:
    """One line for a failed system call: the file and the reason, no traceback."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{exc.filename}: {reason}" if exc.filename else reason


def database_problem(exc: BaseException) -> str | None:
    """One line for a database error, or None when `exc` is not one.

    Only the server's first line: never the SQL's bound values (the engines hide them too)
    nor PostgreSQL's DETAIL, which repeats the values of a row (`Key (email)=(...)`).
    SQLAlchemy is looked up, not imported: a command that never opened a store has none.
    """
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.SQLAlchemyError):
        return None
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        if getattr(exc, "connection_invalidated", False) or _lost(first):
            return (
                "lost the connection to the database (the server restarted or stopped): "
                "nothing more was read or saved; try again"
            )
        return f"the database cannot be used: {first}"
    return f"database error: {first}"


def _lost(message: str) -> bool:
    words = message.lower()
    return any(
        phrase in words
        for phrase in (
            "terminating connection",
            "server closed the connection",
            "connection is closed",
            "the connection is lost",
            "connection refused",
            "consuming input failed",
        )
    )
