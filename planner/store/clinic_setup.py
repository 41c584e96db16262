"""A clinic's PostgreSQL database: the owner of the schema, a group role holding only what the
application needs, and a login role per practitioner bound to their profile.

The objects live in the schema `public`: a database made before clinic-setup (by the app
run as some account) keeps working once its objects are handed to the owner, no URL or
search_path has to name a schema, and pg_dump/restore see what they saw before. The
statements are data below, identifiers quoted by psycopg.sql; the functions decide which of
them a database still needs, and clinic_state says what running them changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from psycopg import sql

from planner.store.location import DatabaseError

SCHEMA = "public"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
ERASE_AUDIT = "needleplan_erase_audit"
UNREADABLE = "unknown"  # the schema's revision, to an admin not yet acting as the owner

CREATE_NOLOGIN = "CREATE ROLE {role} NOLOGIN"
CREATE_LOGIN = "CREATE ROLE {role} LOGIN"
ALLOW_LOGIN = "ALTER ROLE {role} LOGIN"
GRANT_ROLE = "GRANT {role} TO {member}"
SET_PASSWORD = "ALTER ROLE {role} PASSWORD {password}"
OWN_SCHEMA = "ALTER SCHEMA {schema} OWNER TO {owner}"
OWN_OBJECT = "ALTER {kind} {name}{arguments} OWNER TO {owner}"

# What the practitioners' group may do: every table of the app, except the audit trail
# (appended to and read, never changed: revision 0007's trigger also holds for the owner),
# the schema's revision (read, to know it is current) and audit_erasing, which only
# needleplan_erase_audit (SECURITY DEFINER, run as the owner) writes; SELECT on it lets a
# practitioner's backup (pg_dump, the logical archive) read every table.
# TEMPORARY is taken from PUBLIC: a temporary table named like one of ours would shadow it
# inside the SECURITY DEFINER function (pg_temp comes first in its search_path).
GRANTS = [
    "GRANT CONNECT ON DATABASE {database} TO {group}",
    "REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC",
    "REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
    "GRANT USAGE ON SCHEMA {schema} TO {group}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {group}",
    "REVOKE ALL ON TABLE {audit_log} FROM {group}",
    "GRANT SELECT, INSERT ON TABLE {audit_log} TO {group}",
    "REVOKE ALL ON TABLE {alembic_version} FROM {group}",
    "GRANT SELECT ON TABLE {alembic_version} TO {group}",
    "REVOKE ALL ON TABLE {audit_erasing} FROM {group}",
    "GRANT SELECT ON TABLE {audit_erasing} TO {group}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {group}",
    "GRANT EXECUTE ON FUNCTION {erase_audit}(integer, jsonb) TO {group}",
    # Tables and sequences a later migration adds (run as the owner) get the same; the
    # re-run of the grants above after each upgrade narrows the special tables again.
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
    " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {group}",
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
    " GRANT USAGE, SELECT ON SEQUENCES TO {group}",
]

# Objects in the schema the owner does not own yet (a sequence belonging to a column moves
# with its table; an extension's objects stay with it).
_NOT_OWNED = """
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
       WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.relname, NULL
FROM pg_class c
WHERE c.relnamespace = %(schema)s::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND pg_get_userbyid(c.relowner) <> %(owner)s
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid
                  AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.proname,
       pg_get_function_identity_arguments(p.oid)
