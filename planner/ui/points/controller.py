"""The Points page's behaviour: library, chart markers, plan targets, screening, undo, save.

The plan being edited is one immutable Plan value; every change replaces it through a
PlanChange on the page's QUndoStack, and show_plan() brings every widget in step with it
(targets table, markers, findings, detail, suggestions' ticks). Screening runs on every
change: it is pure and takes well under a millisecond for a plan of this size.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from planner.domain.assessment import Assessment
from planner.domain.chart import ChartPosition
from planner.domain.errors import DomainError
from planner.domain.findings import Finding, apply_clearances, apply_overrides
from planner.domain.plan import Override, Plan, plan_problems
from planner.domain.protocol import (
    PlannedTarget,
    plan_targets,
    with_targets,
)
from planner.domain.screening import screen
from planner.domain.vocab import Modality, Side, Technique
from planner.ui.points.commands import PlanChange
from planner.ui.points.delegates import RetentionDelegate, SideDelegate, TechniqueDelegate
from planner.ui.points.last_visit import LastVisit
from planner.ui.points.library import LibraryPanel
from planner.ui.points.library_model import (
    LibraryFilter,
    LibraryModel,
)
from planner.ui.points.markers import MarkerLayer
from planner.ui.points.override_dialog import OverrideDialog
from planner.ui.points.protocols import (
    AskName,
    AskNewName,
    ProtocolList,
    ask_protocol_name,
    ask_protocol_new_name,
)
from planner.ui.points.state import PlanState
from planner.ui.points.suggestions import SuggestionList
from planner.ui.points.suggestions_model import SuggestionsModel
from planner.ui.points.targets import TargetList
from planner.ui.points.targets_model import RETENTION, SIDE, TECHNIQUE, TargetsModel
from planner.ui.points.view import PointsPageView
from planner.ui.reference import Screening
from planner.ui.shared.prompts import ConflictChoice
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


class PointsController(QObject):
    """A WorkspacePage: build it once, then set_patient() as the selection changes."""

    def __init__(
        self,
        context: WorkspaceContext,
        view: PointsPageView,
        screening: Screening,
        chart_positions: Mapping[str, tuple[ChartPosition, ...]],
        *,
        ask_name: AskName = ask_protocol_name,
        ask_new_name: AskNewName = ask_protocol_new_name,
    ) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.catalog = screening.catalog
        self.rules = screening.rules
        self.state = PlanState()
        self.override_dialog: OverrideDialog | None = None
        self.undo_stack = QUndoStack(self)

        self.library = LibraryModel(self.catalog, self)
        self.proxy = LibraryFilter(self.library, self)
        view.results.setModel(self.proxy)
        self.targets = TargetsModel(self.catalog, self)
        view.targets.setModel(self.targets)
        view.set_targets_columns()
        view.targets.setItemDelegateForColumn(SIDE, SideDelegate(view.targets))
        view.targets.setItemDelegateForColumn(TECHNIQUE, TechniqueDelegate(view.targets))
        view.targets.setItemDelegateForColumn(RETENTION, RetentionDelegate(view.targets))
        self.suggestions = SuggestionsModel(self.targets.name, self)
        view.suggestions.setModel(self.suggestions)
        self.markers = MarkerLayer(view.chart, self.catalog, chart_positions, self)
        self.target_list = TargetList(
            view.targets,
            self.targets,
            view.detail,
            view.hover_label,
            screening,
            self.state,
            push=self.push,
            show_status=context.show_status,
        )
        self.suggestion_list = SuggestionList(
            self.suggestions,
            view.suggestions_note,
            self.catalog,
            view.chart.chart,
            chart_positions,
            self.proxy,
            self.targets,
            self.state,
            add_target=self.target_list.add,
            select_target=self.target_list.select_row,
        )
        self.protocols = ProtocolList(
            view,
            context,
            self.state,
            push=self.push,
            ask_name=ask_name,
            ask_new_name=ask_new_name,
        )
        self.last_visit = LastVisit(
            view.repeat_button, view.repeat_note, context, self.state, push=self.push
        )
        self.library_panel = LibraryPanel(
            view,
            self.proxy,
            self.markers,
            add_target=self.target_list.add,
            show_target=self.target_list.show,
            filters_changed=self.suggestion_list.show,
        )
        self._connect()
        self._shortcuts()
        # Shown again after another page saved a new assessment: screen against that one.
        view.installEventFilter(self)
        self.library_panel.update_count()
        self._set_enabled(False)

    # --- wiring -----------------------------------------------------------------------

    def _connect(self) -> None:
        v = self.view
        library = self.library_panel
        v.search.textChanged.connect(library.on_search)
        v.search.stepRequested.connect(library.step_into_results)
        v.search.returnPressed.connect(library.add_first_result)
        v.group_filter.currentIndexChanged.connect(library.on_filters)
        v.channel_filter.currentIndexChanged.connect(library.on_filters)
        v.kind_filter.currentIndexChanged.connect(library.on_filters)
        v.results.selectionModel().currentRowChanged.connect(library.on_current_result)
        v.results.addRequested.connect(library.add_current_result)
        v.results.doubleClicked.connect(lambda _i: library.add_current_result())
        targets = self.target_list
        v.targets.selectionModel().currentRowChanged.connect(targets.on_current_row)
        v.targets.removeRequested.connect(targets.remove_selected)
        v.remove_button.clicked.connect(targets.remove_selected)
        self.targets.editRequested.connect(targets.on_edit)
        self.markers.clicked.connect(targets.on_marker_clicked)
        self.markers.hovered.connect(targets.on_marker_hovered)
        v.chart.zoomChanged.connect(lambda z: v.zoom_label.setText(f"{round(z * 100)}%"))
        v.zoom_in_button.clicked.connect(v.chart.zoom_in)
        v.zoom_out_button.clicked.connect(v.chart.zoom_out)
        v.fit_button.clicked.connect(v.chart.fit)
        v.modality.currentIndexChanged.connect(self._on_modality)
        v.electro.toggled.connect(self._on_electro)
        v.undo_button.clicked.connect(self.undo_stack.undo)
        v.redo_button.clicked.connect(self.undo_stack.redo)
        v.undoKey.connect(self.undo_stack.undo)
        v.redoKey.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(v.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(v.redo_button.setEnabled)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        v.undo_button.setEnabled(False)
        v.redo_button.setEnabled(False)
        v.save_button.clicked.connect(self.save)
        v.reload_button.clicked.connect(self.reload)
        v.suggestions.clicked.connect(self.suggestion_list.on_clicked)
        v.apply_protocol_button.clicked.connect(self.protocols.apply_selected)
        v.save_protocol_button.clicked.connect(self.protocols.save_targets)
        v.rename_protocol_button.clicked.connect(self.protocols.rename_selected)
        v.delete_protocol_button.clicked.connect(self.protocols.delete_selected)
        v.repeat_button.clicked.connect(self.last_visit.repeat)

    def _shortcuts(self) -> None:
        def action(keys: Sequence[str], run: Callable[[], None], text: str) -> QAction:
            a = QAction(text, self.view)
            a.setShortcuts([QKeySequence(k) for k in keys])
            # Window-wide, but only while the page is shown (Qt skips hidden widgets).
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(run)
            self.view.addAction(a)
            return a

        self.search_action = action(
            ("Ctrl+K", "Ctrl+L"), self.library_panel.focus_search, "Search the library"
        )
        self.zoom_in_action = action(("Ctrl+=", "Ctrl++"), self.view.chart.zoom_in, "Zoom in")
        self.zoom_out_action = action(("Ctrl+-",), self.view.chart.zoom_out, "Zoom out")
        self.fit_action = action(("Ctrl+0",), self.view.chart.fit, "Fit the figure")

    def _set_enabled(self, on: bool) -> None:
        for w in (
            self.view.targets,
            self.view.save_button,
            self.view.reload_button,
            self.view.remove_button,
            self.view.modality,
            self.view.electro,
            self.view.apply_protocol_button,
            self.view.save_protocol_button,
            self.view.rename_protocol_button,
            self.view.delete_protocol_button,
            self.view.repeat_button,
            self.view.suggestions,
        ):
            w.setEnabled(on)

    # --- WorkspacePage ------------------------------------------------------------------

    @property
    def widget(self) -> QWidget:
        return self.view

    def set_patient(self, patient_id: int | None) -> None:
        self._park_draft()
        self.state.patient_id = patient_id
        self.undo_stack.clear()
        if patient_id is None:
            self.state.assessment = None
            self.state.saved_plan = None
            self._show_plan(Plan())
            self._set_enabled(False)
            return
        self._set_enabled(True)
        self._load(patient_id)

    def shutdown(self) -> None:
        self._park_draft()

    def _park_draft(self) -> None:
        # Unsaved selections survive a patient switch, a close or a crash as a draft.
        if self.state.patient_id is None:
            return
        if self.undo_stack.isClean():
            self.context.drafts.discard(self.state.patient_id, DRAFT_KIND)
        else:
            self.context.drafts.save(
                self.state.patient_id, DRAFT_KIND, _plan_draft(self.state.plan)
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show:
            self._follow_latest_assessment()
        return False

    def _follow_latest_assessment(self) -> None:
        """Screen against the patient's latest saved assessment (the Assessment page or
        another practitioner may have saved a new one since the plan was opened)."""
        if self.state.patient_id is None:
            return
        try:
            case = self.context.database.store.cases.get_case(self.state.patient_id)
        except DomainError:
            return  # the save gate reads the case again and says what is wrong
        self.state.birth_date = case.patient.birth_date
        if self._use_assessment(case.assessment):
            self._show_plan(self.state.plan)
            self.suggestion_list.refresh()

    def _use_assessment(self, assessment: Assessment | None) -> bool:
        """Take this assessment as the one to screen against; True if it is a new one
        (the caller then screens again)."""
        changed = assessment != self.state.assessment
        self.state.assessment = assessment
        intensities = {
            r.region: r.intensity for r in (assessment.pain_regions if assessment else ())
        }
        self.view.chart.set_intensities(intensities)
        return changed

    def _load(self, patient_id: int) -> None:
        try:
            case = self.context.database.store.cases.get_case(patient_id)
        except DomainError as exc:
            self.context.prompts.show_problem(self.view, "Cannot open the plan", str(exc))
            return
        self.state.birth_date = case.patient.birth_date
        self._use_assessment(case.assessment)
        self.state.saved_plan = case.plan
        self._show_plan(case.plan or Plan())
        draft = self.context.drafts.load(patient_id, DRAFT_KIND)
        if draft is not None:
            try:
                restored = _plan_from_draft(self.state.plan, draft.data)
            except (KeyError, ValueError, TypeError):
                restored = None
            if restored is not None and restored != self.state.plan:
                self.push(restored, "Restore unsaved selection")
                self.context.show_status(
                    f"Restored the unsaved points from {draft.saved_at:%H:%M} (Ctrl+Z undoes it)"
                )
        self.suggestion_list.refresh()
        self.protocols.refresh()
        self.last_visit.update_note()

    # --- the plan -------------------------------------------------------------------------

    def push(self, after: Plan, text: str) -> None:
        if after == self.state.plan:
            return
        self.undo_stack.push(PlanChange(self._show_plan, self.state.plan, after, text))

    def _show_plan(self, plan: Plan) -> None:
        keep = self.target_list.current_row_target()
        self.state.plan = plan
        self.targets.set_targets(plan_targets(plan))
        with QSignalBlocker(self.view.modality), QSignalBlocker(self.view.electro):
            self.view.modality.setCurrentIndex(self.view.modality.findData(plan.modality.value))
            self.view.electro.setChecked(plan.electro)
        self._rescreen()
        if keep is not None:
            self.target_list.select_row(keep)
        self.suggestion_list.refresh_planned()
        self.target_list.show_detail()
        self._update_state()

    def _rescreen(self) -> None:
        raw = screen(
            self.state.assessment,
            self.state.plan,
            self.catalog,
            self.rules,
            birth_date=self.state.birth_date,
        )
        # The same findings the store's gate reads: overrides lift blocks, clearances flags.
        clearances = self.state.assessment.clearances if self.state.assessment else ()
        self.state.findings = apply_clearances(
            apply_overrides(raw, self.state.plan.overrides), clearances
        )
        self.targets.set_findings(self.state.findings)
        worst: dict[str, str] = {}
        for f in self.state.findings:
            for t in f.targets:
                worst.setdefault(t, str(f.severity))
        self.markers.set_planned(self.targets.planned_sides(), worst)
        self.view.findings.show_findings(self.state.findings)

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_state()

    def _update_state(self) -> None:
        blocks = self.state.standing_blocks()
        parts = []
        if self.state.patient_id is not None:
            count = len(self.targets.targets)
            parts.append(f"{count} target{'s' if count != 1 else ''}")
            if blocks:
                parts.append(f"{len(blocks)} finding(s) need a written reason before saving")
            parts.append("unsaved changes" if not self.undo_stack.isClean() else "saved")
        self.view.state_label.setText(" · ".join(parts))

    def add_target(self, target_id: str, side: Side | None = None) -> None:
        """Add one target to the plan (the target list's change, kept here as the page's)."""
        self.target_list.add(target_id, side)

    # --- modality and electro -------------------------------------------------------------

    def _on_modality(self, _index: int) -> None:
        modality = Modality(self.view.modality.currentData())
        self.push(replace(self.state.plan, modality=modality), "Change modality")

    def _on_electro(self, on: bool) -> None:
        plan = replace(self.state.plan, electro=on)
        if not on:
            # Electro targets need plan.electro: turning it off makes them manual.
            plan = with_targets(
                plan, [replace(t, technique=Technique.MANUAL) for t in plan_targets(plan)]
            )
        self.push(plan, "Electro on" if on else "Electro off")

    # --- save and reload -------------------------------------------------------------------

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
        store = self.context.database.store
        try:
            latest_case = store.cases.get_case(self.state.patient_id)
            if self._use_assessment(latest_case.assessment):
                # A new assessment was saved since the screening shown: screen again, and
                # let any new block stop the save like any other.
                self._show_plan(self.state.plan)
                self.suggestion_list.refresh()
                blocks = self.state.standing_blocks()
                if blocks:
                    self.context.show_status(
                        "Not saved: the patient's assessment changed; the plan was screened again"
                    )
                    self.ask_override(blocks[0])
                    return False
            assessment_id = self.state.assessment.id if self.state.assessment else None
            latest = latest_case.plan
            if _points_of(latest) != _points_of(self.state.saved_plan):
                choice = self.context.prompts.resolve_conflict(
                    self.view,
                    "Someone else saved different points for this patient since you opened "
                    "the plan.",
                )
                if choice is ConflictChoice.RELOAD:
                    self.undo_stack.clear()
                    self.context.drafts.discard(self.state.patient_id, DRAFT_KIND)
                    self._load(self.state.patient_id)
                    return False
                if choice is ConflictChoice.CANCEL:
                    return False
            # The Course page saves the dates into the same plan: keep them, replace ours.
            to_save = _with_points_of(latest or Plan(), self.state.plan)
            saved = store.cases.save_plan(
                self.state.patient_id,
                to_save,
                assessment_id,
                based_on=latest.id if latest else None,  # a plan saved since: ConflictError
            )
        except DomainError as exc:
            self.context.prompts.show_problem(self.view, "The plan was not saved", str(exc))
            return False
        self.state.saved_plan = saved
        self.state.plan = saved  # same content; id and version from the store
        self.undo_stack.setClean()
        self.context.drafts.discard(self.state.patient_id, DRAFT_KIND)
        self._update_state()
        self.last_visit.update_note()
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
        self._update_state()


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
