"""The Course page's inputs on its widgets, both ways: what is typed becomes CourseInputs, and
CourseInputs are shown without feeding the change back.

Edits go through `update` (the controller's), which recomputes the course once the event
loop is free.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker

from planner.domain.course.phases import fit_phases
from planner.ui.course.calendar import pydate, qdate
from planner.ui.course.inputs import CourseInputs, parse_reviews
from planner.ui.course.model import PhasesModel
from planner.ui.course.view import CoursePageView
from planner.ui.shared.formatting import long_date


class InputEdits:
    def __init__(
        self,
        view: CoursePageView,
        phases_model: PhasesModel,
        *,
        inputs: Callable[[], CourseInputs | None],
        update: Callable[..., Any],
        shown_sessions: Callable[[], int | None],
    ) -> None:
        self.view = view
        self.phases_model = phases_model
        self._inputs = inputs  # the page's inputs as they are now
        self._update = update  # changes them (and recomputes the course soon)
        self._shown_sessions = shown_sessions  # the count of the course on the page, if any
        self.loading = False
        self.holiday_names: dict[date, str] = {}  # skipped dates named (public holidays)
        v = view
        v.start_date.dateChanged.connect(self.read_calendar)
        for box in (*v.clinic_days.boxes.values(), *v.preferred_days.boxes.values()):
            box.toggled.connect(self.read_calendar)
        v.nice_cap.toggled.connect(self.read_calendar)
        v.sessions.valueChanged.connect(self.set_sessions)
        v.reviews.textEdited.connect(self.read_reviews)
        v.reason.textEdited.connect(self.read_reason)
        phases_model.phasesEdited.connect(self.read_phases)
        v.add_phase_button.clicked.connect(phases_model.add_phase)
        v.remove_phase_button.clicked.connect(self.remove_phase)
        v.reset_button.clicked.connect(self.use_recommendation)

    def show(self, i: CourseInputs, *, first: bool = False) -> None:
        """The widgets from the inputs, without feeding the change back."""
        v = self.view
        self.loading = True
        try:
            blockers = [
                QSignalBlocker(w)
                for w in (
                    v.start_date,
                    v.nice_cap,
                    v.sessions,
                    *v.clinic_days.boxes.values(),
                    *v.preferred_days.boxes.values(),
                )
            ]
            v.start_date.setDate(qdate(i.start_date))
            v.clinic_days.set_days(i.clinic_days)
            v.preferred_days.set_days(i.preferred_days)
            v.nice_cap.setChecked(i.nice_cap)
            v.skip_list.clear()
            for day in sorted(i.skip_dates):
                name = self.holiday_names.get(day)
                v.skip_list.addItem(f"{long_date(day)} · {name}" if name else long_date(day))
            if first:
                v.skip_date.setDate(qdate(i.start_date))
                v.reviews.setText(", ".join(map(str, i.reviews_after or ())))
                v.reason.setText(i.reason)
            del blockers
        finally:
            self.loading = False

    def read_calendar(self) -> None:
        """The start date, the clinic's and the patient's days and the cap, as set now."""
        if self.loading:
            return
        v = self.view
        self._update(
            start_date=pydate(v.start_date.date()),
            clinic_days=v.clinic_days.days(),
            preferred_days=v.preferred_days.days(),
            nice_cap=v.nice_cap.isChecked(),
        )

    def set_sessions(self, count: int) -> None:
        """A typed count; phases, the final review and the moves follow it where they can."""
        i = self._inputs()
        if i is None or self.loading:
            return
        old = self._shown_sessions()
        phases = i.phases
        if phases is not None and count > 0:
            phases = fit_phases(phases, count)
        reviews = i.reviews_after
        if reviews and old is not None and reviews[-1] == old and count > 0:
            # The review "at the end" moves with the end; a typed later one is left to fail.
            reviews = (*(r for r in reviews[:-1] if r < count), count)
        moves = tuple(m for m in i.moves if m.session <= count)
        self._update(sessions=count, phases=phases, reviews_after=reviews, moves=moves)

    def read_phases(self) -> None:
        phases = tuple(self.phases_model.phases)
        self._update(phases=phases, sessions=None)

    def remove_phase(self) -> None:
        row = self.view.phases.currentIndex().row()
        self.phases_model.remove_phase(row if row >= 0 else len(self.phases_model.phases) - 1)

    def read_reviews(self, text: str) -> None:
        reviews, problem = parse_reviews(text)
        self._update(reviews_after=reviews, reviews_problem=problem)

    def read_reason(self, text: str) -> None:
        self._update(reason=text)

    def use_recommendation(self) -> None:
        if self._inputs() is None:
            return
        self._update(sessions=None, phases=None, reviews_after=None, moves=(), reason="")
        self.view.reviews.clear()
        self.view.reason.clear()
