"""The Course page's calendar export: the session dates as an .ics file.

Each session at its day's time (SessionTimes), the clinic's name and address as the place,
reviews marked, and the patient by initials when the practitioner asks (remembered: calendars
sync to cloud services). The file names the patient, so it is written private (0600) and
whole (atomically).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from planner.domain.course.recommendation import CourseRecommendation
from planner.domain.errors import DomainError, ValidationError
from planner.ui.course.view import CoursePageView
from planner.ui.course.wording import sentence
from planner.ui.shared.file_dialogs import choose_save_path

ChoosePath = Callable[[QWidget, str], "Path | None"]
INITIALS_KEY = "course/ics_initials"
NO_CLINIC = "The events carry no place yet: set the clinic's name and address in Edit › Settings…"


def choose_ics_path(parent: QWidget, suggested: str) -> Path | None:
    return choose_save_path(
        parent, "Export the course to a calendar", suggested, "iCalendar (*.ics)", ".ics"
    )


def clinic_place(folder: Path | None) -> tuple[str, str]:
    """The clinic's name, and its name and address on one line; ("", "") while Settings
    holds neither."""
    from planner.casefile.clinic import clinic_file, read_clinic

    if not clinic_file(folder).is_file():
        return "", ""  # read_clinic's placeholders are not a place
    details = read_clinic(folder)
    lines = [details.name, *details.address.splitlines()]
    return details.name.strip(), ", ".join(line.strip() for line in lines if line.strip())


class IcsExport:
    """Writes a course's dates, with the options set beside the export button."""

    def __init__(
        self,
        view: CoursePageView,
        show_status: Callable[[str], None],
        choose_path: ChoosePath = choose_ics_path,
        *,
        starts: Callable[[Sequence[date]], tuple[datetime, ...]],
        clinic_folder: Path | None = None,
    ) -> None:
        self.view = view
        self.show_status = show_status
        self.choose_path = choose_path
        self._starts = starts  # each session's start (SessionTimes)
        self.clinic_folder = clinic_folder
        self.settings = QSettings()
        view.initials.setChecked(bool(self.settings.value(INITIALS_KEY, False, type=bool)))
        view.initials.toggled.connect(lambda on: self.settings.setValue(INITIALS_KEY, on))

    def location(self) -> tuple[str, str]:
        """The clinic's name and the place the events name, said beside the button."""
        try:
            clinic, place = clinic_place(self.clinic_folder)
        except DomainError as exc:
            self.view.location_note.setText(f"The clinic's details cannot be read: {exc}")
            return "", ""
        self.view.location_note.setText(f"Events at {place}" if place else NO_CLINIC)
        return clinic, place

    def export(
        self,
        course: CourseRecommendation | None,
        patient_name: str | None,
        no_course_reason: str,
        path: Path | None = None,
    ) -> Path | None:
        """Write the dates as an .ics file; path None asks where (a save dialog)."""
        v = self.view
        if course is None or not course.dates or patient_name is None:
            v.set_field_problem(
                "export",
                "Nothing to export: "
                + (no_course_reason or "the course has no session dates yet").removeprefix(
                    "There are no session dates yet: "
                ),
            )
            return None
        name = patient_name
        initials = v.initials.isChecked()
        if path is None:
            slug = re.sub(r"[^\w-]+", "-", name).strip("-").lower() or "course"
            path = self.choose_path(v, "course.ics" if initials else f"{slug}-course.ics")
            if path is None:
                return None
        from planner.casefile.atomic import write_atomically
        from planner.casefile.ics import course_to_ics

        clinic, place = self.location()
        try:
            data = course_to_ics(
                name,
                course.dates,
                course.calendar.session_minutes,
                clinic,  # with the patient and the session, the event's UID
                time(9, 0),  # unused: starts gives each session's own
                starts=self._starts(course.dates),
                reviews_after=course.reviews_after,
                location=place,
                initials=initials,
            )
            write_atomically(path, data)  # private (0600): it names the patient
        except ValidationError as error:
            v.set_field_problem("export", " ".join(sentence(p.message) for p in error.problems))
            return None
        except OSError as exc:
            v.set_field_problem("export", f"Could not write {path}: {exc.strerror or exc}")
            return None
        v.set_field_problem("export", "")
        self.show_status(f"Exported {len(course.dates)} sessions to {path}")
        return path
