"""Safety review: a page kept open must not screen or print against stale data.

The Points page and the Handout page are built once per patient. When the assessment or the
plan changes on another page in the meantime, the save gate and the sheet must follow the
latest saved data, or a warning is missed.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QApplication

from planner.casefile import case_from_dict
from planner.domain.assessment import Assessment
from planner.domain.plan import AcupointTarget
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.handout import HANDOUT_PAGE
from tests.domain.handout.test_content import EXAMPLE, TODAY
from tests.ui.conftest import MakeWindow, MakeWorkspace
from tests.ui.handout.test_page import open_handout, text_of
from tests.ui.points.helpers import add_case, open_points


def test_points_save_gate_uses_the_latest_saved_assessment(
    make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store)
    controller = make_window()
    page = open_points(controller, pid)
    # Meanwhile the Assessment page records a new assessment: she is pregnant.
    store.cases.save_assessment(
        pid,
        Assessment(date=date(2026, 1, 12), conditions=("pregnancy",), pregnancy_weeks=20),
    )
    controller.workspace.open("assessment")
    page = open_points(controller, pid)
    page.add_target("LI4")
    assert any(f.rule == "pregnancy-point" for f in page.state.findings)
    assert not page.save()
    assert store.cases.get_case(pid).plan is None


def test_points_save_refuses_when_the_assessment_changed_while_open(
    make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store)
    page = open_points(make_window(), pid)
    page.add_target("LI4")
    # Saved elsewhere (another practitioner, or the Assessment page) while this page is shown.
    store.cases.save_assessment(
        pid,
        Assessment(date=date(2026, 1, 12), conditions=("pregnancy",), pregnancy_weeks=20),
    )
    assert not page.save()
    assert store.cases.get_case(pid).plan is None
    assert page.saving.override_dialog is not None
    assert page.saving.override_dialog.isVisible()
    assert any(f.rule == "pregnancy-point" for f in page.state.findings)


def test_handout_follows_a_plan_saved_after_it_was_shown(
    make_workspace: MakeWorkspace, store: Store
) -> None:
    doc = copy.deepcopy(EXAMPLE)
    doc["plan"] = {**EXAMPLE["plan"], "acupoints": [{"code": "SI3", "side": "both"}]}
    doc["plan"]["trigger_points"] = []
    [pid] = store.cases.import_cases([case_from_dict(doc, today=TODAY)])
    controller = make_workspace()
    page = open_handout(controller, pid)
    assert "collapsed lung" not in text_of(page.pdf)
    # The Points page adds GB21 (lung risk) and saves; then the practitioner comes back.
    controller.workspace.open("assessment")
    plan = store.cases.get_case(pid).plan
    assert plan is not None
    store.cases.save_plan(pid, replace(plan, acupoints=(AcupointTarget("GB21", Side.RIGHT),)))
    controller.workspace.open(HANDOUT_PAGE)
    QApplication.processEvents()
    assert "collapsed lung" in text_of(page.pdf)


def test_handout_refused_for_a_red_flag_recorded_after_it_was_shown(
    make_workspace: MakeWorkspace, store: Store
) -> None:
    [pid] = store.cases.import_cases([case_from_dict(copy.deepcopy(EXAMPLE), today=TODAY)])
    controller = make_workspace()
    page = open_handout(controller, pid)
    assert page.pdf
    controller.workspace.open("assessment")
    case = store.cases.get_case(pid)
    assert case.assessment is not None
    store.cases.save_assessment(pid, replace(case.assessment, id=None, red_flags=("fever",)))
    controller.workspace.open(HANDOUT_PAGE)
    QApplication.processEvents()
    assert page.pdf == b""
    assert page.save_pdf() is None
    assert not page.print_handout()
