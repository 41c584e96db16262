"""The Course page's display: the course on the widgets, or why there is none.

Only what is shown: the controller decides what the course is and passes it in; what the
page says about a missing course (no_course_reason) comes back for the export to repeat.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSignalBlocker

from planner.domain.course.recommendation import CourseRecommendation
from planner.domain.course.words import phase_text
from planner.domain.findings import Finding, Severity
from planner.domain.plan import Plan
from planner.ui.course.inputs import CourseInputs
from planner.ui.course.model import PhasesModel, SessionRow, SessionsModel, date_clash
from planner.ui.course.times import SessionTimes
from planner.ui.course.view import CoursePageView
from planner.ui.course.wording import numbers, sentence, short_date
from planner.ui.shared.formatting import long_date


class CourseDisplay:
    def __init__(
        self,
        view: CoursePageView,
        sessions_model: SessionsModel,
        phases_model: PhasesModel,
        times: SessionTimes,
    ) -> None:
        self.view = view
        self.sessions_model = sessions_model
        self.phases_model = phases_model
        self.times = times

    def show_nothing(self, subtitle: str) -> None:
        self.view.subtitle.setText(subtitle)
        self.view.summary.setText("")
        self.view.schedule_text.setText("")
        self.view.rationale.setText("")
        self.view.sources.setText("")
        self.view.refer_banner.hide()
        self.sessions_model.set_rows([])
        self.phases_model.set_phases([])
        self.view.calendar.show_course({})
        self.view.show_field_problems({})
        self.set_editable(False)
        self.view.save_button.setEnabled(False)
        self.view.revert_button.setEnabled(False)

    def set_editable(self, editable: bool) -> None:
        v = self.view
        for widget in (v.calendar_box, v.changes_box, v.table, v.move_button, v.reset_button):
            widget.setEnabled(editable)

    def show_refer(self, stop: list[Finding]) -> str:
        """No course: the safety gate stops the plan (a red flag or a block). Returns why."""
        flags = [f for f in stop if f.severity is Severity.REFER]
        if flags:
            title = "No course until the red flag is cleared"
            what = (
                "Refer the patient on. Once someone qualified has cleared them, record who, "
                "their role, the date and a note with Record a clearance… on the Assessment "
                "page; a course change never lifts a red flag."
            )
        else:
            title = "No course while a point that must not be used is planned"
            what = (
                "On the Points page, remove "
                + ", ".join(t for f in stop for t in f.targets)
                + " or record a written reason for each."
            )
        self.view.refer_banner.title.setText(title)
        self.view.refer_banner.show_findings(stop)
        self.clear_course()
        self.view.summary.setText(title)
        self.view.rationale.setText(what)
        self.set_editable(False)
        self.view.show_field_problems({})
        self.view.show_message("")
        return f"{title}: {stop[0].message}" if stop else ""

    def clear_course(self) -> str:
        """No dates to show; returns why, from the page's message as it is now."""
        self.sessions_model.set_rows([])
        self.view.calendar.show_course({})
        self.view.summary.setText("")
        self.view.schedule_text.setText("")
        self.view.rationale.setText("")
        self.view.sources.setText("")
        return "There are no session dates yet: " + (
            self.view.message.text() or "plan the course first."
        )

    def show_course(
        self,
        course: CourseRecommendation,
        recommended: CourseRecommendation | None,
        i: CourseInputs,
    ) -> None:
        v = self.view
        rec = recommended
        count = course.sessions
        summary = f"{count} session{'s' * (count != 1)}"
        if rec is not None and rec.sessions != count:
            summary += f" (recommended {rec.sessions}, range {rec.min_sessions}–{rec.max_sessions})"
        else:
            summary += f" (range {course.min_sessions}–{course.max_sessions})"
        v.summary.setText(summary)
        first, last = course.dates[0], course.dates[-1]
        v.schedule_text.setText(
            sentence(", then ".join(phase_text(p) for p in course.phases))
            + f" Reviews after session{'s' * (len(course.reviews_after) > 1)} "
            + f"{numbers(course.reviews_after)}. From {long_date(first)} to {long_date(last)}."
        )
        v.rationale.setText(course.rationale)
        v.sources.setText("Sources: " + "; ".join(course.sources))
        moved = {m.session for m in i.moves}
        reviews = set(course.reviews_after)
        starts = self.times.starts(course.dates)
        rows = [
            SessionRow(
                n,
                day,
                review=n in reviews,
                moved=n in moved,
                clash=date_clash(day, i.clinic_days, i.preferred_days, i.skip_dates),
                start=start,
                late=self.times.late_note(day, start),
            )
            for n, (day, start) in enumerate(zip(course.dates, starts, strict=True), start=1)
        ]
        self.times.show_days(course.calendar.weekdays)
        v.time_note.setText(next((f"{r.late}." for r in rows if r.late), ""))
        v.time_note.setVisible(bool(v.time_note.text()))
        current = v.table.currentIndex()
        self.sessions_model.set_rows(rows)
        if current.isValid() and current.row() < len(rows):
            v.table.setCurrentIndex(self.sessions_model.index(current.row(), current.column()))
        for column in (
            SessionsModel.NUMBER,
            SessionsModel.DATE,
            SessionsModel.WEEKDAY,
            SessionsModel.TIME,
        ):
            v.table.resizeColumnToContents(column)
        v.table.horizontalHeader().setStretchLastSection(True)
        clashes = [r for r in rows if r.clash]
        if clashes:
            v.set_field_problem(
                "moves",
                "\n".join(
                    f"⚠ Session {r.number} on {short_date(r.day)}: {r.clash}." for r in clashes
                ),
            )
        v.calendar.show_course(
            {r.day: r.number for r in rows},
            [r.day for r in rows if r.review],
            [r.day for r in clashes],
            i.skip_dates,
        )
        shown = date(v.calendar.yearShown(), v.calendar.monthShown(), 1)
        if not first.replace(day=1) <= shown <= last.replace(day=1):
            v.calendar.setCurrentPage(first.year, first.month)  # keep the month the user is on
        with QSignalBlocker(v.sessions):
            v.sessions.setValue(count)
        v.range_note.setText(
            f"Recommended {rec.sessions} (range {rec.min_sessions}–{rec.max_sessions})"
            if rec is not None
            else ""
        )
        if tuple(self.phases_model.phases) != course.phases:
            self.phases_model.set_phases(course.phases)
        if not v.reviews.hasFocus() and not i.reviews_problem:
            v.reviews.setText(", ".join(map(str, course.reviews_after)))

    def show_state(
        self, *, dirty: bool, can_save: bool, no_course: bool, plan: Plan | None
    ) -> None:
        """The save and revert buttons, and the subtitle saying what is saved."""
        v = self.view
        v.save_button.setEnabled(can_save and dirty)
        v.revert_button.setEnabled(dirty)
        if no_course:
            v.subtitle.setText("No course planned")
        elif dirty:
            v.subtitle.setText("Not saved yet · your changes are kept as a draft")
        elif plan and plan.course_override:
            o = plan.course_override
            when = f" on {long_date(o.recorded_on)}" if o.recorded_on else ""
            v.subtitle.setText(f"Saved, with your changes{when}")
        elif plan and plan.start_date:
            v.subtitle.setText("Saved · as recommended")
        else:
            v.subtitle.setText("Not saved yet")
