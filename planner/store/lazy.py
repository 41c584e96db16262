"""The database as the GUI holds it: the patient list at once, the full store when needed.

The list reads through a bare driver connection (planner.store.directory), so the main
window shows patients before SQLAlchemy and Alembic load; the full store opens on the first
write, or when the GUI calls open_store() once it is idle after start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from planner.domain.patient import Patient
from planner.store.directory import PatientDirectory, open_directory
from planner.store.location import describe, resolve_url

if TYPE_CHECKING:
    from planner.store.database import Store


class PatientSource(Protocol):
    def search(self, query: str = "", *, limit: int = 200, offset: int = 0) -> list[Patient]: ...

    def count(self, query: str = "") -> int: ...


class LazyDatabase:
    def __init__(self, url: str | None = None) -> None:
        """Open the database at url (or the environment's, or the default).

        A database that is new or needs upgrading opens the full store at once, so any
        error (a bad URL, an unreachable server) is raised here as a DatabaseError.
        """
        self.url = resolve_url(url)
        self._store: Store | None = None
        self._on_open: list[Callable[[Store], None]] = []
        self._directory: PatientDirectory | None = open_directory(self.url)
        if self._directory is None:
            self.open_store()

    @property
    def patients_list(self) -> PatientSource:
        """What the patient list and search read."""
        if self._directory is not None:
            return self._directory
        return self.store.patients

    @property
    def store(self) -> Store:
        return self._store or self.open_store()

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    def open_store(self) -> Store:
        if self._store is None:
            from planner.store.database import open_store

            self._store = open_store(self.url)
            hooks, self._on_open = self._on_open, []
            for hook in hooks:
                hook(self._store)
        return self._store

    def when_open(self, hook: Callable[[Store], None]) -> None:
        """Call `hook` with the store once it opens (at once if it is open): before the
        first use that opened it, so a save made then already has what the hook sets."""
        if self._store is not None:
            hook(self._store)
        else:
            self._on_open.append(hook)

    @property
    def description(self) -> str:
        return describe(self.url)

    def close(self) -> None:
        if self._directory is not None:
            self._directory.close()
            self._directory = None
        if self._store is not None:
            self._store.close()
            self._store = None
