"""The review decisions under the progress chart, one row per review point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from planner.ui.progress.data import ReviewPoint
from planner.ui.shared.table_model import Index, RowsTableModel

ACTION_LABELS = {
    "continue": "Continue",
    "taper": "Taper",
    "adjust": "Adjust",
    "discharge": "Discharge",
    "refer": "Refer",
}
ACTION_COLORS = {"refer": QColor("#c62828"), "adjust": QColor("#8a6d00")}


class ReviewsModel(RowsTableModel[ReviewPoint]):
    SESSION, DATE, PAIN, DECISION, WHY = range(5)
    HEADERS = ("After session", "Date", "Pain", "Decision", "Why")

    @property
    def reviews(self) -> list[ReviewPoint]:
        return self.rows

    def set_reviews(self, reviews: Sequence[ReviewPoint]) -> None:
        self.set_rows(reviews)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_at(index)
        if r is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.SESSION:
                return str(r.session)
            if column == self.DATE:
                return f"{r.day.day} {r.day:%b %Y}" if r.day else "to come"
            if column == self.PAIN:
                return "–" if r.nprs is None else f"{r.nprs} of 10"
            if column == self.DECISION:
                return ACTION_LABELS.get(r.action, "—")
            return r.reason
        if role == Qt.ItemDataRole.ToolTipRole and (column == self.WHY or r.changes):
            return "\n".join([r.reason, *r.changes])
        if role == Qt.ItemDataRole.FontRole and column == self.DECISION and r.action:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if not r.action:
                return QBrush(QColor("#6b6b6b"))
            if column == self.DECISION and r.action in ACTION_COLORS:
                return QBrush(ACTION_COLORS[r.action])
        return None
