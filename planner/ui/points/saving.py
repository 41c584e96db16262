"""Saving the points: the draft of unsaved changes, the reasons a block needs, the conflict.

Unsaved selections are parked as a draft once a change settles (a crash loses at most the
last change), when the patient changes and when the window closes, and put back on the undo
stack when the patient opens again. Saving asks for a written reason for each standing block
first, screens again if the assessment changed meanwhile, and asks before replacing points
someone else saved. The Course page saves its dates into the same plan: they are kept. The
draft and the conflict question are every page's (DraftSlot and save_or_resolve in
planner.ui.shared.editing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack

from planner.domain.assessment import Assessment
from planner.domain.catalog import Catalog
from planner.domain.errors import ConflictError, DomainError
from planner.domain.findings import Finding
from planner.domain.plan import Override, Plan, plan_problems
from planner.domain.protocol import PlannedTarget, plan_targets, with_targets
from planner.domain.vocab import Modality, Side, Technique
from planner.ui.points.override_dialog import OverrideDialog
from planner.ui.points.state import PlanState
from planner.ui.points.view import PointsPageView
from planner.ui.shared.editing import AUTOSAVE_MS, DraftSlot, save_or_resolve
from planner.ui.workspace import WorkspaceContext

DRAFT_KIND = "points"


def _plan_draft(plan: Plan) -> dict[str, Any]:
    return {
        "modality": plan.modality.value,
        "electro": plan.electro,
        "targets": [
            {
                "target": t.target,
                "side": t.side.value,
                "technique": t.technique.value,
                "retention_minutes": t.retention_minutes,
                "notes": t.notes,
            }
            for t in plan_targets(plan)
        ],
        "overrides": [
            {"rule": o.rule, "target": o.target, "reason": o.reason} for o in plan.overrides
        ],
    }


def _plan_from_draft(base: Plan, data: Mapping[str, Any]) -> Plan:
    targets = [
        PlannedTarget(
            d["target"],
            Side(d["side"]),
            Technique(d["technique"]),
            d.get("retention_minutes"),
            d.get("notes", ""),
        )
        for d in data.get("targets", [])
    ]
    overrides = tuple(
        Override(o["rule"], o["target"], o["reason"]) for o in data.get("overrides", [])
    )
    plan = replace(
        base,
        modality=Modality(data.get("modality", base.modality)),
        electro=bool(data.get("electro", base.electro)),
        overrides=overrides,
    )
    return with_targets(plan, targets)


class PlanSaving:
    """The page's draft, its save (asking for reasons first) and its reload."""

    def __init__(
        self,
        view: PointsPageView,
        context: WorkspaceContext,
        catalog: Catalog,
        state: PlanState,
        undo_stack: QUndoStack,
        *,
        push: Callable[[Plan, str], None],
        take_assessment: Callable[[Assessment | None], bool],
        reopen: Callable[[int], None],
        update_state: Callable[[], None],
        on_saved: Callable[[], None],
    ) -> None:
        """`take_assessment` screens against an assessment (True: a new one, screened
        again); `reopen` loads the patient's saved plan afresh; `on_saved` follows a save."""
        self.view = view
        self.context = context
        self.catalog = catalog
        self.state = state
        self.undo_stack = undo_stack
        self.push = push
        self.take_assessment = take_assessment
        self.reopen = reopen
        self.update_state = update_state
        self.on_saved = on_saved
        self.override_dialog: OverrideDialog | None = None  # open while a reason is asked
        self.draft = DraftSlot(context.drafts, DRAFT_KIND, on_error=context.show_status)
        self.park_timer = QTimer(view)
        self.park_timer.setSingleShot(True)
        self.park_timer.setInterval(AUTOSAVE_MS)
        self.park_timer.timeout.connect(self.park_draft)
        undo_stack.indexChanged.connect(lambda _index: self.park_timer.start())

    def park_draft(self) -> None:
        # Unsaved selections survive a patient switch, a close or a crash as a draft; a
        # plan with nothing to undo leaves none.
        self.park_timer.stop()
        self.draft.park(None if self.undo_stack.isClean() else _plan_draft(self.state.plan))

    def restore_draft(self) -> None:
        """The patient's unsaved points, if a draft was left, back on the undo stack."""
        draft = self.draft.load()
        if draft is None:
            return
        try:
            restored = _plan_from_draft(self.state.plan, draft.data)
        except (KeyError, ValueError, TypeError):
            return  # owned now: discarded when the page parks a clean plan, as before
        if restored != self.state.plan:
            self.push(restored, "Restore unsaved selection")
            self.context.show_status(
                f"Restored the unsaved points from {draft.saved_at:%H:%M} (Ctrl+Z undoes it)"
            )

    def save(self) -> bool:
        """Save through the store; first ask for a reason for each standing block."""
        if self.state.patient_id is None:
            return False
        blocks = self.state.standing_blocks()
        if blocks:
            self.ask_override(blocks[0])
            return False
        problems = plan_problems(
            self.state.plan, known_target=lambda t: self.catalog.target(t) is not None
        )
        if problems:
            text = "\n".join(str(p) for p in problems[:8])
            self.context.prompts.show_problem(self.view, "The plan cannot be saved yet", text)
            return False
        patient_id = self.state.patient_id
        store = self.context.database.store
        try:
            latest_case = store.cases.get_case(patient_id)
            if self.take_assessment(latest_case.assessment):
                # A new assessment was saved since the screening shown: it was screened
                # again, and any new block stops the save like any other.
                blocks = self.state.standing_blocks()
                if blocks:
                    self.context.show_status(
                        "Not saved: the patient's assessment changed; the plan was screened again"
                    )
                    self.ask_override(blocks[0])
                    return False
            assessment_id = self.state.assessment.id if self.state.assessment else None

            def write(force: bool) -> Plan:
                # Overwriting: over the plan saved by now, whoever saved it.
                latest = store.cases.get_case(patient_id).plan if force else latest_case.plan
                if not force and _points_of(latest) != _points_of(self.state.saved_plan):
                    raise ConflictError(
                        "Someone else saved different points for this patient since you "
                        "opened the plan."
                    )
                # The Course page saves the dates into the same plan: keep them, replace ours.
                return store.cases.save_plan(
                    patient_id,
                    _with_points_of(latest or Plan(), self.state.plan),
                    assessment_id,
                    based_on=latest.id if latest else None,  # a plan saved since: ConflictError
                )

            def show_theirs() -> None:
                self.undo_stack.clear()
                self.draft.discard()
                self.reopen(patient_id)

            saved = save_or_resolve(
                lambda message: self.context.prompts.resolve_conflict(self.view, message),
                write,
                reload=show_theirs,
                keep=lambda: None,  # the points stay on screen, unsaved
            )
        except DomainError as exc:
            self.context.prompts.show_problem(self.view, "The plan was not saved", str(exc))
            return False
        if saved is None:
            return False
        self.state.saved_plan = saved
        self.state.plan = saved  # same content; id and version from the store
        self.undo_stack.setClean()
        self.draft.discard()
        self.update_state()
        self.on_saved()
        self.context.show_status("Plan saved")
        return True

    def ask_override(self, finding: Finding) -> OverrideDialog:
        """A window-modal dialog for one finding's reason; accepting records it and saves."""
        dialog = OverrideDialog(finding, ", ".join(finding.targets), self.view)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._record_override(finding, dialog.text()))
        dialog.finished.connect(lambda _r: setattr(self, "override_dialog", None))
        dialog.rejected.connect(
            lambda: self.context.show_status("Not saved: a blocking finding needs a reason")
        )
        self.override_dialog = dialog
        dialog.open()
        return dialog

    def _record_override(self, finding: Finding, reason: str) -> None:
        today = self.context.today()
        added = tuple(Override(finding.rule, t, reason, today) for t in finding.targets)
        plan = replace(self.state.plan, overrides=(*self.state.plan.overrides, *added))
        self.push(plan, f"Record reason for {', '.join(finding.targets)}")
        self.save()

    def reload(self) -> None:
        if self.state.patient_id is None:
            return
        case = self.context.database.store.cases.get_case(self.state.patient_id)
        self.state.saved_plan = case.plan
        self.push(case.plan or Plan(), "Reload saved plan")
        self.undo_stack.setClean()
        self.update_state()


def _points_of(plan: Plan | None) -> tuple[object, ...]:
    """The part of a plan this page edits; the Course page owns the dates."""
    plan = plan or Plan()  # no plan yet: as if an empty one
    return (plan.modality, plan.electro, plan.acupoints, plan.trigger_points, plan.overrides)


def _with_points_of(base: Plan, edited: Plan) -> Plan:
    return replace(
        base,
        modality=edited.modality,
        electro=edited.electro,
        acupoints=edited.acupoints,
        trigger_points=edited.trigger_points,
        overrides=edited.overrides,
    )
