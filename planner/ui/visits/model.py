"""Qt models of the Visits page: the log (newest first) and the targets checklist, with the
checklist a new visit starts from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from planner.domain.course.for_case import session_numbers
from planner.domain.plan import Plan
from planner.domain.visit import Visit, VisitTarget, visit_targets_from_plan
from planner.domain.vocab import Side
from planner.ui.shared.formatting import long_date
from planner.ui.shared.table_model import Index, RowsTableModel
from planner.ui.visits.course_info import plain_target
from planner.ui.visits.labels import event_label, side_label

EVENT_BACKGROUND = QColor("#fff4e5")


Namer = Callable[[str], str]  # a target id in words (CourseInfo.name)


def targets_text(targets: Sequence[VisitTarget], name: Namer = plain_target) -> str:
    return ", ".join(
        name(t.target)
        + ("" if t.side in (Side.BOTH, Side.MIDLINE) else f" ({t.side.value[0].upper()})")
        for t in targets
    )


def default_side(rows: Sequence[TargetRow]) -> Side:
    """The side a target added by hand starts with: the one side every one-sided row
    shares (a one-sided complaint), else both."""
    sides = {r.side for r in rows if r.side in (Side.LEFT, Side.RIGHT)}
    return sides.pop() if len(sides) == 1 else Side.BOTH


def pain_text(v: Visit) -> str:
    before = "–" if v.nprs_before is None else str(v.nprs_before)
    after = "–" if v.nprs_after is None else str(v.nprs_after)
    return f"{before} → {after}"


class VisitLogModel(RowsTableModel[Visit]):
    SESSION, DATE, PAIN, TARGETS, EVENTS, HANDOUT = range(6)
    HEADERS = ("Session", "Date", "Pain", "Targets", "Adverse events", "Handout")
    HEADER_TIPS = (
        "Which session of the course: the visits in date order",
        "Date of the visit",
        "Pain (NPRS 0-10) before → after needling",
        "What was needled (L/R: side)",
        "Adverse events recorded at this visit",
        "Aftercare handout given",
    )

    @property
    def visits(self) -> list[Visit]:
        return self.rows

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.name: Namer = plain_target
        self.planned: int | None = None  # the course's sessions, when there is a course
        self.numbers: dict[int, int] = {}  # each visit's session number, by id

    def set_visits(self, visits: Sequence[Visit]) -> None:
        self.numbers = session_numbers(visits)
        self.set_rows(visits)

    def session_text(self, visit: Visit) -> str:
        number = self.numbers.get(visit.id or 0)
        if number is None:
            return ""
        return f"{number} of {self.planned}" if self.planned else str(number)

    def visit_at(self, row: int) -> Visit | None:
        return self.visits[row] if 0 <= row < len(self.visits) else None

    def row_of(self, visit_id: int | None) -> int | None:
        for row, v in enumerate(self.visits):
            if v.id == visit_id:
                return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        v = self.row_at(index)
        if v is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.SESSION:
                return self.session_text(v)
            if column == self.DATE:
                return f"{v.date.day} {v.date:%b %Y}"
            if column == self.PAIN:
                return pain_text(v)
            if column == self.TARGETS:
                return targets_text(v.targets, self.name) or "—"
            if column == self.EVENTS:
                return ", ".join(event_label(e.kind) for e in v.adverse_events) or "None"
            if column == self.HANDOUT:
                return "Given" if v.handout_given else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.EVENTS and v.adverse_events:
                return "\n".join(
                    f"{event_label(e.kind)}: {e.description or '(no description)'}"
                    + (f" · follow-up: {e.follow_up}" if e.follow_up else "")
                    for e in v.adverse_events
                )
            if column == self.TARGETS and v.targets:
                return targets_text(v.targets, self.name)
            notes = [t for t in (v.subjective, v.assessment) if t]
            return "\n".join(notes) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SESSION:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and v.adverse_events and column == self.EVENTS:
            return QBrush(EVENT_BACKGROUND)
        return None


@dataclass
class TargetRow:
    target: str
    side: Side
    used: bool = True


def prefill_targets(last: Visit | None, plan: Plan | None) -> tuple[list[TargetRow], str]:
    """A new visit's checklist, and where it came from: the last visit's targets ticked,
    then the plan's others unticked."""
    rows = [TargetRow(t.target, t.side) for t in last.targets] if last else []
    planned = visit_targets_from_plan(plan) if plan is not None else ()
    if last is not None and last.targets:
        seen = {(r.target, r.side) for r in rows}
        rows += [
            TargetRow(t.target, t.side, used=False)
            for t in planned
            if (t.target, t.side) not in seen
        ]
        source = f"Ticked as at the visit of {long_date(last.date)}; untick what was not used."
        if len(rows) > len(last.targets):
            source += " Unticked: the rest of the plan."
        return rows, source
    if planned:
        rows = [TargetRow(t.target, t.side) for t in planned]
        return rows, "From the plan; untick what was not used."
    return [], "No plan or earlier visit: add what was needled below."


class VisitTargetsModel(RowsTableModel[TargetRow]):
    """A checklist: tick what was actually needled; the side is editable."""

    TARGET, SIDE = range(2)
    HEADERS = ("Target", "Side")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.name: Namer = plain_target

    def set_rows(self, rows: Sequence[TargetRow]) -> None:
        # Copies: ticking a box here must not change the caller's rows.
        super().set_rows([TargetRow(r.target, r.side, r.used) for r in rows])

    def add(self, target: str, side: Side) -> bool:
        """Add (ticked) unless already listed with that side; True when added or re-ticked."""
        for row, r in enumerate(self.rows):
            if r.target == target and r.side == side:
                if not r.used:
                    self.setData(self.index(row, 0), Qt.CheckState.Checked.value,
                                 Qt.ItemDataRole.CheckStateRole)  # fmt: skip
                return not r.used
        at = len(self.rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.append(TargetRow(target, side, True))
        self.endInsertRows()
        return True

    def used(self) -> tuple[VisitTarget, ...]:
        return tuple(VisitTarget(r.target, r.side) for r in self.rows if r.used)

    def column_flags(self, column: int) -> Qt.ItemFlag:
        if column == self.TARGET:
            return Qt.ItemFlag.ItemIsUserCheckable
        return Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_at(index)
        if r is None:
            return None
        if index.column() == self.TARGET:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.name(r.target)
            if role == Qt.ItemDataRole.CheckStateRole:
                return (Qt.CheckState.Checked if r.used else Qt.CheckState.Unchecked).value
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Ticked: needled at this visit"
        elif index.column() == self.SIDE:
            if role == Qt.ItemDataRole.DisplayRole:
                return side_label(r.side)
            if role == Qt.ItemDataRole.EditRole:
                return r.side.value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        r = self.row_at(index)
        if r is None:
            return False
        if index.column() == self.TARGET and role == Qt.ItemDataRole.CheckStateRole:
            state = value.value if isinstance(value, Qt.CheckState) else int(value)
            r.used = state == Qt.CheckState.Checked.value
        elif index.column() == self.SIDE and role == Qt.ItemDataRole.EditRole:
            try:
                r.side = Side(str(value))
            except ValueError:
                return False
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True