FROM pg_proc p
WHERE p.pronamespace = %(schema)s::regnamespace AND p.prokind IN ('f', 'p')
  AND pg_get_userbyid(p.proowner) <> %(owner)s
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2"""

_ROLE = """
SELECT rolcanlogin, rolsuper, coalesce(pg_has_role(rolname, to_regrole(%(owner)s), 'MEMBER'), false)
FROM pg_roles WHERE rolname = %(role)s"""


class ClinicSetupError(DatabaseError):
    """clinic-setup cannot go on; one line, no password, no personal data."""


@dataclass(frozen=True)
class NewPractitioner:
    login: str  # the PostgreSQL role they connect as
    name: str
    role: str = ""
    registration: str = ""
    password: str | None = field(default=None, repr=False)  # None: the admin sets one later


@dataclass(frozen=True)
class ClinicRoles:
    owner: str
    group: str


def check_role_name(option: str, name: str) -> str:
    if not ROLE_NAME.match(name):
        raise ClinicSetupError(
            f"{option}: {name!r} is not a role name clinic-setup uses: lower-case letters,"
            " digits and underscores, starting with a letter or _, at most 63 characters"
        )
    return name


def _compose(template: str, **names: str | sql.Composable) -> sql.Composed:
    values = {
        k: v if isinstance(v, sql.Composable) else sql.Identifier(v) for k, v in names.items()
    }
    return sql.SQL(template).format(**values)


def _one(conn: Any, query: str, **params: Any) -> Any:
    with conn.cursor() as cur:
        return cur.execute(query, params).fetchone()


def owner_steps(conn: Any, roles: ClinicRoles) -> list[sql.Composed]:
    """The roles, the admin's membership of the owner, the owner's schema and objects."""
    steps: list[sql.Composed] = []
    for name, option in ((roles.owner, "--owner"), (roles.group, "--group")):
        found = _one(conn, _ROLE, role=name, owner=roles.owner)
        if found is None:
            steps.append(_compose(CREATE_NOLOGIN, role=name))
        elif found[0] or found[1]:
            raise ClinicSetupError(
                f"{option}: role {name} exists and can log in (or is a superuser); it must be"
                " a NOLOGIN role of its own"
            )
    superuser, member = _one(
        conn,
        "SELECT rolsuper, coalesce(pg_has_role(current_user, to_regrole(%(owner)s), 'MEMBER'),"
        " false) FROM pg_roles WHERE rolname = current_user",
        owner=roles.owner,
    )
    if not (superuser or member):  # to act as the owner (SET ROLE, ALTER ... OWNER TO)
        steps.append(_compose(GRANT_ROLE, role=roles.owner, member=sql.SQL("CURRENT_USER")))
    schema_owner = _one(
        conn, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = %(s)s", s=SCHEMA
    )
    if schema_owner is None:
        raise ClinicSetupError(f"the database has no schema {SCHEMA}: create it first")
    if schema_owner[0] != roles.owner:
        steps.append(_compose(OWN_SCHEMA, schema=SCHEMA, owner=roles.owner))
    with conn.cursor() as cur:
        rows = cur.execute(_NOT_OWNED, {"schema": SCHEMA, "owner": roles.owner}).fetchall()
    for kind, name, arguments in rows:
        args = sql.SQL(f"({arguments})" if arguments is not None else "")
        steps.append(
            _compose(
                OWN_OBJECT,
                kind=sql.SQL(kind),
                name=sql.Identifier(SCHEMA, name),
                arguments=args,
                owner=roles.owner,
            )
        )
    return steps


def grant_steps(database: str, roles: ClinicRoles) -> list[sql.Composed]:
    names: dict[str, str | sql.Composable] = {
        "database": database,
        "schema": SCHEMA,
        "group": roles.group,
        "owner": roles.owner,
        "erase_audit": sql.Identifier(SCHEMA, ERASE_AUDIT),
    }
    for table in ("audit_log", "alembic_version", "audit_erasing"):
        names[table] = sql.Identifier(SCHEMA, table)
    return [_compose(template, **names) for template in GRANTS]


def practitioner_steps(conn: Any, roles: ClinicRoles, new: NewPractitioner) -> list[sql.Composed]:
    """The practitioner's login role (made if missing) in the group; their password, if given,
    as a SCRAM hash made here, so the password itself never reaches the server's logs."""
    if new.login in (roles.owner, roles.group):
        raise ClinicSetupError(
            f"--add-practitioner: {new.login} is the owner or the group role; give the"
            " practitioner a role of their own"
        )
    found = _one(conn, _ROLE, role=new.login, owner=roles.owner)
    steps: list[sql.Composed] = []
    if found is None:
        steps.append(_compose(CREATE_LOGIN, role=new.login))
    elif found[1] or found[2]:
        raise ClinicSetupError(
            f"--add-practitioner: role {new.login} is a superuser or acts as the owner, so the"
            " audit trail could not hold it to its own entries; give the practitioner a role"
            " of their own"
        )
    elif not found[0]:
        steps.append(_compose(ALLOW_LOGIN, role=new.login))
    member = _one(
        conn,
        "SELECT pg_has_role(%(role)s, %(group)s, 'MEMBER')"
        " FROM pg_roles WHERE rolname = %(role)s AND to_regrole(%(group)s) IS NOT NULL",
        role=new.login,
        group=roles.group,
    )
    if member is None or not member[0]:
        steps.append(_compose(GRANT_ROLE, role=roles.group, member=new.login))
    if new.password is not None:
        hashed = conn.pgconn.encrypt_password(new.password.encode(), new.login.encode())
        steps.append(_compose(SET_PASSWORD, role=new.login, password=sql.Literal(hashed.decode())))
    return steps


def run_steps(conn: Any, steps: list[sql.Composed]) -> None:
    with conn.cursor() as cur:
        for step in steps:
            cur.execute(step)


@contextmanager
def refused_as(what: str) -> Iterator[None]:
    """A server's refusal as one ClinicSetupError line (its first line: never DETAIL)."""
    import psycopg

    try:
        yield
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        hint = ""
        if exc.sqlstate == "42501":
            hint = (
                ": clinic-setup must run as a superuser, or as the database's owner with CREATEROLE"
            )
        raise ClinicSetupError(f"{what} was refused ({first}){hint}") from None


