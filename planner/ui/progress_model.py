"""The review decisions under the progress chart, one row per review point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from planner.ui.progress_data import ReviewPoint

Index = QModelIndex | QPersistentModelIndex
ACTION_LABELS = {
    "continue": "Continue",
    "taper": "Taper",
    "adjust": "Adjust",
    "discharge": "Discharge",
    "refer": "Refer",
}
ACTION_COLORS = {"refer": QColor("#c62828"), "adjust": QColor("#8a6d00")}


class ReviewsModel(QAbstractTableModel):
    SESSION, DATE, PAIN, DECISION, WHY = range(5)
    HEADERS = ("After session", "Date", "Pain", "Decision", "Why")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.reviews: list[ReviewPoint] = []

    def set_reviews(self, reviews: Sequence[ReviewPoint]) -> None:
        self.beginResetModel()
        self.reviews = list(reviews)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.reviews)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.reviews):
            return None
        r, column = self.reviews[index.row()], index.column()
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
