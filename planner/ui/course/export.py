"""The Course page's calendar export: the session dates as an .ics file.

The file names the patient, so it is written private (0600) and whole (atomically).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from pathlib import Path

from PySide6.QtWidgets import QWidget

from planner.domain.course.recommendation import CourseRecommendation
from planner.domain.errors import ValidationError
from planner.ui.course.view import CoursePageView
from planner.ui.course.wording import sentence
from planner.ui.shared.file_dialogs import choose_save_path

ChoosePath = Callable[[QWidget, str], "Path | None"]


def choose_ics_path(parent: QWidget, suggested: str) -> Path | None:
    return choose_save_path(
        parent, "Export the course to a calendar", suggested, "iCalendar (*.ics)", ".ics"
    )


class IcsExport:
    """Writes a course's dates, with the clinic and time set beside the export button."""

    def __init__(
        self,
        view: CoursePageView,
        show_status: Callable[[str], None],
        choose_path: ChoosePath = choose_ics_path,
    ) -> None:
        self.view = view
        self.show_status = show_status
        self.choose_path = choose_path

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
        if path is None:
            slug = re.sub(r"[^\w-]+", "-", name).strip("-").lower() or "course"
            path = self.choose_path(v, f"{slug}-course.ics")
            if path is None:
                return None
        from planner.casefile.ics import course_to_ics

        t = v.session_time.time()
        try:
            data = course_to_ics(
                name,
                course.dates,
                course.calendar.session_minutes,
                v.clinic_name.text(),
                time(t.hour(), t.minute()),
            )
            from planner.casefile.atomic import write_atomically

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
