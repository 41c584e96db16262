"""The live screening panel: findings as cards, most severe first, and the refer banner.

Presentation only: the findings come from planner.domain.screening.screen(), already
sorted. Severity is always written out as well as coloured (never colour alone).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.domain.findings import Finding
from planner.ui.shared.labels import SEVERITY_LABELS

# severity -> (badge background, badge text colour, card edge)
SEVERITY_COLORS: dict[str, tuple[str, str, str]] = {
    "refer": ("#c62828", "#ffffff", "#e57373"),
    "block": ("#b34700", "#ffffff", "#f0a36b"),
    "caution": ("#f2b600", "#1f1f1f", "#f5d06b"),
    "info": ("#6b6b6b", "#ffffff", "#c4c4c4"),
}
REFER_TITLE = "Stop: refer before treating"
NO_FINDINGS = "No safety concerns found for this assessment."
CHECKING = "Checking…"


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # Preferred, with a small minimum: the label wraps to the panel's width, and its
    # height-for-width is honoured so nothing is cut at the bottom of a card.
    label.setMinimumWidth(120)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    return label


def targets_text(targets: Sequence[str]) -> str:
    return ", ".join(t.removeprefix("TP:").replace("-", " ") if t else t for t in targets)


class FindingCard(QFrame):
    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        severity = str(finding.severity)
        background, foreground, edge = SEVERITY_COLORS.get(severity, SEVERITY_COLORS["info"])
        self.setObjectName("findingCard")
        self.setStyleSheet(
            f"#findingCard {{ border: 1px solid {edge}; border-left: 5px solid {background};"
            " border-radius: 4px; background: palette(base); }"
        )
        label = SEVERITY_LABELS.get(severity, severity).upper()
        if finding.cleared_by is not None:
            label += " · CLEARED"
        elif finding.overridden_by is not None:
            label += " · OVERRIDDEN"
        self.badge = QLabel(label)
        self.badge.setObjectName("severityBadge")
        self.badge.setStyleSheet(
            f"background: {background}; color: {foreground}; border-radius: 3px;"
            " padding: 1px 6px; font-weight: bold;"
        )
        self.message = _wrapped(finding.message)
        parts = []
        if finding.targets:
            parts.append(f"About: {targets_text(finding.targets)}")
        parts.append(f"Source: {finding.source}")
        if finding.cleared_by is not None:
            parts.append(finding.cleared_by[:1].upper() + finding.cleared_by[1:])
        elif finding.overridden_by is not None:
            parts.append(f"Reason recorded: {finding.overridden_by}")
        self.meta = _wrapped(" · ".join(parts))
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        small = QFont(self.meta.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.meta.setFont(small)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.badge)
        top.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.message)
        column.addWidget(self.meta)
        # Screen readers hear the severity word first, as sighted users see the badge.
        self.setAccessibleName(f"{self.badge.text().capitalize()}: {finding.message}")


class ReferBanner(QFrame):
    """The unmissable stop sign at the top of the assessment page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referBanner")
        self.setStyleSheet(
            "#referBanner { background: #c62828; border-radius: 4px; } QLabel { color: white; }"
        )
        self.title = QLabel(REFER_TITLE)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = _wrapped()
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addWidget(self.detail)
        self.setAccessibleName(REFER_TITLE)
        self.hide()

    def show_findings(self, refer: Sequence[Finding]) -> None:
        if not refer:
            self.hide()
            return
        first = refer[0].message
        more = len(refer) - 1
        self.detail.setText(
            first + (f" (and {more} more red flag{'s' if more > 1 else ''})" if more else "")
        )
        self.setAccessibleDescription(self.detail.text())
        self.show()


class FindingsView(QWidget):
    """Title, a one-line status and the cards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Safety screening")
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.status = _wrapped()
        self.status.setObjectName("screeningStatus")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self._cards_host = QWidget()
        self._cards = QVBoxLayout(self._cards_host)
        self._cards.setContentsMargins(0, 0, 4, 0)
        self._cards.setSpacing(6)
        self._cards.addStretch(1)
        self.cards_scroll = scroll = QScrollArea()
        scroll.setWidget(self._cards_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.status)
        column.addWidget(scroll, 1)
        self.cards: list[FindingCard] = []
        scroll.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit_cards()
        return super().eventFilter(watched, event)

    def _fit_cards(self) -> None:
        # A scroll area does not pass height-for-width on to wrapped labels: give each card
        # the height its text needs at the width it really has, so nothing is cut off.
        width = self.cards_scroll.viewport().width() - self._cards.contentsMargins().right()
        for card in self.cards:
            card.setMinimumHeight(card.heightForWidth(width))

    def show_findings(self, findings: Sequence[Finding], *, plan_note: str = "") -> None:
        for card in self.cards:
            self._cards.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for index, finding in enumerate(findings):
            card = FindingCard(finding)
            self._cards.insertWidget(index, card)
            self.cards.append(card)
        self._fit_cards()
        counts: dict[str, int] = {}
        lifted = 0
        for finding in findings:
            if finding.resolved:
                lifted += 1
                continue
            counts[str(finding.severity)] = counts.get(str(finding.severity), 0) + 1
        if findings:
            summary = ", ".join(
                [
                    *(
                        f"{n} {SEVERITY_LABELS[s].lower()}"
                        for s, n in counts.items()
                        if s in SEVERITY_LABELS
                    ),
                    *([f"{lifted} cleared or overridden"] if lifted else []),
                ]
            )
            text = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: {summary}."
        else:
            text = NO_FINDINGS
        self.status.setText(f"{text} {plan_note}".strip())

    def show_message(self, text: str) -> None:
        self.show_findings([])
        self.status.setText(text)
