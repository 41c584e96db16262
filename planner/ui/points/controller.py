"""The Points page's controller: the plan being edited, its undo stack and the wiring.

The plan is one immutable Plan value (in PlanState); every change replaces it through a
PlanChange on the page's QUndoStack, and _show_plan() brings every widget in step with it
(targets table, markers, findings, detail, suggestions' ticks). Screening runs on every
change: it is pure and takes well under a millisecond for a plan of this size. What each
panel does is a collaborator's the page owns: library, targets, suggestions, protocols,
last_visit, saving.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from planner.domain.assessment import Assessment
from planner.domain.chart import ChartPosition
from planner.domain.errors import DomainError
from planner.domain.findings import apply_clearances, apply_overrides
from planner.domain.plan import Plan
from planner.domain.screening import screen
from planner.domain.vocab import Side
from planner.ui.points.commands import PlanChange
from planner.ui.points.last_visit import LastVisit
from planner.ui.points.library import LibraryPanel
from planner.ui.points.library_model import LibraryFilter, LibraryModel
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
        view.results.setModel(self.proxy)
        self.targets = TargetsModel(self.catalog, self)
        self.suggestions = SuggestionsModel(self.targets.name, self)
        view.suggestions.setModel(self.suggestions)
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
        self.protocols = ProtocolList(view, context, self.state, push=self.push)
        self.last_visit = LastVisit(
            view.repeat_button, view.repeat_note, context, self.state, push=self.push
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
            on_saved=self.last_visit.update_note,
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
        v.modality.currentIndexChanged.connect(targets.on_modality)
        v.electro.toggled.connect(targets.on_electro)
        v.undo_button.clicked.connect(self.undo_stack.undo)
        v.redo_button.clicked.connect(self.undo_stack.redo)
        v.undoKey.connect(self.undo_stack.undo)
        v.redoKey.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(v.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(v.redo_button.setEnabled)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        v.undo_button.setEnabled(False)
        v.redo_button.setEnabled(False)
        v.save_button.clicked.connect(self.saving.save)
        v.reload_button.clicked.connect(self.saving.reload)
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
        self.saving.park_draft()
        self.saving.draft.follow(patient_id)
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
        self.last_visit.update_note()

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

    # --- save and reload (the saving's; kept here as the page's) ---------------------------

    def save(self) -> bool:
        return self.saving.save()

    def reload(self) -> None:
        self.saving.reload()
