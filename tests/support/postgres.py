"""A throwaway PostgreSQL server for the test run.

As root (CI, these machines) Debian's wrappers create and start a cluster that runs as the
postgres user; otherwise pytest-postgresql starts one as the current user. An explicit
NEEDLEPLAN_TEST_POSTGRES_URL (an admin URL with CREATEDB rights) wins over both.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

ENV_ADMIN_URL = "NEEDLEPLAN_TEST_POSTGRES_URL"
PG_VERSION = "15"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    password: str

    def url(self, database: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def admin_conninfo(self) -> str:
        return self.url("postgres", driver="postgresql")

    @contextmanager
    def database(self) -> Iterator[str]:
        """A fresh, empty database for one test; dropped afterwards."""
        name = f"np_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield self.url(name)
        finally:
            self._drop(name)

    def _drop(self, name: str) -> None:
        # FORCE cannot end a backend of a role we are not a member of (an autovacuum worker
        # runs as the bootstrap superuser); such a worker finishes in moments: try again.
        for attempt in range(20):
            try:
                with psycopg.connect(self.admin_conninfo(), autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except psycopg.errors.InsufficientPrivilege:
                if attempt == 19:
                    raise
                time.sleep(0.25)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, text=True)


@contextmanager
def _debian_cluster() -> Iterator[Server]:
    name = f"np{os.getpid()}"
    port = _free_port()
    fast = ["-o", "fsync=off", "-o", "synchronous_commit=off", "-o", "full_page_writes=off"]
    fast += ["-o", "autovacuum=off"]  # throwaway databases; a worker can block their drop
    _run("pg_createcluster", PG_VERSION, name, "-p", str(port), *fast)
    try:
        _run("pg_ctlcluster", PG_VERSION, name, "start")
        password = uuid.uuid4().hex
        sql = f"CREATE ROLE needleplan_test LOGIN CREATEDB CREATEROLE PASSWORD '{password}'"
        _run("su", "postgres", "-c", f'psql -p {port} -qc "{sql}"')
        yield Server("127.0.0.1", port, "needleplan_test", password)
    finally:
        subprocess.run(
            ["pg_ctlcluster", PG_VERSION, name, "stop", "-m", "immediate"], capture_output=True
        )
        subprocess.run(["pg_dropcluster", PG_VERSION, name], capture_output=True)


@contextmanager
def _user_cluster(tmp: Path) -> Iterator[Server]:
    from pytest_postgresql.executor import PostgreSQLExecutor

    port = _free_port()
    executor = PostgreSQLExecutor(
        executable=f"/usr/lib/postgresql/{PG_VERSION}/bin/pg_ctl",
        host="127.0.0.1",
        port=port,
        user="needleplan_test",
        password="needleplan_test",
        dbname="postgres",
        options="",
        startparams="-w -o '-c fsync=off'",
        unixsocketdir=str(tmp),
        datadir=str(tmp / "data"),
        postgres_options="-c autovacuum=off",
    )
    with executor:
        executor.wait_for_postgres()
        yield Server("127.0.0.1", port, "needleplan_test", "needleplan_test")


@contextmanager
def postgres_server(tmp: Path) -> Iterator[Server]:
    """Start (or reach) a server; raise RuntimeError with the reason if none can be had."""
    admin = os.environ.get(ENV_ADMIN_URL)
    if admin:
        info = psycopg.conninfo.conninfo_to_dict(admin)
        yield Server(
            str(info.get("host", "127.0.0.1")),
            int(info.get("port", 5432)),
            str(info["user"]),
            str(info.get("password", "")),
        )
        return
    if os.geteuid() == 0 and shutil.which("pg_createcluster"):
        with _debian_cluster() as server:
            yield server
        return
    if Path(f"/usr/lib/postgresql/{PG_VERSION}/bin/pg_ctl").exists():
        with _user_cluster(tmp) as server:
            yield server
        return
    raise RuntimeError(
        f"no PostgreSQL {PG_VERSION} found: install postgresql-{PG_VERSION} or set {ENV_ADMIN_URL}"
    )
