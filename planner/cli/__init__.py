"""The `needleplan` command: the GUI with no sub-command, scripting and admin otherwise."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from planner import __version__
from planner.cli.output import fail
from planner.domain.errors import DomainError


def build_parser() -> argparse.ArgumentParser:
    from planner.cli import records, reference, review

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
        "--exit-after-startup",
        action="store_true",
        help="start the application, print startup_ms=N once it is ready, and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    records.register(commands)
    review.register(commands)
    reference.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from planner.ui.app import run

        return run(args.database_url, exit_after_startup=args.exit_after_startup, started=started)
    try:
        code: int = args.handler(args)
    except DomainError as exc:
        return fail(str(exc))
    except BrokenPipeError:  # `needleplan export | head`
        sys.stderr.close()
        return 0
    return code
