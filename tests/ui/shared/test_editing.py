"""The one way pages park drafts and save: DraftSlot and save_or_resolve."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.domain.errors import ConflictError, FieldProblem, ValidationError
from planner.ui.shared.drafts import DraftStore
from planner.ui.shared.editing import DraftSlot, save_or_resolve
from planner.ui.shared.prompts import ConflictChoice

KIND = "course"
BLANK = {"complaint": ""}


def slot(tmp_path: Path, errors: list[str] | None = None) -> DraftSlot:
    sink = errors if errors is not None else []
    return DraftSlot(DraftStore(tmp_path), KIND, on_error=sink.append, blank=BLANK)


def test_a_draft_left_by_another_session_is_waiting_until_taken(tmp_path: Path) -> None:
    DraftStore(tmp_path).save(7, KIND, {"complaint": "left over"})
    s = slot(tmp_path)
    s.follow(7)
    assert s.waiting()
    draft = s.load()
    assert draft is not None
    assert draft.data == {"complaint": "left over"}
    assert s.owned
    assert not s.waiting()
    s.follow(8)
    assert not s.waiting()
    assert not s.owned


def test_a_blank_form_never_replaces_a_draft_someone_else_left(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(7, KIND, {"complaint": "typed before the crash"})
    s = slot(tmp_path)
    s.follow(7)
    assert s.park(dict(BLANK)) is False
    kept = store.load(7, KIND)
    assert kept is not None
    assert kept.data == {"complaint": "typed before the crash"}


def test_a_blank_form_drops_the_draft_this_session_wrote(tmp_path: Path) -> None:
    s = slot(tmp_path)
    s.follow(7)
    assert s.park({"complaint": "stiff neck"}) is True
    assert s.owned
    assert s.drafts.exists(7, KIND)
    assert s.park(dict(BLANK)) is False
    assert not s.drafts.exists(7, KIND)
    assert not s.owned


def test_nothing_is_parked_without_a_patient(tmp_path: Path) -> None:
    s = slot(tmp_path)
    assert s.park({"complaint": "x"}) is False
    assert s.load() is None
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_is_reported_and_the_old_draft_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    s = slot(tmp_path, errors)
    s.follow(7)
    s.park({"complaint": "first"})

    def full(*args: object, **kwargs: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert s.park({"complaint": "second"}) is False
    monkeypatch.undo()
    assert errors == ["The unsaved work could not be kept (No space left on device). Save soon."]
    kept = s.drafts.load(7, KIND)
    assert kept is not None
    assert kept.data == {"complaint": "first"}


def test_keep_aside_moves_an_unreadable_draft_out_of_the_way(tmp_path: Path) -> None:
    s = slot(tmp_path)
    s.follow(7)
    s.park({"complaint": "x"})
    s.keep_aside()
    assert not s.drafts.exists(7, KIND)
    assert [p.suffix for p in tmp_path.iterdir()] == [".bad"]
    assert not s.owned


class Store:
    """A record with a version, saved by someone else once before we save."""

    def __init__(self, conflict: bool) -> None:
        self.conflict = conflict
        self.writes: list[bool] = []

    def write(self, force: bool) -> str:
        self.writes.append(force)
        if self.conflict and not force:
            raise ConflictError("Someone else saved this visit since you opened it.")
        return "saved"


def run(store: Store, answer: ConflictChoice) -> tuple[str | None, list[str], list[str]]:
    asked: list[str] = []
    done: list[str] = []

    def ask(message: str) -> ConflictChoice:
        asked.append(message)
        return answer

    result = save_or_resolve(
        ask, store.write, reload=lambda: done.append("reload"), keep=lambda: done.append("keep")
    )
    return result, asked, done


def test_without_a_conflict_it_saves_once_and_asks_nothing() -> None:
    store = Store(conflict=False)
    assert run(store, ConflictChoice.CANCEL) == ("saved", [], [])
    assert store.writes == [False]


@pytest.mark.parametrize(
    ("answer", "result", "writes", "done"),
    [
        (ConflictChoice.RELOAD, None, [False], ["reload"]),
        (ConflictChoice.OVERWRITE, "saved", [False, True], []),
        (ConflictChoice.CANCEL, None, [False], ["keep"]),
    ],
)
def test_a_conflict_asks_and_does_what_was_chosen(
    answer: ConflictChoice, result: str | None, writes: list[bool], done: list[str]
) -> None:
    store = Store(conflict=True)
    got, asked, did = run(store, answer)
    assert got == result
    assert asked == ["Someone else saved this visit since you opened it."]
    assert store.writes == writes
    assert did == done


def test_other_errors_are_the_callers_to_show() -> None:
    def write(force: bool) -> str:
        raise ValidationError([FieldProblem("date", "must not be in the future")])

    with pytest.raises(ValidationError):
        save_or_resolve(
            lambda m: ConflictChoice.CANCEL, write, reload=lambda: None, keep=lambda: None
        )
