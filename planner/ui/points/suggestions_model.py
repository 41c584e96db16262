"""Suggestions as a list: a heading per group, then each suggestion with its risk for this
patient (as the screening would show it once added) and its short reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from planner.domain.findings import Finding
from planner.domain.suggestions import Group, Risks, Suggestion
from planner.ui.points.marker_items import SEVERITY_RING
from planner.ui.points.targets_model import SIDE_LABELS, badge_text

Index = QModelIndex | QPersistentModelIndex
SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 1
Row = Group | Suggestion  # a group's heading, or one suggestion


def risk_words(finding: Finding) -> str:
    """A finding in a few words: "vessel risk", "anticoagulants", "pregnancy" (the start of
    its message, before the point's name or the colon); else the rule's name ("sternum
    point") when the message starts with the point itself."""
    first = re.split(r"[.:]\s|:$|\.$", finding.message, maxsplit=1)[0]
    words = first.split(" at ", 1)[0].strip()
    if not words or any(c.isdigit() for c in words) or len(words.split()) > 5:
        return finding.rule.replace("-", " ")
    return words[:1].lower() + words[1:] if words[1:2].islower() else words


class SuggestionsModel(QAbstractListModel):
    def __init__(self, name: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._rows: list[Row] = []
        self._risks: Risks = {}
        self._planned: Callable[[Suggestion], bool] = lambda _s: False

    def set_groups(
        self,
        groups: Sequence[Group],
        risks: Risks,
        planned: Callable[[Suggestion], bool],
    ) -> None:
        self.beginResetModel()
        rows: list[Row] = []
        for g in groups:
            rows += [g, *g.shown]
        self._rows = rows
        self._risks = risks
        self._planned = planned
        self.endResetModel()

    def refresh_planned(self, planned: Callable[[Suggestion], bool]) -> None:
        self._planned = planned
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def suggestion_at(self, row: int) -> Suggestion | None:
        """The suggestion on this row (None on a heading)."""
        item = self._rows[row]
        return item if isinstance(item, Suggestion) else None

    def suggestions(self) -> list[Suggestion]:
        return [r for r in self._rows if isinstance(r, Suggestion)]

    def risk(self, target: str) -> Finding | None:
        """The finding shown for this suggestion: the most severe, its own before the case's."""
        found = self._risks.get(target, ())
        return found[0] if found else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], Group):
            return Qt.ItemFlag.ItemIsEnabled  # a heading: not chosen, not clicked
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if isinstance(row, Group):
            return self._heading(row, role)
        planned = self._planned(row)
        risk = self.risk(row.target)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✓ " if planned else "+ "
            head = f"{mark}{self._name(row.target)} ({SIDE_LABELS[row.side].lower()})"
            if risk is not None:
                head += f"  ·  {badge_text(risk)}: {risk_words(risk)}"
            lines = [head, row.reason]
            if row.caution:
                lines.append(row.caution)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ToolTipRole:
            action = "Already in the plan" if planned else "Click to add it to the plan"
            if risk is None:
                return f"{action}. No screening finding for this patient."
            found = self._risks[row.target]
            return "\n\n".join([f"{action}."] + [f"{badge_text(f)}: {f.message}" for f in found])
        if role == Qt.ItemDataRole.DecorationRole and risk is not None:
            return SEVERITY_RING.get(str(risk.severity))
        if role == Qt.ItemDataRole.ForegroundRole and planned:
            return QBrush(QColor("#777777"))
        if role == SUGGESTION_ROLE:
            return row
        return None

    @staticmethod
    def _heading(group: Group, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            more = f"  (+{group.more} more)" if group.more else ""
            return f"{group.group.heading}{more}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#0d3c78"))
        return None
