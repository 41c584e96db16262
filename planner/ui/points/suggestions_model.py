"""Suggestions from the pain drawing as a list: target, side and the reason, two lines each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from planner.domain.suggestions import Suggestion
from planner.ui.points.targets_model import SIDE_LABELS

Index = QModelIndex | QPersistentModelIndex
SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 1


class SuggestionsModel(QAbstractListModel):
    def __init__(self, name: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._items: list[Suggestion] = []
        self._planned: Callable[[Suggestion], bool] = lambda _s: False

    def set_suggestions(
        self, items: Sequence[Suggestion], planned: Callable[[Suggestion], bool]
    ) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._planned = planned
        self.endResetModel()

    def refresh_planned(self, planned: Callable[[Suggestion], bool]) -> None:
        self._planned = planned
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def suggestion_at(self, row: int) -> Suggestion:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._items[index.row()]
        planned = self._planned(s)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✓ " if planned else "+ "
            return f"{mark}{self._name(s.target)} ({SIDE_LABELS[s.side].lower()})\n{s.reason}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Already in the plan" if planned else "Click to add to the plan"
        if role == Qt.ItemDataRole.ForegroundRole and planned:
            return QBrush(QColor("#777777"))
        if role == SUGGESTION_ROLE:
            return s
        return None
