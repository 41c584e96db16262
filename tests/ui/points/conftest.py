"""The Points page opened on a patient with a pain drawing."""

from __future__ import annotations

import pytest

from planner.store.database import Store
from planner.ui.points.controller import PointsController
from tests.ui.conftest import MakeWindow
from tests.ui.points.helpers import add_case, open_points


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> PointsController:
    pid = add_case(store)
    return open_points(make_window(), pid)
