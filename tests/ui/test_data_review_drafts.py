"""Data review: a damaged draft is kept aside, and a later damaged one does not replace it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from planner.domain.case import Case
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.shared.drafts import ASSESSMENT, DraftStore
from tests.ui.conftest import MakeWindow


def test_every_damaged_draft_is_kept_aside(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save(3, ASSESSMENT, {"complaint": "first"})
    drafts.path(3, ASSESSMENT).write_text('{"format": "needleplan-draft/1", "data": {"compl')
    assert drafts.load(3, ASSESSMENT) is None
    drafts.save(3, ASSESSMENT, {"complaint": "second"})
    drafts.path(3, ASSESSMENT).write_text('{"format": "needleplan-draft/1", "data": {"seco')
    assert drafts.load(3, ASSESSMENT) is None
    kept = sorted(p.read_text() for p in drafts.directory.iterdir() if ".bad" in p.name)
    assert kept == [
        '{"format": "needleplan-draft/1", "data": {"compl',
        '{"format": "needleplan-draft/1", "data": {"seco',
    ]
    assert not drafts.exists(3, ASSESSMENT)


def test_a_damaged_draft_of_one_kind_does_not_replace_another_kinds(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    for kind in (ASSESSMENT, "visit"):
        drafts.path(3, kind).parent.mkdir(parents=True, exist_ok=True)
        drafts.path(3, kind).write_text(f"damaged {kind}")
        assert drafts.load(3, kind) is None
    kept = sorted(p.read_text() for p in drafts.directory.iterdir() if ".bad" in p.name)
    assert kept == ["damaged assessment", "damaged visit"]


def test_a_course_draft_the_page_cannot_read_is_kept_aside(
    make_window: MakeWindow, store: Store
) -> None:
    from tests.ui.course.test_page import add_case, open_course

    pid = add_case(store)
    window = make_window()
    drafts = window.workspace.context.drafts
    # A draft from another version of the app: a key this one needs is missing.
    drafts.save(pid, "course", {"start_date": "2026-11-24", "sessions": 7, "reason": "typed"})
    open_course(window, pid)
    kept = [p for p in drafts.directory.iterdir() if p.name.startswith(f"patient-{pid}-course")]
    assert [p.suffix for p in kept] == [".bad"]
    assert '"reason": "typed"' in kept[0].read_text(encoding="utf-8")


def test_a_plan_saved_while_the_course_saves_is_a_conflict_and_the_draft_stays(
    qtbot: QtBot, make_window: MakeWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.course.test_page import add_case, open_course, settle

    pid = add_case(store)
    window = make_window()
    page = open_course(window, pid)
    page.view.sessions.setValue(7)
    settle(qtbot, page)
    cases = page.context.database.store.cases
    read = cases.get_case

    def read_then_someone_saves(patient_id: int) -> Case:
        case = read(patient_id)  # the course page's fresh read ...
        # ... and another practitioner's points saved before this page writes.
        cases.save_plan(patient_id, Plan(acupoints=(AcupointTarget("SI3", Side.BOTH),)))
        return case

    monkeypatch.setattr(cases, "get_case", read_then_someone_saves)
    assert not page.save()
    monkeypatch.undo()
    latest = store.cases.get_case(pid).plan
    assert latest is not None
    assert latest.target_ids() == ["SI3"]  # theirs is kept as the latest plan
    # The typed course stays on the page, to save again or park as a draft.
    assert page.inputs is not None
    assert page.inputs.sessions == 7
    assert page.view.sessions.value() == 7
