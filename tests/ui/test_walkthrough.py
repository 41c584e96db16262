"""A whole first consultation and a follow-up, by hand, counting clicks and keys (issue 13).

Every action goes through real widget events (tests/ui/walkthrough_hand.py); free text costs
nothing beyond the click that focused its field. The walk asserts what it stored, so it
cannot pass by doing nothing, and prints its counts (pytest -s).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from planner.domain.bodychart import View
from planner.domain.patient import Patient
from planner.domain.vocab import Sex
from planner.store.database import Store
from planner.ui.assessment.controller import AssessmentController
from planner.ui.handout.controller import HandoutController
from planner.ui.points.controller import PointsController
from planner.ui.shared.input_guard import InputGuard, install
from planner.ui.visits.controller import VisitsController
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import add_patients
from tests.ui.walkthrough_hand import Hand

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier

# The ceilings (measured as about 56 and 11 before issue 13).
FIRST_CONSULTATION_MAX = 35
FOLLOW_UP_MAX = 8


@pytest.fixture(autouse=True)
def input_guard() -> Iterator[None]:
    """The application-wide input filter, as the app installs it at start."""
    app = cast(QApplication, QApplication.instance())
    had = app.findChild(InputGuard) is not None
    guard = install(app)
    yield
    if not had:
        app.removeEventFilter(guard)
        guard.deleteLater()


@pytest.fixture
def pdf_answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The system's save dialog, answered with the next path (its Save is the hand's click)."""
    answers: list[Path] = []

    def answer(*_args: object) -> tuple[str, str]:
        chosen = answers.pop(0)
        HANDS[-1].cost(f"Save in the file dialog ({chosen.name})")
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return answers


HANDS: list[Hand] = []


def test_a_first_consultation_and_a_follow_up_stay_within_their_clicks(
    qtbot: QtBot, make_window: MakeWindow, store: Store, tmp_path: Path, pdf_answers: list[Path]
) -> None:
    first = first_consultation(qtbot, make_window, store, tmp_path, pdf_answers)
    follow_up = follow_up_visit(qtbot, make_window, store, tmp_path, pdf_answers)
    print(f"walkthrough first={first.count} follow_up={follow_up.count}")
    print("first consultation:", "; ".join(first.log))
    print("follow-up:", "; ".join(follow_up.log))
    assert first.count <= FIRST_CONSULTATION_MAX, first.log
    assert follow_up.count <= FOLLOW_UP_MAX, follow_up.log


