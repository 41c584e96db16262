"""The Points page: library search, markers, target list, live screening, undo, save."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment, PainRegion
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.protocol import PlannedTarget
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.main_controller import MainController
from planner.ui.points import POINTS_PAGE
from planner.ui.points.controller import PointsController
from planner.ui.points.targets_model import SIDE
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.helpers import type_text

PAIN = (PainRegion("neck-right", 7), PainRegion("scapula-right", 5))


def add_case(store: Store, *, conditions: tuple[str, ...] = (), weeks: int | None = None) -> int:
    assessment = Assessment(
        date=date(2026, 1, 5), pain_regions=PAIN, conditions=conditions, pregnancy_weeks=weeks
    )
    [pid] = store.cases.import_cases([Case(Patient(name="Ana López"), assessment)])
    return pid


def open_points(controller: MainController, pid: int) -> PointsController:
    controller.workspace.set_patient(pid)
    page = controller.workspace.open(POINTS_PAGE)
    assert isinstance(page, PointsController)
    QApplication.processEvents()
    return page


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> PointsController:
    pid = add_case(store)
    return open_points(make_window(), pid)


def planned(page: PointsController) -> list[tuple[str, Side]]:
    return [(t.target, t.side) for t in page.targets.targets]


def test_page_loads_nothing_until_shown(make_window: MakeWindow) -> None:
    controller = make_window()
    assert "planner.ui.points.controller" not in sys.modules or not controller.workspace.page(
        POINTS_PAGE
    )
    assert controller.workspace.page(POINTS_PAGE) is None


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("gb21", "GB21"),
        ("jianjing", "GB21"),
        ("shoulder well", "GB21"),
        ("肩井", "GB21"),
        ("levator", "TP:levator-scapulae"),
    ],
)
def test_search_finds_and_enter_adds(
    qtbot: QtBot, page: PointsController, query: str, first: str
) -> None:
    qtbot.keyClick(page.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert page.view.search.hasFocus()
    type_text(qtbot, page.view.search, query)
    assert page.proxy.target_id(0) == first
    qtbot.keyClick(page.view.search, Qt.Key.Key_Down)
    assert page.view.results.hasFocus()
    qtbot.keyClick(page.view.results, Qt.Key.Key_Return)
    assert [t for t, _ in planned(page)] == [first]
    assert "In the plan" in page.view.detail.toPlainText()


def test_filters_narrow_the_library(page: PointsController) -> None:
    v = page.view
    v.kind_filter.setCurrentIndex(v.kind_filter.findData("trigger-points"))
    assert page.proxy.rowCount() == len(page.catalog.trigger_regions)
    v.kind_filter.setCurrentIndex(v.kind_filter.findData("acupoints"))
    v.channel_filter.setCurrentIndex(v.channel_filter.findData("GB"))
    v.group_filter.setCurrentIndex(v.group_filter.findData("shoulder"))
    codes = {page.proxy.target_id(r) for r in range(page.proxy.rowCount())}
    assert "GB21" in codes
    assert all(str(c).startswith("GB") for c in codes)


def click_marker(qtbot: QtBot, page: PointsController, target: str, side: Side) -> None:
    item = page.markers.items(target, side)[0]
    chart = page.view.chart
    pos = chart.mapFromScene(item.scenePos())
    assert chart.viewport().rect().contains(pos)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_markers_selects_and_toggles_sides(qtbot: QtBot, page: PointsController) -> None:
    click_marker(qtbot, page, "GB21", Side.RIGHT)
    assert planned(page) == [("GB21", Side.RIGHT)]
    assert page.markers.items("GB21", Side.RIGHT)[0].selected
    assert not page.markers.items("GB21", Side.LEFT)[0].selected
    click_marker(qtbot, page, "GB21", Side.LEFT)
    assert planned(page) == [("GB21", Side.BOTH)]
    click_marker(qtbot, page, "GB21", Side.RIGHT)
    assert planned(page) == [("GB21", Side.LEFT)]
    click_marker(qtbot, page, "GV14", Side.MIDLINE)
    assert planned(page)[-1] == ("GV14", Side.MIDLINE)


def test_markers_keep_their_screen_size_when_zoomed(page: PointsController) -> None:
    chart = page.view.chart
    item = page.markers.items("BL13", Side.RIGHT)[0]

    def on_screen_width() -> float:
        to_screen = item.deviceTransform(chart.viewportTransform())
        return to_screen.mapRect(item.boundingRect()).width()

    before = on_screen_width()
    chart.zoom_in()
    chart.zoom_in()
    QApplication.processEvents()
    assert chart.zoom == pytest.approx(1.5625)
    assert on_screen_width() == pytest.approx(before)
    chart.fit()
    assert chart.zoom == 1.0


def test_labels_only_for_selected_at_fit_zoom(page: PointsController) -> None:
    for code in ("BL11", "BL12", "BL13", "BL14", "BL15"):
        page.add_target(code, Side.RIGHT)
    page.markers.relayout()
    shown = {k.target for k, label in page.markers.labels.items() if label.isVisible()}
    assert shown <= {"BL11", "BL12", "BL13", "BL14", "BL15", "GB21"}
    # The shown labels never overlap each other.
    chart = page.view.chart
    screen = [
        label.deviceTransform(chart.viewportTransform()).mapRect(label.rect())
        for label in page.markers.labels.values()
        if label.isVisible()
    ]
    assert len(screen) >= 5
    for i, a in enumerate(screen):
        for b in screen[i + 1 :]:
            assert not a.intersects(b)


def test_changing_side_and_undo_redo(qtbot: QtBot, page: PointsController) -> None:
    page.add_target("GB21")
    page.add_target("GV14")
    assert planned(page) == [("GB21", Side.BOTH), ("GV14", Side.MIDLINE)]
    assert page.targets.setData(page.targets.index(0, SIDE), "right")
    assert planned(page)[0] == ("GB21", Side.RIGHT)
    # GV14 lies on the midline: left is refused.
    assert not page.targets.setData(page.targets.index(1, SIDE), "left")
    page.view.targets.setFocus()
    qtbot.keyClick(page.view.targets, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert planned(page)[0] == ("GB21", Side.BOTH)
    qtbot.keyClick(
        page.view.targets,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert planned(page)[0] == ("GB21", Side.RIGHT)
    page.view.targets.setCurrentIndex(page.targets.index(1, 1))
    qtbot.keyClick(page.view.targets, Qt.Key.Key_Delete)
    assert planned(page) == [("GB21", Side.RIGHT)]
    page.undo_stack.undo()
    assert [t for t, _ in planned(page)] == ["GB21", "GV14"]


def test_pregnancy_caution_shows_on_list_marker_and_panel(
    make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store, conditions=("pregnancy",), weeks=20)
    page = open_points(make_window(), pid)
    page.add_target("GB21", Side.RIGHT)
    row = page.targets.row_of("GB21")
    assert row is not None
    assert page.targets.index(row, 0).data() == "Caution"
    assert page.markers.items("GB21", Side.RIGHT)[0].severity == "caution"
    assert any(c.finding.rule == "pregnancy-caution-point" for c in page.view.findings.cards)


def test_block_needs_a_reason_before_save(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store, conditions=("pregnancy",), weeks=20)
    page = open_points(make_window(), pid)
    page.add_target("LI4")
    row = page.targets.row_of("LI4")
    assert row is not None
    assert page.targets.index(row, 0).data() == "Do not use"
    qtbot.mouseClick(page.view.save_button, Qt.MouseButton.LeftButton)
    dialog = page.saving.override_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert store.cases.get_case(pid).plan is None  # nothing saved yet
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setPlainText("Discussed with her midwife; she asked for it")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    plan = store.cases.get_case(pid).plan
    assert plan is not None
    assert [a.code for a in plan.acupoints] == ["LI4"]
    assert plan.overrides[0].rule == "pregnancy-point"
    assert plan.overrides[0].reason.startswith("Discussed")
    assert page.targets.index(row, 0).data() == "Do not use (overridden)"


def test_save_and_reload(page: PointsController, store: Store) -> None:
    page.add_target("GB21", Side.RIGHT)
    page.add_target("TP:levator-scapulae", Side.RIGHT)
    assert page.targets.setData(page.targets.index(0, 4), 20)
    assert page.save()
    assert page.state.patient_id is not None
    saved = store.cases.get_case(page.state.patient_id).plan
    assert saved is not None
    assert saved.acupoints[0].retention_minutes == 20
    assert saved.trigger_points[0].muscle == "levator-scapulae"
    page.add_target("SI3")
    assert "unsaved" in page.view.state_label.text()
    page.reload()
    assert [t for t, _ in planned(page)] == ["GB21", "TP:levator-scapulae"]
    assert "saved" in page.view.state_label.text()


def test_suggestions_add_with_one_click(qtbot: QtBot, page: PointsController) -> None:
    model = page.suggestions
    assert model.rowCount() > 0
    first = model.suggestion_at(0)
    assert first.target == "TP:levator-scapulae" or first.target.startswith("TP:")
    assert "right side of the neck" in first.reason
    page.view.side_tabs.setCurrentIndex(1)
    QApplication.processEvents()
    rect = page.view.suggestions.visualRect(model.index(0))
    qtbot.mouseClick(page.view.suggestions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert (first.target, first.side) in planned(page)


def test_protocols_save_and_apply(page: PointsController, store: Store) -> None:
    page.protocols.ask_name = lambda _p, _t, _l: "Neck right"
    page.add_target("GB21", Side.RIGHT)
    page.add_target("GV14")
    page.protocols.save_targets()
    assert [p.name for p in store.protocols.list()] == ["Neck right"]
    page.target_list.remove_selected()
    page.add_target("SI3")
    page.protocols.apply_selected()
    assert {t for t, _ in planned(page)} >= {"GB21", "GV14", "SI3"}
    page.undo_stack.undo()
    assert "GB21" not in {t for t, _ in planned(page)} or len(planned(page)) < 3


def test_repeat_last_visit(make_window: MakeWindow, store: Store) -> None:
    pid = add_case(store)
    store.cases.save_plan(pid, Plan())
    store.visits.add(
        pid,
        Visit(date(2026, 1, 12), targets=(VisitTarget("SI3", Side.BOTH), VisitTarget("GB21"))),
        today=date(2026, 2, 1),
    )
    page = open_points(make_window(), pid)
    assert "visit of" in page.view.repeat_note.text()
    page.last_visit.repeat()
    assert planned(page) == [("SI3", Side.BOTH), ("GB21", Side.BOTH)]


def test_unsaved_points_survive_a_patient_switch(make_window: MakeWindow, store: Store) -> None:
    pid = add_case(store)
    [other] = store.cases.import_cases([Case(Patient(name="Bo"))])
    controller = make_window()
    page = open_points(controller, pid)
    page.add_target("GB21", Side.RIGHT)
    controller.workspace.set_patient(other)
    assert planned(page) == []
    controller.workspace.set_patient(pid)
    assert planned(page) == [("GB21", Side.RIGHT)]


def test_models_pass_the_model_tester(qtmodeltester, page: PointsController) -> None:  # type: ignore[no-untyped-def]
    page.add_target("GB21", Side.RIGHT)
    page.add_target("TP:levator-scapulae")
    page.proxy.set_text("gb")
    qtmodeltester.check(page.library)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.targets)
    qtmodeltester.check(page.suggestions)


def test_planned_target_type_is_shared(page: PointsController) -> None:
    page.add_target("GB21")
    assert page.targets.targets == (PlannedTarget("GB21", Side.BOTH),)


def test_saving_points_keeps_the_course_saved_meanwhile(
    page: PointsController, store: Store
) -> None:
    from dataclasses import replace

    from planner.domain.course.override import CourseOverride

    assert page.state.patient_id is not None
    page.add_target("GB21", Side.RIGHT)
    # Meanwhile the Course page saves dates into the patient's plan.
    course = CourseOverride(sessions=6, reason="patient travels in January")
    store.cases.save_plan(
        page.state.patient_id,
        replace(
            Plan(), start_date=date(2026, 12, 1), clinic_days=("mon", "thu"), course_override=course
        ),
    )
    assert page.save()
    saved = store.cases.get_case(page.state.patient_id).plan
    assert saved is not None
    assert [a.code for a in saved.acupoints] == ["GB21"]
    assert saved.course_override == course
    assert saved.clinic_days == ("mon", "thu")


@pytest.mark.parametrize("answer", ["cancel", "overwrite", "reload"])
def test_someone_elses_points_are_never_overwritten_silently(
    page: PointsController, store: Store, answer: str
) -> None:
    from planner.ui.shared.prompts import ConflictChoice
    from tests.ui.conftest import FakePrompts

    assert page.state.patient_id is not None
    prompts = page.context.prompts
    assert isinstance(prompts, FakePrompts)
    prompts.conflict_answer = ConflictChoice[answer.upper()]
    page.add_target("GB21", Side.RIGHT)
    theirs = Plan(acupoints=(AcupointTarget("SI3", Side.BOTH),))
    store.cases.save_plan(page.state.patient_id, theirs)  # another practitioner
    saved_now = page.save()
    assert "conflict" in prompts.kinds()
    latest = store.cases.get_case(page.state.patient_id).plan
    assert latest is not None
    if answer == "overwrite":
        assert saved_now
        assert [a.code for a in latest.acupoints] == ["GB21"]
    else:
        assert not saved_now
        assert [a.code for a in latest.acupoints] == ["SI3"]
    if answer == "reload":
        assert [t for t, _ in planned(page)] == ["SI3"]


def test_protocols_rename_with_clear_messages(page: PointsController, store: Store) -> None:
    from tests.ui.conftest import FakePrompts

    prompts = page.context.prompts
    assert isinstance(prompts, FakePrompts)
    page.add_target("GB21", Side.RIGHT)
    page.protocols.ask_name = lambda _p, _t, _l: "Neck right"
    page.protocols.save_targets()
    page.protocols.ask_name = lambda _p, _t, _l: "Shoulder"
    page.protocols.save_targets()
    page.view.protocols.setCurrentIndex(page.view.protocols.findText("Neck right (1)"))
    offered: list[str] = []

    def answer(new: str):  # type: ignore[no-untyped-def]
        def ask(_p: object, _t: str, _l: str, current: str) -> str:
            offered.append(current)
            return new

        return ask

    assert page.view.rename_protocol_button.isEnabled()
    page.protocols.ask_new_name = answer("Cuello derecho")
    page.view.rename_protocol_button.click()
    assert offered == ["Neck right"]  # the dialog starts from the current name
    assert sorted(p.name for p in store.protocols.list()) == ["Cuello derecho", "Shoulder"]
    assert page.view.protocols.currentText() == "Cuello derecho (1)"

    page.protocols.ask_new_name = answer("  SHOULDER ")  # the same name whatever the capitals
    page.protocols.rename_selected()
    assert prompts.asked[-1][0] == "problem"
    assert "already called 'SHOULDER'" in prompts.asked[-1][1]
    page.protocols.ask_new_name = answer("   ")
    page.protocols.rename_selected()
    assert prompts.asked[-1] == ("problem", "Protocol not renamed: A protocol needs a name.")
    assert sorted(p.name for p in store.protocols.list()) == ["Cuello derecho", "Shoulder"]

    # Someone else renames it meanwhile: a conflict, and the list shows their name.
    [mine] = [p for p in store.protocols.list() if p.name == "Cuello derecho"]
    store.protocols.rename(mine, "Theirs")
    page.protocols.ask_new_name = answer("Mine")
    page.protocols.rename_selected()
    assert "Someone else changed" in prompts.asked[-1][1]
    assert sorted(p.name for p in store.protocols.list()) == ["Shoulder", "Theirs"]
    assert page.view.protocols.currentText() == "Theirs (1)"


def test_suggestions_follow_the_library_filters(page: PointsController) -> None:
    from planner.domain.suggestions import SuggestionKind

    v = page.view

    def kinds() -> set[SuggestionKind]:
        model = page.suggestions
        return {model.suggestion_at(r).kind for r in range(model.rowCount())}

    assert kinds() == {SuggestionKind.TRIGGER_POINT, SuggestionKind.ACUPOINT}
    v.kind_filter.setCurrentIndex(v.kind_filter.findData("trigger-points"))
    assert kinds() == {SuggestionKind.TRIGGER_POINT}
    assert "Refers pain to" in page.suggestions.suggestion_at(0).reason  # reasons kept
    assert "hidden by the library's filters" in v.suggestions_note.text()
    v.kind_filter.setCurrentIndex(v.kind_filter.findData("acupoints"))
    assert kinds() == {SuggestionKind.ACUPOINT}
    v.group_filter.setCurrentIndex(v.group_filter.findData("neck"))
    targets = [page.suggestions.suggestion_at(r).target for r in range(page.suggestions.rowCount())]
    assert targets
    assert all(page.catalog.target(t).region.value == "neck" for t in targets)  # type: ignore[union-attr]
    v.kind_filter.setCurrentIndex(v.kind_filter.findData("all"))
    v.group_filter.setCurrentIndex(v.group_filter.findData("all"))
    assert kinds() == {SuggestionKind.TRIGGER_POINT, SuggestionKind.ACUPOINT}
    assert "hidden" not in v.suggestions_note.text()


def test_every_target_column_is_readable_at_the_default_window_size(
    make_window: MakeWindow, store: Store
) -> None:
    from planner.ui.main_window import DEFAULT_SIZE

    controller = make_window()
    controller.window.resize(DEFAULT_SIZE)
    page = open_points(controller, add_case(store))
    for code in ("GB21", "GB20", "SI3", "BL13", "TP:levator-scapulae"):
        page.add_target(code, None)
    QApplication.processEvents()
    table = page.view.targets
    header = table.horizontalHeader()
    for column in range(page.targets.columnCount()):
        # Every header fits its column, and the table is not clipped by the panel.
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width() - 1
    assert table.viewport().width() >= header.length() - 2
    assert page.targets.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_a_standing_red_flag_stops_the_save_and_says_how_to_lift_it(
    make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    pid = add_case(store)
    store.cases.save_assessment(pid, Assessment(date=date(2026, 1, 6), red_flags=("fever",)))
    page = open_points(make_window(), pid)
    page.add_target("GB21", Side.RIGHT)
    assert not page.save()
    assert store.cases.get_case(pid).plan is None  # nothing written
    (problem,) = [text for kind, text in prompts.asked if kind == "problem"]
    assert "red-flag-fever" in problem
    assert "clearance" in problem
    assert "unsaved" in page.view.state_label.text()  # the typing is kept
