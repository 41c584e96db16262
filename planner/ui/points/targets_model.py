"""The plan's target list as a table: safety badge, target, side, technique, retention, notes.

The model never changes its own rows when edited: setData asks for the change through
`editRequested`, and the controller pushes an undo command that calls replace(). So every
edit, typed in a cell or made anywhere else, is one step on the undo stack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint
from planner.domain.findings import Finding
from planner.domain.protocol import PlannedTarget, allowed_sides
from planner.domain.vocab import Side, Technique
from planner.ui.points.marker_items import SEVERITY_RING
from planner.ui.shared.labels import SEVERITY_LABELS

Index = QModelIndex | QPersistentModelIndex
SAFETY, TARGET, SIDE, TECHNIQUE, RETENTION, NOTES = range(6)
COLUMNS = ("Safety", "Target", "Side", "Technique", "Min", "Notes")
COLUMN_TIPS = (
    "The most severe finding for this target",
    "Acupoint or trigger-point region",
    "Left, right, both, or midline (GV and CV points)",
    "Manual or electroacupuncture",
    "Retention: minutes the needle stays in",
    "Your notes for this target",
)
TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
SIDE_LABELS: dict[Side, str] = {
    Side.LEFT: "Left",
    Side.RIGHT: "Right",
    Side.BOTH: "Both",
    Side.MIDLINE: "Midline",
}
SIDE_KEYS: dict[Side, str] = {
    Side.LEFT: "L left",
    Side.RIGHT: "R right",
    Side.BOTH: "B both",
    Side.MIDLINE: "M midline",
}
TECHNIQUE_LABELS: dict[Technique, str] = {Technique.MANUAL: "Manual", Technique.ELECTRO: "Electro"}
NO_RETENTION = "—"


def worst_findings(findings: Sequence[Finding]) -> dict[str, Finding]:
    """Each target's most severe finding (the list comes sorted, most severe first)."""
    worst: dict[str, Finding] = {}
    for finding in findings:
        for target in finding.targets:
            worst.setdefault(target, finding)
    return worst


def badge_text(finding: Finding | None) -> str:
    if finding is None:
        return ""
    label = SEVERITY_LABELS.get(str(finding.severity), str(finding.severity))
    return f"{label} (overridden)" if finding.resolved else label


class TargetsModel(QAbstractTableModel):
    # Row and the wanted target: an edit to push as an undo command.
    editRequested = Signal(int, object)

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._targets: list[PlannedTarget] = []
        self._worst: dict[str, Finding] = {}

    # --- contents ---------------------------------------------------------------------

    @property
    def targets(self) -> tuple[PlannedTarget, ...]:
        return tuple(self._targets)

    def set_targets(self, targets: Sequence[PlannedTarget]) -> None:
        new = list(targets)
        if new and [t.target for t in new] == [t.target for t in self._targets]:
            # The same rows edited: no reset, so an open cell editor stays this view's.
            self._targets = new
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._targets = new
        self.endResetModel()

    def replace_row(self, row: int, target: PlannedTarget) -> None:
        self._targets[row] = target
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self._worst = worst_findings(findings)
        if self._targets:
            self.dataChanged.emit(self.index(0, SAFETY), self.index(len(self._targets) - 1, SAFETY))

    def finding_for(self, target: str) -> Finding | None:
        return self._worst.get(target)

    def row_of(self, target: str) -> int | None:
        for row, t in enumerate(self._targets):
            if t.target == target:
                return row
        return None

    def target_at(self, row: int) -> PlannedTarget:
        return self._targets[row]

    def name(self, target: str) -> str:
        found = self.catalog.target(target)
        if isinstance(found, Acupoint):
            return f"{found.code} {found.pinyin}"
        return found.name if found is not None else target

    # --- Qt ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._targets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = index.column()
        target = self._targets[index.row()]
        # The side has no editor: its letters are clicked (SideDelegate) or keyed.
        editable = column in (TECHNIQUE, NOTES) or (
            column == RETENTION and not target.is_trigger_point
        )
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        t = self._targets[index.row()]
        column = index.column()
        finding = self._worst.get(t.target)
        if role == TARGET_ROLE:
            return t.target
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(t, column, finding)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(t, column)
        if role == Qt.ItemDataRole.DecorationRole and column == SAFETY and finding is not None:
            return SEVERITY_RING.get(str(finding.severity))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == SAFETY and finding is not None:
                return f"{badge_text(finding)}: {finding.message}"
            if column == NOTES and t.notes:
                return t.notes
            if column == SIDE:
                keys = ", ".join(SIDE_KEYS[s] for s in allowed_sides(t.target))
                return f"{SIDE_LABELS[t.side]}. Click a letter or press its key ({keys})."
            return self.name(t.target)
        if role == Qt.ItemDataRole.ForegroundRole and column == SAFETY and finding is not None:
            return QBrush(QColor("#7a2e00")) if not finding.resolved else None
        return None

    def _display(self, t: PlannedTarget, column: int, finding: Finding | None) -> str:
        if column == SAFETY:
            return badge_text(finding)
        if column == TARGET:
            return self.name(t.target)
        if column == SIDE:
            return SIDE_LABELS[t.side]
        if column == TECHNIQUE:
            return TECHNIQUE_LABELS[t.technique]
        if column == RETENTION:
            if t.is_trigger_point:
                return ""
            return f"{t.retention_minutes} min" if t.retention_minutes else NO_RETENTION
        return t.notes

    @staticmethod
    def _edit_value(t: PlannedTarget, column: int) -> Any:
        if column == SIDE:
            return t.side.value
        if column == TECHNIQUE:
            return t.technique.value
        if column == RETENTION:
            return t.retention_minutes or 0
        if column == NOTES:
            return t.notes
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = index.row(), index.column()
        old = self._targets[row]
        new = self.changed(old, column, value)
        if new is None or new == old:
            return False
        self.editRequested.emit(row, new)
        return True

    @staticmethod
    def changed(old: PlannedTarget, column: int, value: Any) -> PlannedTarget | None:
        """The target with one cell's new value, or None if the value cannot be taken."""
        try:
            if column == SIDE:
                side = Side(str(value))
                return replace(old, side=side) if side in allowed_sides(old.target) else None
            if column == TECHNIQUE:
                return replace(old, technique=Technique(str(value)))
            if column == RETENTION:
                if old.is_trigger_point:
                    return None
                minutes = int(value) if value not in (None, "") else 0
                return replace(old, retention_minutes=minutes or None)
            if column == NOTES:
                return replace(old, notes=str(value))
        except ValueError:
            return None
        return None

    def planned_sides(self) -> Mapping[str, list[Side]]:
        sides: dict[str, list[Side]] = {}
        for t in self._targets:
            sides.setdefault(t.target, []).append(t.side)
        return sides
