"""The planned targets: the plan panel (modality, electro, the table), the markers that
toggle targets, and the detail panel.

Every change is a new Plan handed to `push` (the page's undo stack); the controller then
shows it everywhere, this panel included (show_plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QSignalBlocker

from planner.domain.catalog_entries import Target
from planner.domain.plan import Plan
from planner.domain.protocol import (
    PlannedTarget,
    default_side,
    plan_targets,
    toggle_side,
    with_targets,
)
from planner.domain.screening import screen
from planner.domain.vocab import Modality, Side, Technique
from planner.ui.points.delegates import RetentionDelegate, SideDelegate, TechniqueDelegate
from planner.ui.points.detail import detail_html
from planner.ui.points.markers import MarkerLayer
from planner.ui.points.state import PlanState
from planner.ui.points.targets_model import RETENTION, SIDE, TECHNIQUE, TargetsModel
from planner.ui.points.view import PointsPageView
from planner.ui.reference import Screening


class TargetList:
    """Adds, removes and edits the plan's targets (modality and electro with them); shows the
    current one in the detail panel."""

    def __init__(
        self,
        view: PointsPageView,
        model: TargetsModel,
        screening: Screening,
        state: PlanState,
        *,
        push: Callable[[Plan, str], None],
        show_status: Callable[[str], None],
    ) -> None:
        self.view = view
        self.table = view.targets
        self.model = model
        self.catalog = screening.catalog
        self.rules = screening.rules
        self.state = state
        self.push = push
        self.show_status = show_status
        self.current_target: str | None = None  # the one the detail panel describes
        table = self.table
        table.setModel(model)
        view.set_targets_columns()
        table.setItemDelegateForColumn(SIDE, SideDelegate(table))
        table.setItemDelegateForColumn(TECHNIQUE, TechniqueDelegate(table))
        table.setItemDelegateForColumn(RETENTION, RetentionDelegate(table))

    def show_plan(self, plan: Plan) -> None:
        """The plan's targets in the table, its modality and electro above it."""
        self.model.set_targets(plan_targets(plan))
        modality, electro = self.view.modality, self.view.electro
        with QSignalBlocker(modality), QSignalBlocker(electro):
            modality.setCurrentIndex(modality.findData(plan.modality.value))
            electro.setChecked(plan.electro)

    def current_row_target(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.target_at(index.row()).target

    def select_row(self, target: str) -> None:
        row = self.model.row_of(target)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 1))

    def show(self, target: str) -> None:
        """Describe this target in the detail panel (planned or not)."""
        self.current_target = target
        self.show_detail()

    # --- changes --------------------------------------------------------------------------

    def add(self, target_id: str, side: Side | None = None) -> None:
        target = self.catalog.target(target_id)
        if target is None or self.state.patient_id is None:
            return
        current = plan_targets(self.state.plan)
        if any(t.target == target.target_id for t in current):
            self.select_row(target.target_id)
            self.show_status(f"{target.target_id} is already in the plan")
            return
        new = PlannedTarget(target.target_id, side or default_side(target.target_id))
        self.push(with_targets(self.state.plan, (*current, new)), f"Add {target.target_id}")
        self.current_target = target.target_id
        self.select_row(target.target_id)
        self.show_detail()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if not rows:
            return
        current = plan_targets(self.state.plan)
        names = ", ".join(current[r].target for r in rows)
        kept = [t for i, t in enumerate(current) if i not in rows]
        self.push(with_targets(self.state.plan, kept), f"Remove {names}")

    def on_edit(self, row: int, new: PlannedTarget) -> None:
        current = list(plan_targets(self.state.plan))
        old = current[row]
        current[row] = new
        plan = with_targets(self.state.plan, current)
        if new.technique is Technique.ELECTRO and not plan.electro:
            plan = replace(plan, electro=True)  # plan_problems requires them in step
        what = (
            "side"
            if new.side != old.side
            else "technique"
            if new.technique != old.technique
            else ("retention" if new.retention_minutes != old.retention_minutes else "notes")
        )
        self.push(plan, f"Change {what} of {new.target}")

    def on_marker_clicked(self, target: str, side: str) -> None:
        if self.state.patient_id is None:
            return
        current = plan_targets(self.state.plan)
        after = toggle_side(current, target, Side(side))
        was = any(t.target == target for t in current)
        now = any(t.target == target for t in after)
        text = (
            f"Add {target}"
            if now and not was
            else f"Remove {target}"
            if was and not now
            else (f"Change side of {target}")
        )
        self.push(with_targets(self.state.plan, after), text)
        self.current_target = target
        self.select_row(target)
        self.show_detail()

    def on_marker_hovered(self, target: str) -> None:
        found = self.catalog.target(target) if target else None
        self.view.hover_label.setText(
            MarkerLayer.tooltip(found, Side.BOTH).split(" · ")[0] if found else ""
        )

    def on_modality(self, _index: int) -> None:
        modality = Modality(self.view.modality.currentData())
        self.push(replace(self.state.plan, modality=modality), "Change modality")

    def on_electro(self, on: bool) -> None:
        plan = replace(self.state.plan, electro=on)
        if not on:
            # Electro targets need plan.electro: turning it off makes them manual.
            plan = with_targets(
                plan, [replace(t, technique=Technique.MANUAL) for t in plan_targets(plan)]
            )
        self.push(plan, "Electro on" if on else "Electro off")

    # --- the detail panel -----------------------------------------------------------------

    def on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < self.model.rowCount():
            self.current_target = self.model.target_at(current.row()).target
            self.show_detail()

    def show_detail(self) -> None:
        state = self.state
        target: Target | None = (
            self.catalog.target(self.current_target) if self.current_target else None
        )
        about = [f for f in state.findings if target is not None and target.target_id in f.targets]
        planned = target is not None and self.model.row_of(target.target_id) is not None
        if target is not None and not planned:
            # What the screening would say if it were added: so the risk shows before a click.
            trial = with_targets(
                state.plan,
                (
                    *plan_targets(state.plan),
                    PlannedTarget(target.target_id, default_side(target.target_id)),
                ),
            )
            raw = screen(
                state.assessment, trial, self.catalog, self.rules, birth_date=state.birth_date
            )
            about = [f for f in raw if target.target_id in f.targets]
        self.view.detail.setHtml(detail_html(target, self.catalog, about, planned=planned))