@dataclass(frozen=True)
class Plan:
    """What clinic-setup runs, in order: as the admin, then the migrations as the owner, then
    the grants (and the practitioner) as the admin."""

    before_upgrade: list[sql.Composed]
    revision: str | None  # as the admin sees it: None, no tables yet; or UNREADABLE
    after_upgrade: list[sql.Composed]


def _admin_engine(url: str) -> Any:
    from sqlalchemy.engine import make_url

    from planner.store.engine import create_database_engine

    if make_url(url).get_backend_name() != "postgresql":
        raise ClinicSetupError(
            "clinic-setup is for PostgreSQL: give --database-url postgresql+psycopg://..."
            " (a SQLite file has no roles to set up)"
        )
    return create_database_engine(url)


@contextmanager
def _admin(url: str) -> Iterator[Any]:
    """The admin's own psycopg connection (no SQLAlchemy transaction around it)."""
    engine = _admin_engine(url)
    try:
        raw = engine.raw_connection()
        try:
            yield raw.driver_connection
        finally:
            raw.rollback()
            raw.close()
    finally:
        engine.dispose()


def _revision(conn: Any) -> str | None:
    row = _one(
        conn,
        "SELECT has_table_privilege(t, 'SELECT') FROM to_regclass(%(t)s) t WHERE t IS NOT NULL",
        t=f"{SCHEMA}.alembic_version",
    )
    if row is None:
        return None
    if not row[0]:
        return UNREADABLE
    found = _one(conn, "SELECT version_num FROM alembic_version")
    return str(found[0]) if found else None


def plan(conn: Any, roles: ClinicRoles, new: NewPractitioner | None) -> Plan:
    database = str(_one(conn, "SELECT current_database()")[0])
    before = owner_steps(conn, roles)
    after = grant_steps(database, roles)
    if new is not None:
        after += practitioner_steps(conn, roles, new)
    return Plan(before, _revision(conn), after)


def print_sql(url: str, roles: ClinicRoles, new: NewPractitioner | None) -> list[str]:
    """The script clinic-setup would run on this database now; nothing is changed."""
    from planner.store.revision import SCHEMA_HEAD

    if new is not None:  # not even its hash is printed
        new = replace(new, password=None)
    with _admin(url) as conn:
        with refused_as("reading the database's roles"):
            steps = plan(conn, roles, new)

        def show(statements: list[sql.Composed]) -> list[str]:
            return [f"{s.as_string(conn)};" for s in statements]

        upgrade = f"-- the schema is at {SCHEMA_HEAD}: nothing to upgrade"
        if steps.revision != SCHEMA_HEAD:
            upgrade = (
                f"-- here Needleplan's migrations run (schema {steps.revision or 'none'}"
                f" to {SCHEMA_HEAD}, if behind) in one transaction"
            )
        lines = ["BEGIN;", *show(steps.before_upgrade), "COMMIT;"]
        lines += [_compose("SET ROLE {r};", r=roles.owner).as_string(conn), upgrade]
        lines += ["RESET ROLE;", "BEGIN;", *show(steps.after_upgrade), "COMMIT;"]
    if new is not None:
        lines.append(
            f"-- then, as {roles.owner}, the practitioner's profile (name, role, registration)"
            f" bound to {new.login}, added through the store"
        )
    return lines


def setup_clinic(url: str, roles: ClinicRoles, new: NewPractitioner | None) -> list[str]:
    """Set the database up (idempotent) and add the practitioner, if any; what changed."""
    from planner.domain.practitioner import Practitioner, validate_practitioner
    from planner.store.clinic_owner import add_profile, upgrade_as_owner
    from planner.store.clinic_state import changes, snapshot
    from planner.store.revision import SCHEMA_HEAD

    profile = None
    if new is not None:  # a bad name is refused before anything is changed
        profile = validate_practitioner(
            Practitioner(new.name, new.role, new.registration, db_role=new.login)
        )
    watched = [roles.owner, roles.group, *([new.login] if new is not None else [])]
    with _admin(url) as conn:
        with refused_as("setting up the roles"):
            before = snapshot(conn, SCHEMA, watched, [roles.group])
            run_steps(conn, plan(conn, roles, new).before_upgrade)
            conn.commit()
        upgraded = upgrade_as_owner(url, roles.owner)
        with refused_as("granting the practitioners' privileges"):
            run_steps(conn, plan(conn, roles, new).after_upgrade)
            conn.commit()
        added = add_profile(url, roles.owner, profile) if profile is not None else []
        after = snapshot(conn, SCHEMA, watched, [roles.group])
    lines = changes(before, after, upgraded) + added
    return lines or [f"Nothing changed: the clinic set-up was in place (schema {SCHEMA_HEAD})."]
