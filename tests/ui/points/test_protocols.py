"""The Points page's ready-made targets: protocols and Repeat last visit."""

from __future__ import annotations

from datetime import date

from planner.domain.plan import Plan
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.points.controller import PointsController
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.points.helpers import add_case, open_points, planned


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
    assert "visit of" in page.view.plan.repeat_note.text()
    page.last_visit.repeat()
    assert planned(page) == [("SI3", Side.BOTH), ("GB21", Side.BOTH)]


def test_protocols_rename_with_clear_messages(page: PointsController, store: Store) -> None:

    prompts = page.context.prompts
    assert isinstance(prompts, FakePrompts)
    page.add_target("GB21", Side.RIGHT)
    page.protocols.ask_name = lambda _p, _t, _l: "Neck right"
    page.protocols.save_targets()
    page.protocols.ask_name = lambda _p, _t, _l: "Shoulder"
    page.protocols.save_targets()
    page.view.plan.protocols.setCurrentIndex(page.view.plan.protocols.findText("Neck right (1)"))
    offered: list[str] = []

    def answer(new: str):  # type: ignore[no-untyped-def]
        def ask(_p: object, _t: str, _l: str, current: str) -> str:
            offered.append(current)
            return new

        return ask

    assert page.view.plan.rename_protocol_button.isEnabled()
    page.protocols.ask_new_name = answer("Cuello derecho")
    page.view.plan.rename_protocol_button.click()
    assert offered == ["Neck right"]  # the dialog starts from the current name
    assert sorted(p.name for p in store.protocols.list()) == ["Cuello derecho", "Shoulder"]
    assert page.view.plan.protocols.currentText() == "Cuello derecho (1)"

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
    assert page.view.plan.protocols.currentText() == "Theirs (1)"
