"""The Progress page's behaviour: read the patient's measures and course, draw them.

It reloads whenever the tab is shown (so a visit logged a moment ago is on the chart) and
when the patient changes while it is visible.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from planner.domain.course.for_case import course_with_response
from planner.domain.errors import DomainError, ValidationError
from planner.domain.screening import screen_case
from planner.ui.progress.data import Progress, build_progress
from planner.ui.progress.model import ReviewsModel
from planner.ui.progress.view import ProgressPageView
from planner.ui.workspace import WorkspaceContext


class ProgressController(QObject):
    def __init__(self, context: WorkspaceContext, view: ProgressPageView) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.model = ReviewsModel(self)
        view.reviews.setModel(self.model)
        view.fit_reviews()
        self.patient_id: int | None = None
        self.progress: Progress | None = None
        view.shown.connect(self.reload)

    @property
    def widget(self) -> QWidget:
        return self.view

    def set_patient(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        self.progress = None
        if self.view.isVisible() or patient_id is None:
            self.reload()

    def shutdown(self) -> None:
        pass

    def reload(self) -> None:
        v = self.view
        if self.patient_id is None:
            self.progress = None
            v.summary.setText("Select a patient")
            v.chart.clear()
            self.model.set_reviews([])
            v.reviews_note.setText("")
            return
        store = self.context.database.store
        try:
            case = store.cases.get_case(self.patient_id)
            assessments = store.cases.assessments(self.patient_id)
            visits = store.visits.for_patient(self.patient_id)
        except DomainError as exc:
            v.summary.setText(f"Could not read this patient's records: {exc}")
            return
        reviews_after: tuple[int, ...] = ()
        planned: int | None = None
        note = ""
        try:
            screening = self.context.reference.screening()
            findings = screen_case(case, screening.catalog, screening.rules)
            # With the response at the reviews held, as the Course page counts the sessions.
            course = course_with_response(case, findings, visits)
        except ValidationError as error:
            course = None
            note = (
                "Review points appear once the course is planned on the Course page ("
                + error.first().message
                + ")."
            )
        except DomainError as exc:
            course = None
            note = f"Review points are unavailable: {exc}"
        else:
            if course is None:
                note = "No course while a red flag stands, so there are no review points."
        if course is not None:
            reviews_after, planned = course.reviews_after, course.sessions
            note = (
                "The decision the scores point to at each review (the practitioner decides): "
                "pain before needling at that session, NDI and PSFS from the latest "
                "reassessment."
            )
        self.progress = build_progress(
            assessments, visits, reviews_after=reviews_after, sessions_planned=planned
        )
        v.summary.setText(self.progress.summary)
        v.chart.show_progress(self.progress)
        self.model.set_reviews(self.progress.reviews)
        v.reviews_note.setText(note)
