"""Qt models of the Course page: the numbered sessions and the phases being edited.

Both hold plain values; an edit is not applied here but reported (moveRequested,
phasesEdited) so the controller recomputes the course through the domain and shows it back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from planner.domain.course.override import PER_WEEK_MAX, WEEKS_MAX, Phase
from planner.domain.vocab import WEEKDAYS
from planner.ui.course.wording import short_date
from planner.ui.shared.table_model import Index, RowsTableModel

DAY_NAMES: dict[str, str] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
CLASH_BACKGROUND = QColor("#fde2e1")
MOVED_FOREGROUND = QColor("#1a5fb4")


def day_key(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def date_clash(
    day: date,
    clinic_days: Collection[str],
    preferred_days: Collection[str],
    skip_dates: Collection[date],
) -> str:
    """Why this date does not fit the calendar the practitioner set, or "" if it does.

    A moved session keeps its date even on a closed day (the domain allows it on purpose);
    the page only makes the clash impossible to miss.
    """
    name = DAY_NAMES[day_key(day)]
    if day in skip_dates:
        return f"{short_date(day)} is a skipped date (holiday or closure)"
    if clinic_days and day_key(day) not in clinic_days:
        return f"the clinic is closed on {name}s"
    if preferred_days and day_key(day) not in preferred_days:
        return f"{name} is not one of the patient's preferred days"
    return ""


@dataclass(frozen=True)
class SessionRow:
    number: int
    day: date
    review: bool = False
    moved: bool = False
    clash: str = ""
    start: datetime | None = None  # the time it starts (planner.domain.course.times)
    late: str = ""  # why today's session starts later than its day's time, if it does


class SessionsModel(RowsTableModel[SessionRow]):
    """Numbered sessions; the Date column is editable (a move the controller applies)."""

    NUMBER, DATE, WEEKDAY, TIME, NOTE = range(5)
    HEADERS = ("Session", "Date", "Day", "Time", "Note")
    moveRequested = Signal(int, object)  # session number, datetime.date

    def column_flags(self, column: int) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEditable if column == self.DATE else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.EditRole and column == self.DATE:
            return QDate(row.day.year, row.day.month, row.day.day)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DATE:
                return "Double-click to move this session to another date"
            if column == self.TIME:
                return row.late or "The day's session time (Session times, on the left)"
            return row.clash or None
        if role == Qt.ItemDataRole.BackgroundRole and row.clash:
            return QBrush(CLASH_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DATE and row.moved:
            return QBrush(MOVED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and row.review and column == self.NUMBER:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _text(row: SessionRow, column: int) -> str:
        if column == SessionsModel.NUMBER:
            return str(row.number)
        if column == SessionsModel.DATE:
            return f"{row.day.day} {row.day:%b %Y}"
        if column == SessionsModel.WEEKDAY:
            return DAY_NAMES[day_key(row.day)]
        if column == SessionsModel.TIME:
            return f"{row.start:%H:%M}" if row.start is not None else ""
        notes = []
        if row.review:
            notes.append("Review")
        if row.moved:
            notes.append("Moved")
        if row.clash:
            notes.append("⚠ " + row.clash[:1].upper() + row.clash[1:])
        return " · ".join(notes)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.DATE:
            return False
        if not isinstance(value, QDate) or not value.isValid():
            return False
        row = self.rows[index.row()]
        picked = date(value.year(), value.month(), value.day())
        if picked != row.day:
            # The controller redraws every date (later sessions follow a moved one).
            self.moveRequested.emit(row.number, picked)
        return True


class PhasesModel(RowsTableModel[Phase]):
    """The phases of the course, editable: weeks and sessions a week."""

    WEEKS, PER_WEEK, SESSIONS = range(3)
    HEADERS = ("Weeks", "Per week", "Sessions")
    phasesEdited = Signal()

    @property
    def phases(self) -> list[Phase]:
        return self.rows

    def set_phases(self, phases: Sequence[Phase]) -> None:
        self.set_rows(phases)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.rows)
        ):
            return f"Phase {section + 1}"
        return super().headerData(section, orientation, role)

    def column_flags(self, column: int) -> Qt.ItemFlag:
        if column in (self.WEEKS, self.PER_WEEK):
            return Qt.ItemFlag.ItemIsEditable
        return Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        phase = self.row_at(index)
        if phase is None:
            return None
        values = (phase.weeks, phase.per_week, phase.sessions)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.PER_WEEK:
            return "Sessions a week in this phase (1 to 7)"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() not in (self.WEEKS, self.PER_WEEK):
            return False
        try:
            number = int(value)
        except (TypeError, ValueError):
            return False
        high = WEEKS_MAX if index.column() == self.WEEKS else PER_WEEK_MAX
        if not 1 <= number <= high:
            return False
        old = self.phases[index.row()]
        new = (
            Phase(number, old.per_week)
            if index.column() == self.WEEKS
            else Phase(old.weeks, number)
        )
        if new == old:
            return True
        self.phases[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
        self.phasesEdited.emit()
        return True

    def add_phase(self) -> None:
        last = self.phases[-1] if self.phases else Phase(1, 1)
        row = len(self.phases)
        self.beginInsertRows(QModelIndex(), row, row)
        self.phases.append(Phase(1, last.per_week))
        self.endInsertRows()
        self.phasesEdited.emit()

    def remove_phase(self, row: int) -> None:
        if not 0 <= row < len(self.phases) or len(self.phases) <= 1:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.phases[row]
        self.endRemoveRows()
        self.phasesEdited.emit()
