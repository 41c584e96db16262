"""The sheet leaves the page: saved as a PDF file, or sent to a printer, and then kept in
the patient's record as given (the same PDF bytes, with its audit entry).

The questions (which file, which printer) are passed in, so the page and tests can
replace them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from planner.domain.errors import DomainError
from planner.domain.handout import Handout, Paper
from planner.ui.handout.printing import PrintError, pdf_document, print_document
from planner.ui.handout.view import HandoutPageView
from planner.ui.workspace import WorkspaceContext

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

AskSavePath = Callable[[QWidget, str], "Path | None"]
AskPrinter = Callable[[QWidget, Paper, str], "QPrinter | None"]


def suggested_file_name(handout: Handout) -> str:
    # Characters that file systems (or a USB stick) refuse are replaced, the name kept readable.
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", handout.patient_name).strip() or "patient"
    return f"Aftercare {handout.date.isoformat()} {name}.pdf"


def save_pdf(
    context: WorkspaceContext,
    view: HandoutPageView,
    handout: Handout,
    pdf: bytes,
    ask_save_path: AskSavePath,
) -> Path | None:
    """Ask where, write the PDF there whole; the path, or None if cancelled or refused."""
    from planner.casefile.atomic import write_atomically

    path = ask_save_path(view, suggested_file_name(handout))
    if path is None:
        return None
    try:
        write_atomically(path, pdf)
    except OSError as exc:
        context.prompts.show_problem(
            view, "Could not save the handout", f"{path}: {exc.strerror or exc}"
        )
        return None
    context.show_status(f"Saved the handout to {path}")
    return path


def print_sheet(
    context: WorkspaceContext,
    view: HandoutPageView,
    handout: Handout,
    pdf: bytes,
    paper: Paper,
    ask_printer: AskPrinter,
) -> bool:
    """Ask which printer, print `pdf` (the sheet as it was when Print was pressed, whatever
    the preview shows by the time the dialog closes); whether it was sent."""
    printer = ask_printer(view, paper, suggested_file_name(handout)[:-4])
    if printer is None:
        return False
    try:
        with pdf_document(pdf) as document:
            pages = print_document(document, printer)
    except PrintError as exc:
        context.prompts.show_problem(view, "Could not print the handout", str(exc))
        return False
    context.show_status(
        f"Sent the handout to the printer ({pages} page{'s' if pages != 1 else ''})"
    )
    return True


def keep_given(
    context: WorkspaceContext,
    patient_id: int,
    pdf: bytes,
    *,
    how: str,
    plan_id: int | None,
    done: str,
) -> bool:
    """Keep the PDF just printed or saved (`how`) in the patient's record. The sheet is
    already out: a failure is one status line after `done` (what happened), never lost."""
    from sqlalchemy.exc import SQLAlchemyError  # loaded with the store

    try:
        context.database.store.handouts.record_given(patient_id, pdf, how=how, plan_id=plan_id)
    except (DomainError, SQLAlchemyError) as exc:
        orig = getattr(exc, "orig", None)  # SQLAlchemy: the driver's line, not the SQL
        reason = (str(orig if orig is not None else exc).strip().splitlines() or ["?"])[0]
        context.show_status(f"{done}, but it could not be kept in the patient's history: {reason}")
        return False
    return True
