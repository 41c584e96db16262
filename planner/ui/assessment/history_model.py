"""The patient's assessments for the history list: an unsaved one (if any) on top, then the
saved ones newest first, as the store returns them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from planner.domain.assessment import Assessment
from planner.ui.shared.formatting import long_date

Index = QModelIndex | QPersistentModelIndex
UNSAVED_TEXT = "New assessment (not saved yet)"


class AssessmentListModel(QAbstractListModel):
    ASSESSMENT_ROLE = Qt.ItemDataRole.UserRole  # the Assessment, or None for the unsaved row

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._saved: list[Assessment] = []
        self._unsaved = False

    def set_assessments(self, assessments: Sequence[Assessment], *, unsaved: bool) -> None:
        self.beginResetModel()
        self._saved = list(assessments)
        self._unsaved = unsaved
        self.endResetModel()

    def set_unsaved(self, unsaved: bool) -> None:
        if unsaved == self._unsaved:
            return
        if unsaved:
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._unsaved = True
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), 0, 0)
            self._unsaved = False
            self.endRemoveRows()

    @property
    def has_unsaved(self) -> bool:
        return self._unsaved

    def assessment_at(self, row: int) -> Assessment | None:
        """The saved assessment in a row; None for the unsaved row."""
        if self._unsaved:
            if row == 0:
                return None
            row -= 1
        return self._saved[row]

    def row_of(self, assessment_id: int | None) -> int | None:
        """The row of a saved assessment (None: the unsaved row, if shown)."""
        if assessment_id is None:
            return 0 if self._unsaved else None
        for row, a in enumerate(self._saved):
            if a.id == assessment_id:
                return row + int(self._unsaved)
        return None

    @property
    def saved(self) -> list[Assessment]:
        return list(self._saved)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._saved) + int(self._unsaved)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        a = self.assessment_at(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if a is None:
                return UNSAVED_TEXT
            mark = " (corrected, earlier version)" if a.corrected else ""
            return long_date(a.date) + mark + (f" · {a.complaint}" if a.complaint else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if a is None:
                return "The assessment you are typing; it is kept as a draft until you save"
            kept = "; a later version corrects it" if a.corrected else ""
            head = f"{long_date(a.date)} (read only{kept})"
            return head + (f"\n{a.complaint}" if a.complaint else "")
        if role == Qt.ItemDataRole.ForegroundRole and a is not None and a.corrected:
            return QColor("#777777")
        if role == Qt.ItemDataRole.FontRole and a is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == self.ASSESSMENT_ROLE:
            return a
        return None
