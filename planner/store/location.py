"""Where the database is, without importing SQLAlchemy (the GUI's first frame needs this)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from planner.domain.errors import DomainError

ENV_URL = "NEEDLEPLAN_DATABASE_URL"


class DatabaseError(DomainError):
    """The database cannot be opened or upgraded."""


def default_database_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("needleplan", appauthor=False))
    return f"sqlite:///{folder / 'needleplan.sqlite'}"


def resolve_url(url: str | None) -> str:
    return url or os.environ.get(ENV_URL) or default_database_url()


def describe(url: str) -> str:
    """The URL with any password masked, for the status bar, dialogs and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else f"***@{host}"
    return urlunsplit(parts._replace(netloc=netloc))
