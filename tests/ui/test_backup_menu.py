"""File › Back up now… and File › Restore…, and the automatic backups, driven through the
window's actions (the file dialogs and the question answered by the test)."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.domain.patient import Patient
from planner.store.backup.rotation import automatic_name
from planner.store.database import Store
from planner.ui.main_controller import MainController
from planner.ui.shared.settings import Settings
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.helpers import add_patients, visible_names


def answer(monkeypatch: pytest.MonkeyPatch, c: MainController, **answers: object) -> list[str]:
    """Replace the backup commands' dialogs with answers; the questions asked."""
    asked: list[str] = []
    b = c.backups
    if "target" in answers:
        monkeypatch.setattr(
            b, "choose_backup_target", lambda name, suffix: asked.append(name) or answers["target"]
        )
    if "source" in answers:
        monkeypatch.setattr(b, "choose_restore_source", lambda: answers["source"])
    if "confirm" in answers:
        monkeypatch.setattr(
            b, "confirm_restore", lambda text: asked.append(text) or answers["confirm"]
        )
    return asked


def test_back_up_now_writes_a_private_file_that_restores(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    add_patients(store, Patient("Ana López"), Patient("Ben Okafor"))
    c = make_window()
    w = c.window
    file_menu = w.menuBar().actions()[0].menu()
    assert w.backup_action in file_menu.actions()
    assert w.restore_action in file_menu.actions()
    target = tmp_path / "chosen" / "copy.sqlite"
    target.parent.mkdir()
    asked = answer(monkeypatch, c, target=target)
    w.backup_action.trigger()
    assert asked == [f"needleplan-{datetime.now():%Y-%m-%d-%H%M}.sqlite"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert w.statusBar().currentMessage() == f"Backed up the database to {target}"

    # Changed after the backup, then restored: the list shows the backup's patients.
    ben = next(p for p in store.patients.search("Ben"))
    store.patients.delete(ben.id)
    store.patients.add(Patient("Zhang Wei"))
    c.patients.reload()
    qtbot.waitUntil(lambda: visible_names(c) == ["Ana López", "Zhang Wei"])
    asked = answer(monkeypatch, c, source=target, confirm=True)
    w.restore_action.trigger()
    assert len(asked) == 1
    question = asked[0]
    assert "copy.sqlite" in question
    assert str(tmp_path / "needleplan.sqlite") in question
    assert f"kept first, beside it in {tmp_path}" in question
    qtbot.waitUntil(lambda: visible_names(c) == ["Ana López", "Ben Okafor"])
    assert prompts.kinds() == []
    kept = list(tmp_path.glob("needleplan.sqlite.before-restore-*"))
    assert len(kept) == 1
    assert w.statusBar().currentMessage() == (
        f"Restored copy.sqlite; the previous database is kept at {kept[0]}"
    )
    assert QApplication.overrideCursor() is None
    last = c.database.store.audit.all()[-1]  # the restored database says it was restored
    assert (last.action, last.kind) == ("restore", "database")


def test_restoring_a_junk_file_is_one_refusal_and_changes_nothing(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    add_patients(store, Patient("Ana López"))
    c = make_window()
    qtbot.waitUntil(lambda: visible_names(c) == ["Ana López"])
    junk = tmp_path / "holiday-photos.sqlite"
    junk.write_bytes(b"not a database at all" * 10)
    asked = answer(monkeypatch, c, source=junk, confirm=True)
    c.window.restore_action.trigger()
    assert asked == []  # checked before asking: never offered to replace anything
    assert prompts.asked == [
        (
            "problem",
            f"Could not restore: {junk} is not a Needleplan backup (neither a SQLite database"
            " nor a PostgreSQL archive); nothing was changed",
        )
    ]
    assert [p.name for p in store.patients.search("")] == ["Ana López"]
    assert not list(tmp_path.glob("*before-restore*"))
    assert visible_names(c) == ["Ana López"]
    assert QApplication.overrideCursor() is None


def test_saying_no_to_the_restore_changes_nothing(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_patients(store, Patient("Ana López"))
    c = make_window()
    copy = tmp_path / "copy.sqlite"
    answer(monkeypatch, c, target=copy)
    c.window.backup_action.trigger()
    store.patients.add(Patient("Zhang Wei"))
    answer(monkeypatch, c, source=copy, confirm=False)
    c.window.restore_action.trigger()
    assert sorted(p.name for p in store.patients.search("")) == ["Ana López", "Zhang Wei"]
    assert c.window.statusBar().currentMessage() == "Nothing was restored"


def auto_folder(settings: Settings, tmp_path: Path) -> Path:
    folder = tmp_path / "auto"
    settings.auto_backup_folder = str(folder)
    return folder


def test_automatic_backups_keep_the_newest_n_and_only_touch_their_own(
    make_window: MakeWindow, store: Store, settings: Settings, tmp_path: Path
) -> None:
    add_patients(store, Patient("Ana López"))
    folder = auto_folder(settings, tmp_path)
    settings.auto_backup_keep = 3
    folder.mkdir(mode=0o700)
    now = datetime.now()
    old = [folder / automatic_name(now - timedelta(days=d), ".sqlite") for d in range(2, 6)]
    mine = [folder / "needleplan-2026-01-01-0900.sqlite", folder / "notes.txt"]
    for path in (*old, *mine):
        path.write_text("x")
    c = make_window()
    made = c.backups.back_up_if_due()
    assert made is not None
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o600
    assert sorted(folder.iterdir()) == sorted([made, old[0], old[1], *mine])
    # Just made: not due again today.
    assert c.backups.back_up_if_due() is None
    # On exit, once automatic backups are started (the app does; tests and
    # --exit-after-startup runs do not).
    c.backups.start_automatic()
    c.window.close()
    autos = sorted(p.name for p in folder.glob("needleplan-auto-*"))
    assert len(autos) == 3
    assert made.name in autos
    assert old[0].name in autos


def test_a_failed_automatic_backup_is_one_status_line(
    make_window: MakeWindow, settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    settings.auto_backup_folder = str(blocker / "backups")  # cannot be made
    c = make_window()
    assert c.backups.automatic_backup() is None
    assert c.window.statusBar().currentMessage().startswith("The automatic backup failed: ")
    assert QApplication.overrideCursor() is None


def test_no_automatic_backup_when_turned_off_or_not_started(
    make_window: MakeWindow, settings: Settings, tmp_path: Path
) -> None:
    folder = auto_folder(settings, tmp_path)
    c = make_window()
    c.window.close()  # not started: no backup on exit
    assert not folder.exists()
    settings.auto_backup_enabled = False
    assert c.backups.back_up_if_due() is None
    assert not folder.exists()
