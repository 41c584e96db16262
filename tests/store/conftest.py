from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.store.database import Store, open_store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()
