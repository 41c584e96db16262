"""The Handout page's widgets: options on the left, the PDF preview (QtPdf) on the right.

QtPdf is imported here, and this module only by build_handout_page, so the preview's
libraries load when the tab is first shown, never at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMargins, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain.handout import Paper

OPTIONS_WIDTH = 290
PREVIEW_BACKGROUND = "#6b6f76"  # a neutral grey, so the white sheet stands out as paper
PAPER_LABELS = {Paper.A4: "A4", Paper.LETTER: "US Letter"}
MESSAGE_WIDTH = 540
MESSAGE_STYLE = (
    "#handoutMessage { background: palette(base); border: 1px solid palette(mid);"
    " border-radius: 6px; }"
)
WARNING_STYLE = "color: #8a5300;"
CLINIC_NOTICE_STYLE = (
    "#handoutClinicNotice { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; }"
)


class HandoutPageView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoutPage")

        # --- options --------------------------------------------------------------------
        self.title = QLabel("Aftercare handout")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("handoutSubtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.large_print = QCheckBox("&Large print (14.5 pt)")
        self.paper = QComboBox()
        for paper, label in PAPER_LABELS.items():
            self.paper.addItem(label, paper.value)
        self.note = QPlainTextEdit()
        self.note.setObjectName("handoutNote")
        self.note.setPlaceholderText("A short personal note, printed on the sheet (optional)")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(96)
        self.note.setMaximumHeight(150)
        self.note_count = QLabel()
        self.note_count.setObjectName("handoutNoteCount")
        self.note_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.note_count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("handoutPages")
        self.pages_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print the handout (Ctrl+P)")
        self.save_button = QPushButton("Save P&DF…")
        self.save_button.setToolTip("Save the handout as a PDF file")

        self.given_label = QLabel()
        self.given_label.setObjectName("handoutGiven")
        self.given_label.setWordWrap(True)
        self.given_button = QPushButton("&Record as given")
        self.given_button.setToolTip("Mark today's visit in the visit log: handout given")

        # While the clinic's name or phone is missing: said at the top, with the way to fix it.
        self.clinic_notice = QFrame()
        self.clinic_notice.setObjectName("handoutClinicNotice")
        self.clinic_notice.setStyleSheet(CLINIC_NOTICE_STYLE)
        self.clinic_notice_text = QLabel()
        self.clinic_notice_text.setObjectName("handoutClinicNoticeText")
        self.clinic_notice_text.setWordWrap(True)
        self.clinic_settings_button = QPushButton("&Clinic details…")
        self.clinic_settings_button.setToolTip("Edit › Settings…: the clinic's name and phone")
        notice_layout = QVBoxLayout(self.clinic_notice)
        notice_layout.setContentsMargins(10, 8, 10, 8)
        notice_layout.setSpacing(6)
        notice_layout.addWidget(self.clinic_notice_text)
        notice_layout.addWidget(self.clinic_settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.clinic_notice.hide()

        self.warning = QLabel()
        self.warning.setObjectName("handoutWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()

        settings_form = QFormLayout()
        settings_form.setContentsMargins(0, 0, 0, 0)
        settings_form.setHorizontalSpacing(10)
        settings_form.setVerticalSpacing(8)
        paper_label = QLabel("Pa&per")
        paper_label.setBuddy(self.paper)
        settings_form.addRow(paper_label, self.paper)
        note_label = QLabel("&Note for the patient")
        note_label.setBuddy(self.note)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)

        self.options = QWidget()
        self.options.setObjectName("handoutOptions")
        self.options.setFixedWidth(OPTIONS_WIDTH)
        column = QVBoxLayout(self.options)
        column.setContentsMargins(14, 14, 12, 14)
        column.setSpacing(8)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addWidget(self.clinic_notice)
        column.addSpacing(6)
        column.addWidget(self.large_print)
        column.addLayout(settings_form)
        column.addSpacing(4)
        column.addWidget(note_label)
        column.addWidget(self.note)
        column.addWidget(self.note_count)
        column.addLayout(buttons)
        column.addWidget(self.pages_label)
        column.addSpacing(6)
        column.addWidget(_line())
        visit_heading = QLabel("Visit log")
        heading_font = visit_heading.font()
        heading_font.setBold(True)
        visit_heading.setFont(heading_font)
        column.addWidget(visit_heading)
        column.addWidget(self.given_label)
        column.addWidget(self.given_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        column.addWidget(self.warning)

        # --- preview --------------------------------------------------------------------
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.pdf_view = QPdfView()
        self.pdf_view.setObjectName("handoutPreview")
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setPageSpacing(14)
        self.pdf_view.setDocumentMargins(QMargins(18, 18, 18, 18))
        self.pdf_view.setFrameShape(QFrame.Shape.NoFrame)
        palette = self.pdf_view.palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor(PREVIEW_BACKGROUND))
        self.pdf_view.setPalette(palette)
        self.pdf_view.setBackgroundRole(QPalette.ColorRole.Dark)

        self.message = QLabel()
        self.message.setObjectName("handoutMessageText")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # A frame with layout margins (not label padding) that may grow (Minimum): a wrapped
        # rich-text label needs its height-for-width, which a capped size hint clips.
        self.message_box = QFrame()
        self.message_box.setObjectName("handoutMessage")
        self.message_box.setStyleSheet(MESSAGE_STYLE)
        self.message_box.setMaximumWidth(MESSAGE_WIDTH)
        self.message_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        box_layout = QVBoxLayout(self.message_box)
        box_layout.setContentsMargins(20, 14, 20, 16)
        box_layout.addWidget(self.message)
        message_page = QWidget()
        message_layout = QVBoxLayout(message_page)
        message_layout.setContentsMargins(24, 24, 24, 24)
        # Centred by stretches, not an alignment flag, which would pin it to its size hint.
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.message_box, 100)
        centred.addStretch(1)
        message_layout.addLayout(centred)
        message_layout.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(message_page)
        self.stack.addWidget(self.pdf_view)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.options)
        row.addWidget(_line(vertical=True))
        row.addWidget(self.stack, 1)
        self.show_message("")

    # --- the preview ------------------------------------------------------------------------

    def show_pdf(self, data: bytes) -> int:
        """Load the PDF into the preview; returns its page count (0: it could not be read)."""
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        # Keep the view's place (say, page 2) across a re-render.
        scroll = self.pdf_view.verticalScrollBar().value()
        self.document.load(buffer)
        old, self._buffer = self._buffer, buffer
        if old is not None:  # the document no longer reads the old bytes
            old.close()
            old.deleteLater()
        self.stack.setCurrentWidget(self.pdf_view)
        self.pdf_view.verticalScrollBar().setValue(scroll)
        self.set_actions_enabled(True)
        return self.document.pageCount()

    def show_message(self, html: str) -> None:
        """A friendly explanation instead of the preview; the actions wait for a handout."""
        self.document.close()
        self.message.setText(html)
        self.message_box.setVisible(bool(html))
        self.stack.setCurrentIndex(0)
        self.pages_label.clear()
        self.set_actions_enabled(False)

    def showing_preview(self) -> bool:
        return self.stack.currentWidget() is self.pdf_view

    def set_actions_enabled(self, enabled: bool) -> None:
        for widget in (
            self.print_button,
            self.save_button,
            self.large_print,
            self.paper,
            self.note,
            self.given_button,
        ):
            widget.setEnabled(enabled)

    def show_clinic_notice(self, text: str) -> None:
        self.clinic_notice_text.setText(text)
        self.clinic_notice.setVisible(bool(text))

    def show_warning(self, text: str) -> None:
        self.warning.setText(text)
        self.warning.setVisible(bool(text))


def _line(*, vertical: bool = False) -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine if vertical else QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
