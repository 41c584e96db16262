"""The Handout page keeps each PDF it prints or saves in the patient's record (the same
bytes, with its audit entry); a record that fails loses neither the print nor the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from planner.domain.audit import describe
from planner.domain.errors import NotFoundError
from planner.store.database import Store
from planner.ui.handout.controller import HandoutController
from tests.ui.conftest import MakeWorkspace
from tests.ui.handout.test_page import add_example, open_handout


@pytest.fixture
def pid(store: Store) -> int:
    return add_example(store)


def pdf_printer(out: Path) -> Any:
    def ask(parent: QWidget, paper: Any, title: str) -> Any:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    return ask


def test_saving_keeps_the_same_pdf_as_given(
    make_workspace: MakeWorkspace, pid: int, store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "handout.pdf"
    page = open_handout(make_workspace(), pid, ask_save_path=lambda parent, name: target)
    page.view.note.setPlainText("Drink water today.")  # pending: saving renders it first
    assert page.save_pdf() == target
    [given] = store.handouts.given(pid)
    assert given.how == "saved"
    assert given.pdf == target.read_bytes() == page.pdf
    plan = store.cases.get_case(pid).plan
    assert plan is not None
    assert given.plan_id == plan.id
    entry = store.audit.for_patient(pid)[-1]
    assert describe(entry) == "Saved the aftercare handout."
    assert entry.record_id == given.id
    status = page.context.parent.statusBar().currentMessage()  # type: ignore[attr-defined]
    assert status == f"Saved the handout to {target}"


def test_printing_keeps_the_same_pdf_as_given(
    make_workspace: MakeWorkspace, pid: int, store: Store, tmp_path: Path
) -> None:
    page = open_handout(make_workspace(), pid, ask_printer=pdf_printer(tmp_path / "p.pdf"))
    assert page.print_handout()
    [given] = store.handouts.given(pid)
    assert given.how == "printed"
    assert given.pdf == page.pdf
    assert given.pdf.startswith(b"%PDF")
    assert describe(store.audit.for_patient(pid)[-1]) == "Printed the aftercare handout."

    assert page.print_handout()  # each print is a handout given
    assert [g.how for g in store.handouts.given(pid)] == ["printed", "printed"]


def test_cancelled_print_or_save_keeps_nothing(
    make_workspace: MakeWorkspace, pid: int, store: Store
) -> None:
    page = open_handout(
        make_workspace(),
        pid,
        ask_save_path=lambda parent, name: None,
        ask_printer=lambda parent, paper, title: None,
    )
    assert page.save_pdf() is None
    assert not page.print_handout()
    assert store.handouts.given(pid) == []


def test_a_failed_save_keeps_nothing(
    make_workspace: MakeWorkspace, pid: int, store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "no such folder" / "handout.pdf"
    page = open_handout(make_workspace(), pid, ask_save_path=lambda parent, name: target)
    assert page.save_pdf() is None
    assert store.handouts.given(pid) == []


def test_a_record_that_fails_loses_neither_file_nor_print(
    make_workspace: MakeWorkspace,
    pid: int,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "handout.pdf"
    printed = tmp_path / "printed.pdf"
    page: HandoutController = open_handout(
        make_workspace(),
        pid,
        ask_save_path=lambda parent, name: target,
        ask_printer=pdf_printer(printed),
    )
    handouts = page.context.database.store.handouts

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise NotFoundError(f"patient {pid} does not exist")

    monkeypatch.setattr(handouts, "record_given", refuse)
    status = page.context.parent.statusBar()  # type: ignore[attr-defined]

    assert page.save_pdf() == target
    assert target.read_bytes() == page.pdf
    assert status.currentMessage() == (
        f"Saved the handout to {target}, but it could not be kept in the patient's history: "
        f"patient {pid} does not exist"
    )
    assert page.print_handout()
    assert printed.read_bytes().startswith(b"%PDF")
    assert status.currentMessage() == (
        "Sent the handout to the printer, but it could not be kept in the patient's history: "
        f"patient {pid} does not exist"
    )
    assert page.context.prompts.asked == []  # type: ignore[attr-defined]
    assert store.handouts.given(pid) == []
