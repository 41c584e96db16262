"""A month calendar that shows a course: numbered session days, reviews, clashes, skip dates.

Colour is never the only cue: each session day carries its number, a review day an "R",
a clash a "!" and a skipped date a strike-through.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QCalendarWidget, QWidget

SESSION_FILL = QColor("#d7e8fb")
SESSION_EDGE = QColor("#1a5fb4")
REVIEW_FILL = QColor("#fff1c2")
REVIEW_EDGE = QColor("#b58900")
CLASH_EDGE = QColor("#c62828")
SKIP_FILL = QColor("#eeeeee")
LEGEND = (
    "Blue: a session (its number at the top right) · Yellow R: a review after that session · "
    "Red !: the date clashes with the calendar · Grey, struck: a skipped date"
)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CourseCalendarWidget(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("courseCalendar")
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setToolTip(LEGEND)
        self.sessions: dict[date, int] = {}
        self.reviews: set[date] = set()
        self.clashes: set[date] = set()
        self.skipped: set[date] = set()

    def show_course(
        self,
        sessions: Mapping[date, int],
        reviews: Collection[date] = (),
        clashes: Collection[date] = (),
        skipped: Collection[date] = (),
    ) -> None:
        self.sessions = dict(sessions)
        self.reviews = set(reviews)
        self.clashes = set(clashes)
        self.skipped = set(skipped)
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, day: QDate) -> None:
        when = pydate(day)
        number = self.sessions.get(when)
        skipped = when in self.skipped
        if number is None and not skipped:
            super().paintCell(painter, rect, day)
            return
        painter.save()
        inner = rect.adjusted(1, 1, -1, -1)
        if number is not None:
            review = when in self.reviews
            painter.fillRect(inner, REVIEW_FILL if review else SESSION_FILL)
            edge = CLASH_EDGE if when in self.clashes else (REVIEW_EDGE if review else SESSION_EDGE)
            painter.setPen(QPen(edge, 2))
            painter.drawRect(inner.adjusted(1, 1, -1, -1))
        else:
            painter.fillRect(inner, SKIP_FILL)
        if day == self.selectedDate():
            painter.setPen(QPen(self.palette().highlight().color(), 3))
            painter.drawRect(inner.adjusted(2, 2, -2, -2))
        font = QFont(painter.font())
        font.setBold(number is not None)
        font.setStrikeOut(skipped)
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignCenter), str(day.day()))
        if number is not None:
            small = QFont(font)
            small.setStrikeOut(False)
            small.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
            painter.setFont(small)
            tag = f"#{number}"
            if when in self.reviews:
                tag += " R"
            if when in self.clashes:
                tag = "! " + tag
                painter.setPen(CLASH_EDGE)
            painter.drawText(
                inner.adjusted(2, 1, -3, 0),
                int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight),
                tag,
            )
        painter.restore()