def first_consultation(
    qtbot: QtBot, make_window: MakeWindow, store: Store, tmp_path: Path, pdf_answers: list[Path]
) -> Hand:
    c = make_window()
    w = c.window
    hand = Hand(qtbot)
    HANDS.append(hand)

    # The patient: name, birth date, sex; Enter saves.
    hand.key(K.Key_N, CTRL)
    dialog = c.dialog
    assert dialog is not None
    hand.sees(dialog)
    hand.type("Ana López")
    hand.key(K.Key_Tab)  # to "Not known", ticked for a new patient
    hand.key(K.Key_Space)  # unticked: the date takes the focus
    hand.type("19840302")
    hand.key(K.Key_S, ALT)
    hand.key(K.Key_F)  # Female
    hand.key(K.Key_Return)
    hand.sees(w)
    (ana,) = store.patients.search("ana")
    assert (ana.birth_date, ana.sex) == (date(1984, 3, 2), Sex.FEMALE)
    assert ana.id is not None

    # Assessment: a new one is open with the complaint focused.
    hand.key(K.Key_2, CTRL)
    page = cast(AssessmentController, c.workspace.page("assessment"))
    form = page.form
    hand.type("Right neck pain at work")
    hand.click(form.visit.onset_unknown, what="onset: Not known")  # the onset date takes the focus
    onset = date.today() - timedelta(weeks=9)
    hand.type(f"{onset.day} {onset:%b} {onset.year}")
    scores = form.scores
    hand.click(scores.pain_now, what="Pain now")
    hand.type("6")
    hand.click(scores.pain_worst, what="Worst, past week")
    hand.type("8")
    hand.click(scores.ndi_spin, what="NDI")
    hand.type("18")
    hand.click(scores.psfs_rows[0].activity, what="PSFS activity")
    hand.type("Turning my head when driving")
    hand.key(K.Key_Tab)
    hand.type("4")
    chart = form.drawing.chart_widget
    x0, y0, x1, y1 = chart.chart.view(View.FRONT).regions["neck-right"].bounds()
    neck = chart.widget_point(View.FRONT, ((x0 + x1) / 2, (y0 + y1) / 2))
    hand.click(chart.viewport(), neck, "pain drawing: right side of the neck")
    # Screening as asked: no red flag, no condition ticked; medications; consent today.
    hand.click(form.health.medications_edit, what="Medications")
    hand.type("None")
    hand.click(form.health.consent_check, what="Consent given")
    hand.key(K.Key_S, CTRL)
    assert not page.editing, page.view.message.text()
    (assessment,) = store.cases.assessments(ana.id)
    assert assessment.complaint == "Right neck pain at work"
    assert assessment.onset_date == onset
    assert (assessment.pain.now, assessment.pain.worst, assessment.ndi_total) == (6, 8, 18)
    assert [(i.activity, i.score) for i in assessment.psfs] == [("Turning my head when driving", 4)]
    assert [r.region for r in assessment.pain_regions] == ["neck-right"]
    assert assessment.red_flags == ()
    assert assessment.consent_date == date.today()

    # Points: two suggestions and one target from the library search; save.
    hand.key(K.Key_3, CTRL)
    points = cast(PointsController, c.workspace.page("points"))
    plan_view = points.view.plan
    hand.click_tab(plan_view.side_tabs, "Suggestions")
    model = points.suggestion_list.model
    rows = [r for r in range(model.rowCount()) if model.suggestion_at(r) is not None]
    hand.click_row(plan_view.suggestions, rows[0], what="suggestion 1")
    hand.click_row(plan_view.suggestions, rows[1], what="suggestion 2")
    hand.key(K.Key_K, CTRL)
    hand.type("GB21")
    hand.key(K.Key_Return)  # adds the first result
    hand.key(K.Key_S, CTRL)
    plan = store.cases.get_case(ana.id).plan
    assert plan is not None
    assert len(plan.acupoints) + len(plan.trigger_points) == 3
    assert "GB21" in [a.code for a in plan.acupoints]

    # Course: the recommendation as it stands; save.
    hand.key(K.Key_4, CTRL)
    hand.key(K.Key_S, CTRL)
    plan = store.cases.get_case(ana.id).plan
    assert plan is not None
    assert plan.start_date is not None

    # Handout: Save PDF, the dialog's Save.
    hand.key(K.Key_5, CTRL)
    assert isinstance(c.workspace.page("handout"), HandoutController)
    first_pdf = tmp_path / "first.pdf"
    pdf_answers.append(first_pdf)
    hand.key(K.Key_D, ALT)
    assert first_pdf.read_bytes().startswith(b"%PDF")
    w.close()
    return hand


def follow_up_visit(
    qtbot: QtBot, make_window: MakeWindow, store: Store, tmp_path: Path, pdf_answers: list[Path]
) -> Hand:
    (ana,) = store.patients.search("ana")
    assert ana.id is not None
    add_patients(store, Patient("Ben Ortiz", sex=Sex.MALE))  # so opening Ana takes a click
    plan = store.cases.get_case(ana.id).plan
    assert plan is not None
    assert plan.start_date is not None
    later = date.today() + timedelta(days=3)
    c = make_window()
    c.workspace.context.today = lambda: later
    hand = Hand(qtbot)
    HANDS.append(hand)

    row = next(r for r in range(c.model.rowCount()) if c.model.patient_at(r).id == ana.id)
    hand.click_row(c.list, row, what="Ana in the list")
    assert c.selected_id() == ana.id

    hand.key(K.Key_6, CTRL)
    visits = cast(VisitsController, c.workspace.page("visits"))
    view = visits.view
    start = view.first_visit_button if view.first_visit_button.isVisible() else view.new_button
    hand.click(start, what="Log visit")
    hand.type("6")  # Before has the focus
    hand.key(K.Key_Tab)
    hand.type("3")
    hand.key(K.Key_S, CTRL)
    (visit,) = store.visits.for_patient(ana.id)
    assert (visit.date, visit.nprs_before, visit.nprs_after) == (later, 6, 3)
    assert visit.targets, "the visit is prefilled from the plan"

    hand.key(K.Key_5, CTRL)
    second_pdf = tmp_path / "follow-up.pdf"
    pdf_answers.append(second_pdf)
    hand.key(K.Key_D, ALT)
    assert second_pdf.read_bytes().startswith(b"%PDF")
    return hand
