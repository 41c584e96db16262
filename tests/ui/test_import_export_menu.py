"""File › Import records…, Export all records… and Export patient archive…, driven through
the window's actions (the file choosers answered by the test): the same file the command
line writes, 0600; Cancel leaves no file and imports nothing; a bad file is one message
naming line and field."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

import planner.casefile
from planner.casefile import LineProblem, RecordReader, write_records
from planner.cli import main
from planner.domain.assessment import Assessment
from planner.domain.history import PatientHistory, ProtocolRecord
from planner.domain.patient import Patient
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.visit import Visit
from planner.store.database import Store, open_store
from planner.ui.main_controller import MainController
from planner.ui.records_commands import problems_text
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.helpers import add_patients, jose, loaded_at_start_up, visible_names

GOOD = {"format": "needleplan-case/1", "patient": {"name": "Bo Chen"}}
NAMELESS = {"format": "needleplan-case/1", "patient": {"birth_date": "1980-01-01"}}
FEVERISH = {
    "format": "needleplan-case/1",
    "patient": {"name": "Cy Diaz"},
    "assessment": {"date": "2026-11-20", "red_flags": ["fever"]},
    "plan": {"acupoints": [{"code": "GB21", "side": "right"}]},
}


def seed(store: Store) -> list[int]:
    """Ana, José (an assessment, a visit, a handout given) and Zhang; a protocol."""
    ids = add_patients(store, Patient("Ana López"), jose(), Patient("Zhang Wei"))
    pid = ids[1]
    store.cases.save_assessment(pid, Assessment(date=date(2026, 11, 20), complaint="Neck"))
    store.visits.add(pid, Visit(date=date(2026, 11, 24), nprs_before=6, subjective="Tired"))
    store.handouts.record_given(pid, b"%PDF-1.4 handout of Jose", how="printed")
    store.protocols.add(Protocol("Neck basic", (PlannedTarget("GB21"),)))
    return ids


def run_job(qtbot: QtBot, c: MainController, action: Any) -> None:
    """Trigger `action` and wait for its worker to stop."""
    action.trigger()
    qtbot.waitUntil(lambda: c.records.job is None, timeout=20_000)


def write_lines(path: Path, *docs: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def cancel_button(c: MainController) -> QPushButton:
    progress = c.records.progress
    assert progress is not None
    [button] = progress.findChildren(QPushButton)
    return button


# --- the menu -------------------------------------------------------------------------------


def test_the_file_menu_groups_the_records_between_the_sample_case_and_back_up(
    make_window: MakeWindow, store: Store
) -> None:
    add_patients(store, Patient("Ana López"))
    c = make_window()
    w = c.window
    file_menu = w.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    at = texts.index("&Import records…")
    assert texts[at - 1] == ""  # a group of its own
    assert texts[at + 3] == ""
    assert texts[at + 1 : at + 3] == ["E&xport all records…", "Export patient &archive…"]
    assert texts.index("Open the &sample case") < at < texts.index("&Back up now…")
    for action in (w.import_action, w.export_all_action, w.export_archive_action):
        assert action.statusTip()
        assert action.toolTip() == action.statusTip()  # no keys: the tip alone


def test_the_archive_needs_a_selected_patient_and_the_others_do_not(
    make_window: MakeWindow, store: Store
) -> None:
    add_patients(store, Patient("Ana López"))
    c = make_window()
    w = c.window
    c.select_row(0)
    assert w.export_archive_action.isEnabled()
    c.list.clearSelection()
    c.list.setCurrentIndex(c.model.index(-1, 0))
    QApplication.processEvents()
    assert c.selected_id() is None
    assert not w.export_archive_action.isEnabled()
    assert w.import_action.isEnabled()
    assert w.export_all_action.isEnabled()
    assert c.commands.export_selected_archive() is None  # asked some other way: a status line
    assert w.statusBar().currentMessage() == "Select a patient first to export their archive"


# --- File › Export all records… ----------------------------------------------------------------


def test_export_writes_what_the_command_line_writes(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed(store)
    c = make_window()
    target = tmp_path / "out" / "all.jsonl"
    target.parent.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(
        c.records, "choose_export_target", lambda name: asked.append(name) or target
    )
    interval = sys.getswitchinterval()
    c.window.export_all_action.trigger()
    assert sys.getswitchinterval() == 0.001  # the window keeps repainting meanwhile
    qtbot.waitUntil(lambda: c.records.job is None, timeout=20_000)
    assert sys.getswitchinterval() == interval
    assert asked == [f"needleplan-export-{date.today().isoformat()}.jsonl"]
    assert prompts.asked == []
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert c.window.statusBar().currentMessage() == (
        f"Exported 3 patients and 1 protocol to {target}"
    )
    assert QApplication.overrideCursor() is None
    assert c.window.export_all_action.isEnabled()

    by_cli = tmp_path / "cli.jsonl"
    assert main(["--database-url", sqlite_url, "export", "-o", str(by_cli)]) == 0
    capsys.readouterr()
    assert target.read_bytes() == by_cli.read_bytes()
    records = list(RecordReader(target))
    assert isinstance(records[0], ProtocolRecord)
    histories = [r for r in records[1:] if isinstance(r, PatientHistory)]
    assert [h.patient.name for h in histories] == ["Ana López", "José Núñez", "Zhang Wei"]
    assert len(histories[1].visits) == 1
    assert histories[1].assessments[0].assessment.complaint == "Neck"


def test_cancelling_the_export_leaves_no_file(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    seed(store)
    c = make_window()
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "all.jsonl"
    monkeypatch.setattr(c.records, "choose_export_target", lambda name: target)
    histories = c.database.store.histories
    real = histories.iter_histories
    release = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Iterator[PatientHistory]:
        for n, history in enumerate(real(*args, **kwargs)):
            if n == 1:
                release.wait(10)  # the second patient waits for the test's Cancel
            yield history

    monkeypatch.setattr(histories, "iter_histories", slow)
    c.window.export_all_action.trigger()
    job = c.records.job
    assert job is not None
    assert not c.window.export_all_action.isEnabled()  # one records job at a time
    progress = c.records.progress
    assert progress is not None
    qtbot.waitUntil(progress.isVisible, timeout=5000)  # the progress shows while it waits
    qtbot.waitUntil(lambda: "1 of 3 patients" in progress.labelText(), timeout=5000)
    assert progress.windowModality() == Qt.WindowModality.WindowModal
    qtbot.mouseClick(cancel_button(c), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: c.records.job is None, timeout=10_000)
    assert job.cancelled
    assert list(folder.iterdir()) == []  # neither the file nor its temporary file
    assert prompts.asked == []
    assert c.window.statusBar().currentMessage() == "Export cancelled: nothing was written"
    assert QApplication.overrideCursor() is None
    assert c.window.export_all_action.isEnabled()


def test_closing_the_window_mid_export_stops_it_and_leaves_no_file(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(store)
    c = make_window()
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(c.records, "choose_export_target", lambda name: folder / "all.jsonl")
    histories = c.database.store.histories
    real = histories.iter_histories
    started = threading.Event()

    def endless(*args: Any, **kwargs: Any) -> Iterator[PatientHistory]:
        first = next(iter(real(*args, **kwargs)))
        started.set()
        while True:  # only the cancel stops it
            yield first

    monkeypatch.setattr(histories, "iter_histories", endless)
    c.window.export_all_action.trigger()
    assert started.wait(10)
    c.window.close()
    assert c.records.job is None  # stopped before the window went
    assert list(folder.iterdir()) == []


def test_an_export_that_cannot_be_written_is_one_message(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    seed(store)
    c = make_window()
    target = tmp_path / "gone" / "all.jsonl"
    monkeypatch.setattr(c.records, "choose_export_target", lambda name: target)
    run_job(qtbot, c, c.window.export_all_action)
    assert prompts.asked == [
        (
            "problem",
            f"Could not export the records: {target.parent}: no such folder. Nothing was written.",
        )
    ]
    assert not target.parent.exists()


# --- File › Import records… ---------------------------------------------------------------------


def test_a_file_with_bad_records_is_one_message_naming_line_and_field(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    add_patients(store, Patient("Ana López"))
    entries = len(store.audit.all())
    c = make_window()
    source = write_lines(tmp_path / "bad.jsonl", GOOD, NAMELESS, FEVERISH, GOOD)
    monkeypatch.setattr(c.records, "choose_import_source", lambda: source)
    run_job(qtbot, c, c.window.import_action)
    [(kind, text)] = prompts.asked
    assert kind == "problem"
    assert text.startswith(
        "Could not import bad.jsonl: Nothing was imported.\n\n"
        "The file has 2 problems:\n"
        "• line 2, patient.name: is required\n"
        "• line 3, plan: cannot be imported: red flag red-flag-fever stands"
    )
    assert "line 1" not in text
    assert "line 4" not in text
    assert [p.name for p in store.patients.search("")] == ["Ana López"]
    assert len(store.audit.all()) == entries  # nothing written, not even to the trail
    assert visible_names(c) == ["Ana López"]
    assert QApplication.overrideCursor() is None
    assert c.window.import_action.isEnabled()


def test_many_problems_are_cut_to_the_first_few(
    qtbot: QtBot,
    make_window: MakeWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    c = make_window()
    source = write_lines(tmp_path / "bad.jsonl", *([NAMELESS] * 12))
    monkeypatch.setattr(c.records, "choose_import_source", lambda: source)
    run_job(qtbot, c, c.window.import_action)
    [(_, text)] = prompts.asked
    lines = text.split("\n\n", 1)[1].splitlines()
    assert lines == [
        "The file has 12 problems:",
        *[f"• line {n}, patient.name: is required" for n in range(1, 6)],
        "… and 7 more problems",
    ]


def exported_elsewhere(tmp_path: Path) -> Path:
    """Two patients (one with a history) and a protocol, as another database exports them."""
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        [pid, _] = add_patients(other, Patient("Dara Okoye"), Patient("Eli Brandt"))
        other.cases.save_assessment(pid, Assessment(date=date(2026, 11, 20), complaint="Neck"))
        other.visits.add(pid, Visit(date=date(2026, 11, 24), nprs_before=5))
        other.protocols.add(Protocol("Neck basic", (PlannedTarget("GB21"),)))
        out = tmp_path / "elsewhere.jsonl"
        h = other.histories
        write_records(chain(h.iter_protocols(), h.iter_histories()), out)
        return out
    finally:
        other.close()


def test_importing_a_good_file_adds_the_patients_and_says_so(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    [ana] = add_patients(store, Patient("Ana López"))
    c = make_window()
    c.select_row(0)
    source = exported_elsewhere(tmp_path)
    monkeypatch.setattr(c.records, "choose_import_source", lambda: source)
    run_job(qtbot, c, c.window.import_action)
    assert prompts.asked == []
    assert c.window.statusBar().currentMessage() == "Imported 2 patients and 1 protocol"
    qtbot.waitUntil(lambda: visible_names(c) == ["Ana López", "Dara Okoye", "Eli Brandt"])
    assert c.window.count_label.text() == "3 patients"
    assert c.selected_id() == ana  # many patients: the list as it was, with them in it
    [dara] = store.patients.search("Dara")
    assert dara.id is not None
    assert len(store.visits.for_patient(dara.id)) == 1
    assert store.cases.assessments(dara.id)[0].complaint == "Neck"
    imports = [e for e in store.audit.all() if e.action == "import"]
    assert {e.kind for e in imports} >= {"patient", "protocol"}
    assert QApplication.overrideCursor() is None

    # Again: the patients come twice (a file is not matched to people), the protocol once.
    run_job(qtbot, c, c.window.import_action)
    assert c.window.statusBar().currentMessage() == (
        "Imported 2 patients; 1 protocol already here (same name, targets and notes),"
        " not added again"
    )
    assert [p.name for p in store.protocols.list()] == ["Neck basic"]


def test_one_patients_json_document_imports_and_shows_them(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = make_window()
    source = tmp_path / "bo.json"
    source.write_text(json.dumps(GOOD, indent=2), encoding="utf-8")
    monkeypatch.setattr(c.records, "choose_import_source", lambda: source)
    run_job(qtbot, c, c.window.import_action)
    assert c.window.statusBar().currentMessage() == "Imported 1 patient"
    [bo] = store.patients.search("")
    assert bo.name == "Bo Chen"
    assert c.selected_id() == bo.id  # one patient's file: they are shown


def test_cancelling_the_import_rolls_it_all_back(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    add_patients(store, Patient("Ana López"))
    entries = len(store.audit.all())
    c = make_window()
    # Enough patients for the store to write a batch before the Cancel.
    docs = [{"format": "needleplan-case/1", "patient": {"name": f"P{n:04d}"}} for n in range(300)]
    source = write_lines(tmp_path / "many.jsonl", *docs)
    monkeypatch.setattr(c.records, "choose_import_source", lambda: source)
    release = threading.Event()
    readers: list[Any] = []

    class Waiting(RecordReader):
        """The second reading (the import) waits at record 250 for the test's Cancel."""

        def __iter__(self) -> Iterator[Any]:
            readers.append(self)
            for n, record in enumerate(super().__iter__()):
                if len(readers) == 2 and n == 250:
                    release.wait(10)
                yield record

    monkeypatch.setattr(planner.casefile, "RecordReader", Waiting)
    c.window.import_action.trigger()
    progress = c.records.progress
    assert progress is not None
    qtbot.waitUntil(progress.isVisible, timeout=5000)  # an import shows at once
    qtbot.waitUntil(lambda: "250 of 300 records" in progress.labelText(), timeout=10_000)
    qtbot.mouseClick(cancel_button(c), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: c.records.job is None, timeout=10_000)
    assert prompts.asked == []
    assert c.window.statusBar().currentMessage() == "Import cancelled: nothing was imported"
    assert [p.name for p in store.patients.search("")] == ["Ana López"]
    assert len(store.audit.all()) == entries


