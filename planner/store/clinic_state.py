"""What a clinic's PostgreSQL set-up looks like in the catalogs, as facts, and the changes
between two looks in words: clinic-setup reads it before and after, so a second run can say
that nothing changed (and a first one says exactly what it did)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# (topic, subject, value[, detail]): ("role", name, "LOGIN"), ("member", role, member),
# ("owner", "table patients", owner), ("grant", grantee, "table patients", "SELECT").
Fact = tuple[str, ...]

_ROLES = """
SELECT rolname, CASE WHEN rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END
FROM pg_roles WHERE rolname = ANY(%(roles)s)"""

_MEMBERS = """
SELECT r.rolname, m.rolname FROM pg_auth_members a
JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
WHERE r.rolname = ANY(%(roles)s)"""

# The schema and the objects in it, each with its owner and its privileges (NULL: the
# default, which acldefault spells out). Objects of an extension are not ours to change.
_OBJECTS = """
SELECT 'schema ' || nspname, pg_get_userbyid(nspowner), coalesce(nspacl, acldefault('n', nspowner))
FROM pg_namespace WHERE nspname = %(schema)s
UNION ALL
SELECT CASE c.relkind WHEN 'S' THEN 'sequence ' WHEN 'v' THEN 'view ' ELSE 'table ' END
       || c.relname,
       pg_get_userbyid(c.relowner),
       coalesce(c.relacl,
                acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))
FROM pg_class c
WHERE c.relnamespace = %(schema)s::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'function ' || p.proname, pg_get_userbyid(p.proowner),
       coalesce(p.proacl, acldefault('f', p.proowner))
FROM pg_proc p
WHERE p.pronamespace = %(schema)s::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')"""

_GRANTS = f"""
WITH acl(object, owner, acl) AS (
    SELECT 'database ' || datname, pg_get_userbyid(datdba),
           coalesce(datacl, acldefault('d', datdba))
    FROM pg_database WHERE datname = current_database()
    UNION ALL {_OBJECTS}
    UNION ALL
    SELECT CASE defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' ELSE 'schemas' END
           || ' ' || pg_get_userbyid(defaclrole) || ' adds later', '', defaclacl
    FROM pg_default_acl WHERE defaclnamespace = %(schema)s::regnamespace
)
SELECT grantee, object, privilege_type FROM (
    SELECT acl.object, e.privilege_type,
           CASE e.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(e.grantee) END AS grantee
    FROM acl, LATERAL aclexplode(acl.acl) e
) g WHERE grantee = ANY(%(grantees)s)"""

# Privileges in the order GRANT statements name them.
_ORDER = ["CONNECT", "TEMPORARY", "CREATE", "USAGE", "SELECT", "INSERT", "UPDATE", "DELETE"]
_ORDER += ["TRUNCATE", "REFERENCES", "TRIGGER", "EXECUTE"]


def snapshot(conn: Any, schema: str, roles: list[str], grantees: list[str]) -> set[Fact]:
    """The facts clinic-setup changes: the roles named (and who is a member of them), who
    owns the schema and each object in it, and what `grantees` (and PUBLIC) may do there."""
    params = {"schema": schema, "roles": roles, "grantees": ["PUBLIC", *grantees]}
    facts: set[Fact] = set()
    with conn.cursor() as cur:
        facts |= {("role", n, kind) for n, kind in cur.execute(_ROLES, params)}
        facts |= {("member", r, m) for r, m in cur.execute(_MEMBERS, params)}
        for obj, owner, _acl in cur.execute(_OBJECTS, params):
            facts.add(("owner", obj, owner))
        facts |= {("grant", g, obj, p) for g, obj, p in cur.execute(_GRANTS, params)}
    return facts


def _privileges(names: set[str]) -> str:
    return ", ".join(sorted(names, key=lambda p: (_ORDER.index(p) if p in _ORDER else 99, p)))


def _objects(names: list[str]) -> str:
    return ", ".join(sorted(names))


def changes(before: set[Fact], after: set[Fact], upgraded: list[str]) -> list[str]:
    """The difference between two snapshots, one line per kind of change; `upgraded` (the
    schema upgrade's line) goes between the roles and owners and the privileges."""
    lines: list[str] = []
    for _, name, kind in sorted(f for f in after - before if f[0] == "role"):
        lines.append(f"Created role {name} ({kind}).")
    for _, role, member in sorted(f for f in after - before if f[0] == "member"):
        lines.append(f"Granted role {role} to {member}.")
    for _, role, member in sorted(f for f in before - after if f[0] == "member"):
        lines.append(f"Revoked role {role} from {member}.")
    old_owner = {f[1]: f[2] for f in before if f[0] == "owner"}
    moved: dict[str, list[str]] = defaultdict(list)
    for _, obj, owner in (f for f in after - before if f[0] == "owner"):
        if obj in old_owner:  # objects a migration created are in its line, not here
            moved[owner].append(obj)
    for owner, objs in sorted(moved.items()):
        lines.append(f"Now owned by {owner}: {_objects(objs)}.")
    return lines + upgraded + _grant_lines(before, after, set(old_owner))


def _grant_lines(before: set[Fact], after: set[Fact], existed: set[str]) -> list[str]:
    added: dict[tuple[str, str], set[str]] = defaultdict(set)
    removed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, grantee, obj, privilege in (f for f in after - before if f[0] == "grant"):
        if grantee == "PUBLIC" and obj not in existed and not obj.startswith("database "):
            continue  # an object the upgrade made, with PostgreSQL's defaults for PUBLIC
        added[grantee, obj].add(privilege)
    for _, grantee, obj, privilege in (f for f in before - after if f[0] == "grant"):
        removed[grantee, obj].add(privilege)
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for verb, table in (("granted", added), ("revoked", removed)):
        for (grantee, obj), privileges in table.items():
            grouped[grantee, verb, _privileges(privileges)].append(obj)
    return [
        f"{grantee}: {verb} {privileges} on {_objects(objs)}."
        for (grantee, verb, privileges), objs in sorted(grouped.items())
    ]
