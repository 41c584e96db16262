"""The suggestions tab: grouped, a few at a time, each with its risk for this patient."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.domain.suggestions import PER_GROUP, Suggestion, SuggestionGroup
from planner.store.database import Store
from planner.ui.points.controller import PointsController
from planner.ui.points.suggestions_model import SuggestionsModel
from tests.ui.conftest import MakeWindow
from tests.ui.points.helpers import add_case, open_points, planned


def rows(model: SuggestionsModel) -> list[str]:
    return [str(model.index(r).data()) for r in range(model.rowCount())]


def row_of(model: SuggestionsModel, target: str) -> int:
    return next(
        r for r in range(model.rowCount()) if (s := model.suggestion_at(r)) and s.target == target
    )


def show_all(qtbot: QtBot, page: PointsController) -> None:
    page.view.plan.side_tabs.setCurrentIndex(1)
    QApplication.processEvents()
    qtbot.mouseClick(page.view.plan.more_suggestions, Qt.MouseButton.LeftButton)


def test_grouped_and_a_few_at_a_time(qtbot: QtBot, page: PointsController) -> None:
    model = page.suggestions
    headings = [
        str(model.index(r).data()).split("  (")[0]
        for r in range(model.rowCount())
        if model.suggestion_at(r) is None
    ]
    assert headings == [g.heading for g in SuggestionGroup]
    shown = model.suggestions()
    for group in SuggestionGroup:
        assert 0 < sum(s.group is group for s in shown) <= PER_GROUP
    button = page.view.plan.more_suggestions
    assert button.text().startswith("Show ")
    assert button.text().endswith(" more")
    show_all(qtbot, page)
    assert len(model.suggestions()) > len(shown)
    assert button.text() == "Show fewer"
    assert all("more)" not in text for text in rows(model))
    # A heading is not a suggestion: clicking it adds nothing.
    page.suggestion_list.on_clicked(model.index(0))
    assert planned(page) == []


def test_each_suggestion_shows_its_risk_before_it_is_added(
    qtbot: QtBot, page: PointsController
) -> None:
    show_all(qtbot, page)
    model = page.suggestions
    st9 = model.index(row_of(model, "ST9"))
    first_line = str(st9.data()).splitlines()[0]
    assert first_line.startswith("+ ST9 ")
    assert first_line.endswith("Caution: vessel risk")  # over the carotid, said up front
    assert "Vessel risk at ST9" in str(st9.data(Qt.ItemDataRole.ToolTipRole))
    assert st9.data(Qt.ItemDataRole.DecorationRole) is not None
    si3 = model.index(row_of(model, "SI3"))
    assert "·" not in str(si3.data()).splitlines()[0]  # nothing to say for this patient
    # Reasons stay short: one line under the name.
    for s in model.suggestions():
        assert len(str(model.index(row_of(model, s.target)).data()).splitlines()) <= 3


def test_what_screening_would_block_is_shown_last_in_its_group(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    page = open_points(make_window(), add_case(store, conditions=("pregnancy",), weeks=20))
    show_all(qtbot, page)
    model = page.suggestions
    distal: list[Suggestion] = [s for s in model.suggestions() if s.group is SuggestionGroup.DISTAL]
    assert distal[-1].target == "LI4"
    li4 = str(model.index(row_of(model, "LI4")).data()).splitlines()[0]
    assert li4.endswith("Do not use: pregnancy")
    # Still listed and still addable: the block is then asked for a reason, as ever.
    page.suggestion_list.on_clicked(model.index(row_of(model, "LI4")))
    assert "LI4" in {t for t, _ in planned(page)}
