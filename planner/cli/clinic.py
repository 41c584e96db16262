"""Sub-command for a clinic's administrator: clinic-setup (PostgreSQL roles and privileges)."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.output import fail, terminal_safe

DEFAULT_OWNER = "needleplan_owner"
DEFAULT_GROUP = "needleplan_practitioners"
_PROFILE_OPTIONS = ("name", "role", "registration")


def register(commands: Any) -> None:
    p = commands.add_parser(
        "clinic-setup",
        help="set up a clinic's PostgreSQL database: the schema's owner, the practitioners'"
        " group role, a login role per practitioner (run as a superuser or CREATEROLE admin;"
        " run it again to upgrade the schema)",
    )
    p.add_argument(
        "--owner",
        default=DEFAULT_OWNER,
        metavar="ROLE",
        help=f"the NOLOGIN role that owns the tables and runs upgrades (default {DEFAULT_OWNER})",
    )
    p.add_argument(
        "--group",
        default=DEFAULT_GROUP,
        metavar="ROLE",
        help=f"the NOLOGIN role holding the practitioners' privileges (default {DEFAULT_GROUP})",
    )
    p.add_argument(
        "--add-practitioner",
        metavar="ROLE",
        help="create this login role (if missing) in the group, bound to a new profile",
    )
    p.add_argument("--name", help="the practitioner's name (with --add-practitioner)")
    p.add_argument("--role", metavar="PROFESSION", help='their profession, e.g. "Physiotherapist"')
    p.add_argument("--registration", help="their professional registration number")
    p.add_argument(
        "--password-prompt",
        action="store_true",
        help="ask for the new role's password (sent to the server as a SCRAM hash)",
    )
    p.add_argument(
        "--print-sql",
        action="store_true",
        help="print the SQL it would run on this database, and change nothing",
    )
    p.add_argument(
        "--database-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="the clinic's database, as an administrator: postgresql+psycopg://ADMIN@HOST/DB"
        " (default: --database-url before the command, or $NEEDLEPLAN_DATABASE_URL)",
    )
    p.set_defaults(handler=cmd_clinic_setup)


def _ask_password(login: str) -> str | None:
    """The new role's password, typed twice without echo; None after a refusal printed."""
    import getpass

    try:
        first = getpass.getpass(f"Password for {login}: ")
        second = getpass.getpass("The same again: ")
    except (EOFError, KeyboardInterrupt):
        fail("--password-prompt: no password was given; nothing was changed")
        return None
    if not first:
        fail("--password-prompt: the password is empty; nothing was changed")
        return None
    if first != second:
        fail("--password-prompt: the two passwords differ; nothing was changed")
        return None
    return first


def cmd_clinic_setup(args: argparse.Namespace) -> int:
    from planner.store.clinic_setup import (
        ClinicRoles,
        NewPractitioner,
        check_role_name,
        print_sql,
        setup_clinic,
    )
    from planner.store.location import resolve_url

    roles = ClinicRoles(
        check_role_name("--owner", args.owner), check_role_name("--group", args.group)
    )
    if roles.owner == roles.group:
        return fail("--group: must differ from --owner")
    new = None
    if args.add_practitioner is None:
        given = [o for o in (*_PROFILE_OPTIONS, "password_prompt") if getattr(args, o)]
        if given:
            option = given[0].replace("_", "-")
            return fail(f"--{option}: only with --add-practitioner ROLE")
    else:
        login = check_role_name("--add-practitioner", args.add_practitioner)
        if not (args.name or "").strip():
            return fail("--name: the practitioner's name is required with --add-practitioner")
        password = None
        if args.password_prompt and not args.print_sql:
            password = _ask_password(login)
            if password is None:
                return 2
        new = NewPractitioner(
            login, args.name, args.role or "", args.registration or "", password=password
        )
    url = resolve_url(args.database_url)
    lines = print_sql(url, roles, new) if args.print_sql else setup_clinic(url, roles, new)
    for line in lines:
        print(terminal_safe(line))
    return 0
