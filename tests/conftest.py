"""Root test set-up: headless Qt before anything imports it, and a sane locale."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
os.environ.setdefault("LC_ALL", "C.UTF-8")

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import Server, postgres_server


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    try:
        with postgres_server(tmp_path_factory.mktemp("pg")) as server:
            yield server
    except RuntimeError as exc:
        # PostgreSQL tests must run in CI: a missing server fails there, never skips.
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'needleplan.sqlite'}"
        return
    server: Server = request.getfixturevalue("pg_server")
    with server.database() as url:
        yield url
