"""The Assessment page's live screening: the form checked against the rules and the plan
once typing pauses (~200 ms), shown beside the form and, for a red flag, as the banner."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QTimer

from planner.domain.errors import DomainError
from planner.domain.findings import Finding, apply_clearances, standing_red_flags
from planner.domain.plan import Plan
from planner.domain.screening import screen
from planner.ui.assessment.form import AssessmentForm
from planner.ui.assessment.view import AssessmentPageView
from planner.ui.workspace import WorkspaceContext

SCREEN_DELAY_MS = 200
NO_PLAN_NOTE = "No treatment plan yet: point checks run once points are chosen."


class LiveScreening(QObject):
    """Screens the form for the open patient (age from the birth date, against the plan)."""

    def __init__(
        self, context: WorkspaceContext, view: AssessmentPageView, form: AssessmentForm
    ) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.form = form
        self.patient_id: int | None = None
        self.plan: Plan | None = None
        self.birth_date: date | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SCREEN_DELAY_MS)
        self.timer.timeout.connect(self.run)

    def follow(self, patient_id: int | None) -> None:
        """A patient opened (or none): the last patient's plan and birth date are forgotten
        at once, so a failed read can never screen this patient against them."""
        self.patient_id = patient_id
        self.plan = None
        self.birth_date = None

    def know(self, plan: Plan | None, birth_date: date | None) -> None:
        self.plan = plan
        self.birth_date = birth_date

    def schedule(self, *, now: bool = False) -> None:
        if now:
            # Still through the loop: the page paints first, then the rules load if needed.
            self.timer.start(0)
        else:
            self.timer.start(SCREEN_DELAY_MS)

    def stop(self) -> None:
        self.timer.stop()

    def clear(self) -> None:
        self.view.findings.show_message("")
        self.view.refer_banner.show_findings([])

    def run(self) -> None:
        self.timer.stop()
        findings_view = self.view.findings
        if self.patient_id is None:
            self.clear()
            return
        try:
            self.context.reference.screening()  # loads the rules, or says why not
        except DomainError as exc:
            findings_view.show_message(f"Screening is unavailable: {exc}")
            self.view.refer_banner.show_findings([])
            return
        findings = self.findings()
        assert findings is not None  # the reference loaded just above
        if self.plan is None:
            note = NO_PLAN_NOTE
        else:
            count = len(self.plan.target_ids())
            note = f"Checked against the current plan ({count} target{'s' * (count != 1)})."
        findings_view.show_findings(findings, plan_note=note)
        self.view.refer_banner.show_findings(standing_red_flags(findings))

    def findings(self) -> list[Finding] | None:
        """The form's findings, clearances applied; None when the reference cannot load."""
        try:
            reference = self.context.reference.screening()
        except DomainError:
            return None
        a = self.form.assessment()
        raw = screen(a, self.plan, reference.catalog, reference.rules, birth_date=self.birth_date)
        return apply_clearances(raw, a.clearances)
