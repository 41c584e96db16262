"""Asks for the practitioner's reason to go ahead despite a blocking finding."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.findings import Finding
from planner.domain.plan import REASON_MAX


class OverrideDialog(QDialog):
    """One block, one reason; OK stays disabled until a reason is written."""

    def __init__(self, finding: Finding, target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.target = target
        self.setWindowTitle(f"Reason to use {target}")
        self.setObjectName("overrideDialog")
        intro = QLabel(
            f"<b>Do not use: {target}</b><br>{finding.message}<br>"
            f"<span style='color:#666'>Source: {finding.source}</span><br><br>"
            "To plan it anyway, write why (kept with the plan):"
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setPlaceholderText("e.g. discussed with the patient's physician on …")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.ok_button
        ok.setText("Record reason")
        ok.setEnabled(False)
        self.reason.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.reason)
        column.addWidget(self.buttons)
        self.resize(460, 260)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _update(self) -> None:
        text = self.text()
        self.ok_button.setEnabled(bool(text) and len(text) <= REASON_MAX)
