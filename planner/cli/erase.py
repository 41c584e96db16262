"""`needleplan erase --patient ID`: erase a patient completely, on their request."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli.output import fail, output_problem, refuse_output


def register(commands: Any) -> None:
    p = commands.add_parser(
        "erase",
        help="erase a patient completely, on their request (every record, their drafts and "
        "history; one audit line without personal data stays)",
    )
    p.add_argument("--patient", type=int, required=True, metavar="ID")
    p.add_argument(
        "--archive",
        type=Path,
        metavar="FILE.zip",
        help="first write the patient's archive here (history, FHIR, audit, handouts given)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=cmd_erase)


def _confirmed(pid: int) -> bool:
    print(
        f"Erase patient {pid} completely? Every record of theirs goes and cannot be brought "
        "back (backups made before keep them).",
        file=sys.stderr,
    )
    print(f"Type {pid} to erase, anything else to keep: ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip() == str(pid)


def cmd_erase(args: argparse.Namespace) -> int:
    from planner.casefile.archive import write_patient_archive
    from planner.cli import os_problem
    from planner.cli.opening import open_cli_store
    from planner.store.erasure import copies_beside
    from planner.ui.shared.drafts import DraftStore

    pid = args.patient
    if args.archive is not None and (refused := refuse_output("--archive", args.archive)):
        return refused
    if not args.yes and not sys.stdin.isatty():
        return fail("erase: asks before erasing; add --yes to erase without asking")
    store = open_cli_store(args)
    try:
        if args.archive is not None:
            try:
                write_patient_archive(store, pid, args.archive)
            except OSError as exc:
                return fail(output_problem("--archive", args.archive, exc) + "; nothing erased")
        if not args.yes and not _confirmed(pid):
            print("Nothing erased.")
            return 0
        erased = store.erase_patient(pid)
    finally:
        store.close()
    removed = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in erased.counts.items() if n)
    print(f"Erased patient {pid}" + (f" ({removed})" if removed else "") + ".")
    if args.archive is not None:
        print(f"Their archive is in {args.archive}.")
    sqlite = store.engine.dialect.name == "sqlite"
    if sqlite and not erased.rebuilt:
        print(
            "Another program kept writing to the database, so its file could not be rebuilt: "
            "pieces of earlier versions of the patient's records may stay in its free space "
            "until the next erasure rebuilds it."
        )
    elif sqlite and not erased.pages_overwritten:
        print(
            "The database is open elsewhere (the application?): the space the patient held "
            "is cleared once it closes."
        )
    if not sqlite:
        print("PostgreSQL reuses the freed space at its next VACUUM.")
    _name_copies(copies_beside(store.url))
    drafts = DraftStore(database_url=store.url)
    try:
        drafts.erase_patient(pid)
    except OSError as exc:  # the records are gone: say so, and what is left to remove
        return fail(
            f"erase: patient {pid} is erased, but their unsaved typing could not be removed "
            f"from {drafts.directory} ({os_problem(exc)}): delete the files named "
            f"patient-{pid}-* there"
        )
    return 0


def _name_copies(copies: list[Path]) -> None:
    """The copies Needleplan left beside the database still hold the patient: name them."""
    if copies:
        names = ", ".join(p.name for p in copies)
        print(
            f"Copies made before still hold the patient, beside the database in "
            f"{copies[0].parent}: {names}. Delete them to complete the erasure."
        )
    print("Backups (the automatic ones too) made before keep the patient until deleted.")
