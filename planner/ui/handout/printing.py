"""Printing a PDF held by a QPdfDocument, and the file and printer questions the page asks.

Qt has no vector path from a PDF to a QPainter, so each page is rasterised by QtPdf at the
printer's resolution (capped: 300 dpi is sharp on paper, 1200 dpi would be a 500 MB image
per A4 page) and composited onto white, because QtPdf renders with a transparent background.
QtPrintSupport is imported only here, inside the functions, so only when the user prints.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtWidgets import QWidget

from planner.domain.errors import DomainError
from planner.domain.handout import Paper

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

MAX_PRINT_DPI = 300


class PrintError(DomainError):
    """The printer could not take the job (not started, out of reach)."""


def page_size_of(paper: Paper) -> QPageSize:
    return QPageSize(
        QPageSize.PageSizeId.Letter if paper is Paper.LETTER else QPageSize.PageSizeId.A4
    )


def ask_printer(parent: QWidget, paper: Paper, title: str) -> QPrinter | None:
    """The system print dialog, preset to the handout's paper; None if the user cancels."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(page_size_of(paper))
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the handout")
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    from planner.ui.shared.file_dialogs import choose_save_path

    return choose_save_path(
        parent, "Save the handout as PDF", suggested, "PDF files (*.pdf)", ".pdf"
    )


def white_page(document: QPdfDocument, index: int, dpi: float) -> QImage:
    """Page `index` rendered at `dpi` on an opaque white sheet."""
    points = document.pagePointSize(index)
    size = QSize(
        max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72))
    )
    rendered = document.render(index, size)
    sheet = QImage(size, QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.white)
    painter = QPainter(sheet)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return sheet


@contextlib.contextmanager
def pdf_document(pdf: bytes) -> Iterator[QPdfDocument]:
    """These PDF bytes as a document to print, apart from the preview's."""
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        yield document
    finally:
        document.close()
        buffer.close()


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page, each fitted to the sheet (the PDF has its own margins); returns the
    number of pages sent. PrintError if the printer cannot start."""
    count = document.pageCount()
    if count == 0:
        raise PrintError("there is nothing to print")
    printer.setFullPage(True)  # the PDF's page is the sheet: no second set of margins
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("the printer could not be started")
    try:
        for index in range(count):
            if index and not printer.newPage():
                raise PrintError("the printer stopped taking pages")
            sheet = white_page(document, index, dpi)
            target = QRectF(painter.viewport())  # the whole sheet, as setFullPage made it
            fitted = QSizeF(sheet.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            place = QRectF(
                target.x() + (target.width() - fitted.width()) / 2,
                target.y() + (target.height() - fitted.height()) / 2,
                fitted.width(),
                fitted.height(),
            )
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(place, sheet)
    finally:
        painter.end()
    return count
