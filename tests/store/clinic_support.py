"""A clinic's database for clinic-setup's tests: a fresh database, role names of its own (roles
belong to the whole server, so each test's are suffixed and dropped afterwards), and ways to
connect as the admin or as a practitioner."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from psycopg import sql

from planner.store.clinic_setup import ClinicRoles, NewPractitioner, setup_clinic
from planner.store.database import Store, open_store
from tests.support.postgres import ENV_ADMIN_URL, Server


def _can_create_roles(server: Server) -> bool:
    with psycopg.connect(server.admin_conninfo()) as conn:
        row = conn.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
    return bool(row and row[0])


def ensure_createrole(server: Server) -> None:
    """clinic-setup runs as an admin who may create roles. The throwaway Debian cluster's test
    role has CREATEDB only: as root, give it CREATEROLE (not SUPERUSER, so the tests see what
    a CREATEROLE admin sees)."""
    if _can_create_roles(server):
        return
    if os.geteuid() != 0 or not shutil.which("pg_createcluster") or os.environ.get(ENV_ADMIN_URL):
        pytest.fail(f"clinic-setup's tests need an admin role with CREATEROLE ({server.user})")
    statement = f"ALTER ROLE {server.user} CREATEROLE"
    subprocess.run(
        ["su", "postgres", "-c", f'psql -p {server.port} -qc "{statement}"'],
        check=True,
        capture_output=True,
    )


@dataclass(frozen=True)
class Clinic:
    server: Server
    url: str  # the admin's
    database: str
    tag: str

    @property
    def roles(self) -> ClinicRoles:
        return ClinicRoles(self.role("owner"), self.role("group"))

    def role(self, name: str) -> str:
        return f"{name}_{self.tag}"

    def setup(self, new: NewPractitioner | None = None) -> list[str]:
        return setup_clinic(self.url, self.roles, new)

    def admin(self, statement: str | sql.Composable, *params: Any) -> list[tuple[Any, ...]]:
        conninfo = self.server.url(self.database, driver="postgresql")
        with psycopg.connect(conninfo, autocommit=True) as conn:
            cur = conn.execute(statement, params or None)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []

    def set_password(self, login: str, password: str) -> None:
        self.admin(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(login), sql.Literal(password)
            )
        )

    def add_practitioner(self, name: str, full_name: str, profession: str) -> tuple[str, str]:
        """clinic-setup --add-practitioner, then a password set as the admin would."""
        login = self.role(name)
        self.setup(NewPractitioner(login, full_name, profession))
        password = uuid.uuid4().hex
        self.set_password(login, password)
        return login, password

    def url_as(self, login: str, password: str) -> str:
        s = self.server
        return f"postgresql+psycopg://{login}:{password}@{s.host}:{s.port}/{self.database}"

    def conninfo_as(self, login: str, password: str) -> str:
        return self.url_as(login, password).replace("postgresql+psycopg", "postgresql")

    def open_as(self, login: str, password: str) -> Store:
        """The store as the GUI opens it: the profile bound to the login role acts."""
        store = open_store(self.url_as(login, password))
        store.act_as(store.role_practitioner())
        return store

    def roles_made(self) -> list[str]:
        rows = self.admin("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", f"%\\_{self.tag}")
        return sorted(r[0] for r in rows)


@contextmanager
def clinic_database(server: Server) -> Iterator[Clinic]:
    ensure_createrole(server)
    tag = uuid.uuid4().hex[:10]
    try:
        with server.database() as url:
            yield Clinic(server, url, url.rsplit("/", 1)[1], tag)
    finally:
        # After the database is gone (its grants with it), the roles can go.
        with psycopg.connect(server.admin_conninfo(), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolcanlogin DESC",
                (f"%\\_{tag}",),
            ).fetchall()
            for (name,) in rows:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
