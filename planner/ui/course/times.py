"""The Course page's session times: one per weekday, remembered for every patient (they are
the clinic's hours, not the patient's), and each session's start from them.

The rule that today's session never starts at a time already past is the domain's
(planner.domain.course.times); the clock is injectable so tests fix "now".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time

from PySide6.QtCore import QSettings

from planner.domain.course.times import DEFAULT_TIME, session_starts
from planner.domain.vocab import WEEKDAYS
from planner.ui.course.view import CoursePageView

TIMES_KEY = "course/session_times"


def read_times(settings: QSettings) -> dict[str, time]:
    """'mon=09:00;fri=14:30' -> {'mon': 09:00, 'fri': 14:30}; what does not parse is left out."""
    found: dict[str, time] = {}
    for part in str(settings.value(TIMES_KEY, "") or "").split(";"):
        day, _, at = part.partition("=")
        try:
            if day in WEEKDAYS:
                found[day] = time.fromisoformat(at)
        except ValueError:
            continue
    return found


def write_times(settings: QSettings, times: dict[str, time]) -> None:
    settings.setValue(TIMES_KEY, ";".join(f"{d}={times[d]:%H:%M}" for d in WEEKDAYS if d in times))


class SessionTimes:
    def __init__(
        self,
        view: CoursePageView,
        *,
        today: Callable[[], date],
        clock: Callable[[], datetime],
        changed: Callable[[], None],
    ) -> None:
        self.view = view
        self._today = today
        self._clock = clock
        self._changed = changed  # the course is shown again with the new times
        self.settings = QSettings()
        view.session_times.set_times(read_times(self.settings), DEFAULT_TIME)
        view.session_times.changed.connect(self._edited)

    def now(self) -> datetime:
        """The page's today (tests fix it) at the clock's time of day."""
        return datetime.combine(self._today(), self._clock().time())

    def by_weekday(self) -> dict[str, time]:
        return self.view.session_times.times()

    def starts(self, dates: Sequence[date]) -> tuple[datetime, ...]:
        return session_starts(dates, self.by_weekday(), now=self.now())

    def late_note(self, day: date, start: datetime) -> str:
        """Why a session starts later than its day's time (today's, once that has passed)."""
        usual = self.by_weekday().get(WEEKDAYS[day.weekday()], DEFAULT_TIME)
        if start.time() == usual:
            return ""
        return f"Today at {start:%H:%M}: the day's {usual:%H:%M} has already passed"

    def show_days(self, days: tuple[str, ...]) -> None:
        self.view.session_times.show_days(days)

    def _edited(self) -> None:
        write_times(self.settings, self.by_weekday())
        self._changed()
