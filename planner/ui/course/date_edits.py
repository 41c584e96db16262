"""The Course page's edits on the calendar: skipped dates, and sessions moved to another day.

A session moved where the calendar cannot take it (a skipped date, before the start or the
session before it) is undone at once, so the last move is remembered until the next
recompute says whether it held.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from planner.domain.course.override import SessionMove
from planner.domain.errors import FieldProblem
from planner.ui.course.calendar import pydate
from planner.ui.course.inputs import CourseInputs, field_key
from planner.ui.course.model import SessionsModel
from planner.ui.course.view import CoursePageView


class DateEdits:
    def __init__(
        self,
        view: CoursePageView,
        sessions_model: SessionsModel,
        *,
        inputs: Callable[[], CourseInputs | None],
        update: Callable[..., Any],
        show_inputs: Callable[[CourseInputs], None],
    ) -> None:
        self.view = view
        self.sessions_model = sessions_model
        self._inputs = inputs  # the page's inputs as they are now
        self._update = update  # changes them (and recomputes the course soon)
        self._show_inputs = show_inputs
        self.last_move: SessionMove | None = None
        view.add_skip_button.clicked.connect(lambda: self.add_skip_date())
        view.remove_skip_button.clicked.connect(self.remove_skip_date)
        sessions_model.moveRequested.connect(self.move_session)
        view.move_button.clicked.connect(self.move_selected_to_calendar_day)
        view.calendar.activated.connect(lambda _d: self.move_selected_to_calendar_day())

    def add_skip_date(self, day: date | None = None) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        day = day or pydate(self.view.skip_date.date())
        if day in inputs.skip_dates:
            return
        skips = tuple(sorted((*inputs.skip_dates, day)))
        self.set_skips(skips)

    def remove_skip_date(self) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        row = self.view.skip_list.currentRow()
        days = sorted(inputs.skip_dates)
        if not 0 <= row < len(days):
            return
        self.set_skips(tuple(d for d in days if d != days[row]))

    def set_skips(self, skips: tuple[date, ...]) -> None:
        self._update(skip_dates=skips)
        inputs = self._inputs()
        assert inputs is not None
        self._show_inputs(replace(inputs, skip_dates=skips))

    def move_session(self, session: int, day: date) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        move = SessionMove(session, day)
        moves = (*(m for m in inputs.moves if m.session != session), move)
        self.last_move = move
        self._update(moves=moves)

    def move_selected_to_calendar_day(self) -> None:
        index = self.view.table.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.sessions_model.rows):
            self.view.set_field_problem(
                "moves", "Select a session in the table first, then the day in the calendar."
            )
            return
        row = self.sessions_model.rows[index.row()]
        day = pydate(self.view.calendar.selectedDate())
        if day != row.day:
            self.move_session(row.number, day)

    def refused_move(self, problems: Sequence[FieldProblem]) -> tuple[SessionMove, str] | None:
        """The move just made, and why, if the calendar cannot take it; forgotten either way."""
        move, self.last_move = self.last_move, None
        if move is None or not any(field_key(p.field) == "moves" for p in problems):
            return None
        return move, "; ".join(p.message for p in problems if field_key(p.field) == "moves")
