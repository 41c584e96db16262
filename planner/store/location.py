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


def in_words(url: str) -> str:
    """Where the database is, as a person would say it (the status bar):
    "Database: needleplan.sqlite in ~/.local/share/needleplan",
    "Clinic database on server db.example (needleplan)". Never shows a password."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme == "sqlite":
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path or path == ":memory:":
            return "Database: in memory only (nothing is kept)"
        file = Path(path).absolute()
        return f"Database: {file.name} in {_home_short(file.parent)}"
    if scheme in ("postgresql", "postgres"):
        name = parts.path.lstrip("/") or parts.username or "postgres"
        host = parts.hostname or ""
        if host in ("", "localhost", "127.0.0.1", "::1"):
            return f"Clinic database on this computer ({name})"
        return f"Clinic database on server {host} ({name})"
    return f"Database: {describe(url)}"


def _home_short(folder: Path) -> str:
    # "~/..." reads as "my folder"; the full path stays in the tooltip.
    try:
        inside = folder.relative_to(Path.home())
    except ValueError:
        return str(folder)
    return "~" if inside == Path() else f"~/{inside.as_posix()}"