def test_once_every_record_is_read_the_import_can_no_longer_be_cancelled(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = make_window()
    source = write_lines(tmp_path / "two.jsonl", GOOD, GOOD)
    monkeypatch.setattr(c.records, "choose_import_source", lambda: source)
    histories = c.database.store.histories
    real = histories.import_records
    release = threading.Event()

    def commit_slowly(records: Any) -> Any:
        read = list(records)  # every record read; the commit is what takes the time
        release.wait(10)
        return real(read)

    monkeypatch.setattr(histories, "import_records", commit_slowly)
    c.window.import_action.trigger()
    progress = c.records.progress
    assert progress is not None
    qtbot.waitUntil(lambda: "All 2 records read; saving them" in progress.labelText())
    assert not cancel_button(c).isEnabled()  # no Cancel that would do nothing
    release.set()
    qtbot.waitUntil(lambda: c.records.job is None, timeout=10_000)
    assert c.window.statusBar().currentMessage() == "Imported 2 patients"


# --- File › Export patient archive… --------------------------------------------------------------


def test_the_archive_action_writes_the_selected_patients_zip(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prompts: FakePrompts,
) -> None:
    ids = seed(store)
    c = make_window()
    row = c.model.row_of(ids[1])
    assert row is not None
    c.select_row(row)
    target = tmp_path / "jose.zip"
    asked: list[tuple[QWidget, str]] = []

    def choose(parent: QWidget, suggested: str) -> Path:
        asked.append((parent, suggested))
        return target

    monkeypatch.setattr(c.commands, "choose_archive_path", choose)
    c.window.export_archive_action.trigger()
    assert asked == [(c.window, f"Archive {date.today().isoformat()} José Núñez.zip")]
    assert prompts.asked == []
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        assert {"history.json", "fhir.json", "audit.json"} <= names
        [pdf] = [n for n in names if n.startswith("handouts/")]
        assert zf.read(pdf) == b"%PDF-1.4 handout of Jose"
        assert json.loads(zf.read("history.json"))["patient"]["name"] == "José Núñez"
    assert c.window.statusBar().currentMessage() == f"Saved the patient's archive to {target}"
    assert QApplication.overrideCursor() is None

    # A folder that is not there: one message over the window, nothing written.
    target = tmp_path / "gone" / "jose.zip"
    c.window.export_archive_action.trigger()
    [(kind, text)] = prompts.asked
    assert kind == "problem"
    assert text == (
        f"Could not export the archive: {target.parent}: no such folder. Nothing was written."
    )
    assert not target.parent.exists()


def test_nothing_of_the_case_file_loads_at_start_up(tmp_path: Path) -> None:
    """The reading, writing and archive code loads when an action asks for it."""
    assert loaded_at_start_up(tmp_path, ("planner.casefile", "planner.catalog")) == []


def test_one_problem_and_problems_beyond_those_kept_are_counted() -> None:
    unreadable = LineProblem(None, "", "cannot read x.jsonl: Permission denied")
    assert problems_text([unreadable]) == (
        "The file has a problem:\n• cannot read x.jsonl: Permission denied"
    )
    assert problems_text([LineProblem(3, "patient", "is not an object")], omitted=10) == (
        "The file has 11 problems:\n• line 3, patient: is not an object\n… and 10 more problems"
    )
