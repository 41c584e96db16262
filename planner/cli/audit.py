"""Sub-commands over who did what: practitioners' profiles and a patient's audit trail."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.output import emit_json, fail, terminal_safe


def register(commands: Any) -> None:
    p = commands.add_parser("practitioner", help="practitioners' profiles: list, add")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every profile, with its id")
    listing.add_argument("--json", action="store_true", help="print the result as JSON")
    listing.set_defaults(handler=cmd_practitioner_list)
    add = actions.add_parser("add", help="add a profile")
    add.add_argument("--name", required=True)
    add.add_argument("--role", default="", help='e.g. "Physiotherapist"')
    add.add_argument("--registration", default="", help="professional registration number")
    add.add_argument(
        "--db-role", default="", help="PostgreSQL: the login role this practitioner uses"
    )
    add.add_argument("--json", action="store_true", help="print the result as JSON")
    add.set_defaults(handler=cmd_practitioner_add)

    p = commands.add_parser("history", help="a patient's audit trail: who changed what, when")
    p.add_argument("--patient", type=int, required=True, metavar="ID")
    p.add_argument("--json", action="store_true", help="print the entries as JSON")
    p.set_defaults(handler=cmd_history)


def _practitioner_json(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "role": p.role,
        "registration": p.registration,
        "db_role": p.db_role or None,
    }


def cmd_practitioner_list(args: argparse.Namespace) -> int:
    from planner.store.database import open_store

    store = open_store(args.database_url)
    try:
        found = store.practitioners.list()
    finally:
        store.close()
    if args.json:
        emit_json({"practitioners": [_practitioner_json(p) for p in found]})
        return 0
    for p in found:
        extra = f"\t{p.registration}" if p.registration else "\t-"
        extra += f"\trole {p.db_role}" if p.db_role else ""
        print(f"{p.id}\t{terminal_safe(p.label)}{terminal_safe(extra)}")
    if not found:
        print("No practitioners yet: add one with `needleplan practitioner add --name NAME`.")
    return 0


def cmd_practitioner_add(args: argparse.Namespace) -> int:
    from planner.cli.opening import open_cli_store
    from planner.domain.practitioner import Practitioner

    store = open_cli_store(args)
    try:
        added = store.practitioners.add(
            Practitioner(args.name, args.role, args.registration, args.db_role)
        )
    finally:
        store.close()
    if args.json:
        emit_json(_practitioner_json(added))
    else:
        print(f"Added practitioner {added.id}: {terminal_safe(added.label)}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from planner.domain.audit import describe
    from planner.store.database import open_store

    store = open_store(args.database_url)
    try:
        entries = store.audit.for_patient(args.patient)
    finally:
        store.close()
    if not entries:
        return fail(f"--patient: {args.patient} has no history in this database")
    if args.json:
        emit_json({"patient_id": args.patient, "entries": [e.to_json() for e in entries]})
        return 0
    for e in entries:
        when = e.at.astimezone().strftime("%Y-%m-%d %H:%M")
        who = e.who or (f"login {e.account}" if e.account else "unknown")
        print(f"{when}\t{terminal_safe(who)}\t{terminal_safe(describe(e))}")
    return 0
