"""The Points page's controller: the plan being edited, its undo stack and the wiring.

The plan is one immutable Plan value (in PlanState); every change replaces it through a
PlanChange on the page's QUndoStack, and _show_plan() brings every widget in step with it
(targets table, markers, findings, detail, suggestions' ticks). Screening runs on every
change: it is pure and takes well under a millisecond for a plan of this size. What each
panel does is a collaborator's the page owns: library, targets, suggestions, protocols,
last_visit, saving.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from planner.domain.assessment import Assessment
from planner.domain.chart import ChartPosition
from planner.domain.errors import DomainError
from planner.domain.findings import apply_clearances, apply_overrides
from planner.domain.plan import Plan
from planner.domain.screening import screen
from planner.domain.vocab import Side
from planner.ui.points.actions import PageActions
from planner.ui.points.commands import PlanChange
from planner.ui.points.last_visit import LastVisit
from planner.ui.points.library import LibraryPanel
from planner.ui.points.library_model import LibraryFilter, LibraryModel, two_lines
from planner.ui.points.markers import MarkerLayer
from planner.ui.points.protocols import ProtocolList
from planner.ui.points.saving import PlanSaving
from planner.ui.points.state import PlanState
from planner.ui.points.suggestions import SuggestionList
from planner.ui.points.suggestions_model import SuggestionsModel
from planner.ui.points.targets import TargetList
from planner.ui.points.targets_model import TargetsModel
from planner.ui.points.view import PointsPageView
from planner.ui.reference import Screening
from planner.ui.workspace import WorkspaceContext


class PointsController(QObject):
    """A WorkspacePage: build it once, then set_patient() as the selection changes."""

    def __init__(
        self,
        context: WorkspaceContext,
        view: PointsPageView,
        screening: Screening,
        chart_positions: Mapping[str, tuple[ChartPosition, ...]],
    ) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.catalog = screening.catalog
        self.rules = screening.rules
        self.state = PlanState()
        self.undo_stack = QUndoStack(self)

        self.library = LibraryModel(self.catalog, self)
        self.proxy = LibraryFilter(self.library, self)
        view.library.results.setModel(self.proxy)
        view.library.set_columns(
            line for t in self.library.targets for line in two_lines(t).splitlines()
        )
        self.targets = TargetsModel(self.catalog, self)
        self.suggestions = SuggestionsModel(self.targets.name, self)
        view.plan.suggestions.setModel(self.suggestions)
        self.markers = MarkerLayer(view.chart, self.catalog, chart_positions, self)
        self.target_list = TargetList(
            view,
            self.targets,
            screening,
            self.state,
            push=self.push,
            show_status=context.show_status,
        )
        self.suggestion_list = SuggestionList(
            view.plan,
            self.suggestions,
            screening,
            view.chart.chart,
            chart_positions,
            self.proxy,
            self.targets,
            self.state,
            add_target=self.target_list.add,
            select_target=self.target_list.select_row,
        )
        self.protocols = ProtocolList(view.plan, context, self.state, push=self.push)
        self.last_visit = LastVisit(
            view.plan.repeat_button, view.plan.repeat_note, context, self.state, push=self.push
        )
        self.saving = PlanSaving(
            view,
            context,
            self.catalog,
            self.state,
            self.undo_stack,
            push=self.push,
            take_assessment=self._take_assessment,
            reopen=self._load,
            update_state=self._update_state,
            on_saved=self.last_visit.refresh,
        )
        self.library_panel = LibraryPanel(
            view,
            self.proxy,
            self.markers,
            add_target=self.target_list.add,
            show_target=self.target_list.show,
            filters_changed=self.suggestion_list.show,
        )
        self.actions = PageActions(
            view,
            search=self.library_panel.focus_search,
            add_result=self.library_panel.add_current_result,
            repeat=self.last_visit.repeat,
            set_side=self.target_list.set_side,
            remove=self.target_list.remove_selected,
            undo=self.undo_stack.undo,
            redo=self.undo_stack.redo,
            save=self._save_key,
        )
        self._connect()
        # Shown again after another page saved a new assessment: screen against that one.
        view.installEventFilter(self)
        self.library_panel.update_count()
        self._set_enabled(False)

    # --- wiring -----------------------------------------------------------------------

    def _connect(self) -> None:
        v, lib, plan = self.view, self.view.library, self.view.plan
        library = self.library_panel
        lib.search.textChanged.connect(library.on_search)
        lib.search.stepRequested.connect(library.step_into_results)
        lib.search.returnPressed.connect(library.add_first_result)
        lib.group_filter.currentIndexChanged.connect(library.on_filters)
        lib.channel_filter.currentIndexChanged.connect(library.on_filters)
        lib.kind_filter.currentIndexChanged.connect(library.on_filters)
        lib.results.selectionModel().currentRowChanged.connect(library.on_current_result)
        lib.results.doubleClicked.connect(lambda _i: library.add_current_result())
        targets = self.target_list
        plan.targets.selectionModel().currentRowChanged.connect(targets.on_current_row)
        plan.targets.selectionModel().selectionChanged.connect(targets.update_buttons)
        plan.remove_button.clicked.connect(targets.remove_selected)
        plan.retention_button.clicked.connect(targets.retention_to_all)
        self.targets.editRequested.connect(targets.on_edit)
        self.markers.clicked.connect(targets.on_marker_clicked)
        self.markers.hovered.connect(targets.on_marker_hovered)
        v.chart.zoomChanged.connect(lambda z: v.zoom_label.setText(f"{round(z * 100)}%"))
        v.zoom_in_button.clicked.connect(v.chart.zoom_in)
        v.zoom_out_button.clicked.connect(v.chart.zoom_out)
        v.fit_button.clicked.connect(v.chart.fit)
        plan.modality.currentIndexChanged.connect(targets.on_modality)
        plan.electro.toggled.connect(targets.on_electro)
        plan.undo_button.clicked.connect(self.undo_stack.undo)
        plan.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(plan.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(plan.redo_button.setEnabled)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        plan.undo_button.setEnabled(False)
        plan.redo_button.setEnabled(False)
        plan.save_button.clicked.connect(self.saving.save)
        plan.reload_button.clicked.connect(self.saving.reload)
        plan.suggestions.clicked.connect(self.suggestion_list.on_clicked)
        plan.more_suggestions.toggled.connect(lambda _on: self.suggestion_list.show())
        plan.apply_protocol_button.clicked.connect(self.protocols.apply_selected)
        plan.save_protocol_button.clicked.connect(self.protocols.save_targets)
        plan.rename_protocol_button.clicked.connect(self.protocols.rename_selected)
        plan.delete_protocol_button.clicked.connect(self.protocols.delete_selected)
        plan.repeat_button.clicked.connect(self.last_visit.repeat)
        plan.repeat_button.setToolTip(self.actions.repeat.toolTip())

    def _set_enabled(self, on: bool) -> None:
        plan = self.view.plan
        for w in (
            plan.targets,
            plan.save_button,
            plan.reload_button,
            plan.modality,
            plan.electro,
            plan.apply_protocol_button,
            plan.save_protocol_button,
            plan.rename_protocol_button,
            plan.delete_protocol_button,
            plan.repeat_button,
            plan.suggestions,
        ):
            w.setEnabled(on)
        for action in (self.actions.repeat, self.actions.save, *self.actions.sides.values()):
            action.setEnabled(on)
        self.target_list.update_buttons()

    # --- WorkspacePage ------------------------------------------------------------------

    @property
    def widget(self) -> QWidget:
        return self.view

    def set_patient(self, patient_id: int | None) -> None:
        self.saving.park_draft()
        self.saving.draft.follow(patient_id)
        self.state.patient_id = patient_id
        self.undo_stack.clear()
        if patient_id is None:
            self.state.assessment = None
            self.state.saved_plan = None
            self.last_visit.refresh()
            self._show_plan(Plan())
            self._set_enabled(False)
            return
        self._set_enabled(True)
        self._load(patient_id)

    def shutdown(self) -> None:
        self.saving.park_draft()

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
        self._take_assessment(case.assessment)

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

    def _take_assessment(self, assessment: Assessment | None) -> bool:
        """Screen against this assessment; True if it is a new one (the plan was screened
        again and the suggestions follow it)."""
        if not self._use_assessment(assessment):
            return False
        self._show_plan(self.state.plan)
        self.suggestion_list.refresh()
        return True

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
        self.saving.restore_draft()
        self.suggestion_list.refresh()
        self.protocols.refresh()
        self.last_visit.refresh()

    # --- the plan -------------------------------------------------------------------------

    def push(self, after: Plan, text: str) -> None:
        if after == self.state.plan:
            return
        self.undo_stack.push(PlanChange(self._show_plan, self.state.plan, after, text))

    def _show_plan(self, plan: Plan) -> None:
        keep = self.target_list.current_row_target()
        self.state.plan = plan
        self.target_list.show_plan(plan)
        self._rescreen()
        if keep is not None:
            self.target_list.select_row(keep)
        self.suggestion_list.refresh_planned()
        self.last_visit.update_note()
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
        self.view.plan.findings.show_findings(self.state.findings)

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
        self.view.plan.state_label.setText(" · ".join(parts))

    def add_target(self, target_id: str, side: Side | None = None) -> None:
        """Add one target to the plan (the target list's change, kept here as the page's)."""
        self.target_list.add(target_id, side)

    # --- save and reload (the saving's; kept here as the page's) ---------------------------

    def save(self) -> bool:
        return self.saving.save()

    def _save_key(self) -> None:
        self.saving.save()

    def reload(self) -> None:
        self.saving.reload()
