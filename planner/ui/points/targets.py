"""The planned targets: the plan panel (modality, electro, the table), the markers that
toggle targets, and the detail panel.

Every change is a new Plan handed to `push` (the page's undo stack); the controller then
shows it everywhere, this panel included (show_plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt

from planner.domain.catalog_entries import Target
from planner.domain.pain_regions import pain_side
from planner.domain.plan import Plan
from planner.domain.protocol import (
    PlannedTarget,
    allowed_sides,
    default_side,
    is_midline_code,
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
from planner.ui.points.targets_model import RETENTION, SIDE, TARGET, TECHNIQUE, TargetsModel
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
        self.plan = view.plan
        self.table = view.plan.targets
        self.model = model
        self.catalog = screening.catalog
        self.rules = screening.rules
        self.state = state
        self.push = push
        self.show_status = show_status
        self.current_target: str | None = None  # the one the detail panel describes
        table = self.table
        table.setModel(model)
        view.plan.set_columns()
        table.setItemDelegateForColumn(SIDE, SideDelegate(table))
        table.setItemDelegateForColumn(TECHNIQUE, TechniqueDelegate(table))
        table.setItemDelegateForColumn(RETENTION, RetentionDelegate(table))

    def show_plan(self, plan: Plan) -> None:
        """The plan's targets in the table, its modality and electro above it."""
        self.model.set_targets(plan_targets(plan))
        modality, electro = self.plan.modality, self.plan.electro
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
        if row is not None and row != self.table.currentIndex().row():
            # Only a move to another row: the cell (and any open editor) stays as it is.
            self.table.setCurrentIndex(self.model.index(row, TARGET))

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
            self.show_status(f"{self.model.name(target.target_id)} is already in the plan")
            return
        new = PlannedTarget(target.target_id, side or self.default_side(target.target_id))
        self.push(with_targets(self.state.plan, (*current, new)), f"Add {target.target_id}")
        self.current_target = target.target_id
        self.select_row(target.target_id)
        self.show_detail()

    def default_side(self, target: str) -> Side:
        """Midline for GV and CV points, else the pain drawing's side (both when it is not
        one-sided)."""
        if is_midline_code(target):
            return default_side(target)
        assessment = self.state.assessment
        return pain_side(assessment.pain_regions if assessment else ())

    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [r for r in rows if r < self.model.rowCount()]

    def set_side(self, side: Side) -> None:
        """The side of every selected target that may take it (one undo step)."""
        current = list(plan_targets(self.state.plan))
        rows = self.selected_rows()
        changed = [r for r in rows if side in allowed_sides(current[r].target)]
        for r in changed:
            current[r] = replace(current[r], side=side)
        refused = [current[r] for r in rows if r not in changed]
        if refused:
            names = ", ".join(self.model.name(t.target) for t in refused)
            self.show_status(
                f"{names}: not on the {side.value} side (lies on the midline)"
                if side in (Side.LEFT, Side.RIGHT)
                else f"{names}: not midline points"
            )
        if changed:
            self.push(with_targets(self.state.plan, current), f"Side {side.value}")

    def retention_to_all(self) -> None:
        """The selected point's retention for every point in the plan (regions have none)."""
        minutes = self.retention_source()
        if minutes is None:
            return
        current = [
            t if t.is_trigger_point else replace(t, retention_minutes=minutes)
            for t in plan_targets(self.state.plan)
        ]
        self.push(with_targets(self.state.plan, current), f"Retention {minutes} min for all")
        self.show_status(f"Every point now stays in {minutes} minutes")

    def retention_source(self) -> int | None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return None
        target = self.model.target_at(rows[0])
        return None if target.is_trigger_point else target.retention_minutes

    def update_buttons(self, *_args: object) -> None:
        rows = self.selected_rows() if self.state.patient_id is not None else []
        self.plan.remove_button.setEnabled(bool(rows))
        minutes = self.retention_source() if rows else None
        button = self.plan.retention_button
        button.setEnabled(minutes is not None)
        button.setToolTip(
            f"Give every point in the plan {minutes} minutes, as the selected one"
            if minutes is not None
            else "Select a point with its minutes set, to give every point the same"
        )

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        current = plan_targets(self.state.plan)
        names = ", ".join(self.model.name(current[r].target) for r in rows)
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
        text = MarkerLayer.tooltip(found, Side.BOTH).split(" · ")[0] if found else ""
        label = self.view.hover_label
        label.setToolTip(text)
        label.setText(
            label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, label.width())
        )

    def on_modality(self, _index: int) -> None:
        modality = Modality(self.plan.modality.currentData())
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
                    PlannedTarget(target.target_id, self.default_side(target.target_id)),
                ),
            )
            raw = screen(
                state.assessment, trial, self.catalog, self.rules, birth_date=state.birth_date
            )
            about = [f for f in raw if target.target_id in f.targets]
        self.view.library.detail.setHtml(detail_html(target, self.catalog, about, planned=planned))
