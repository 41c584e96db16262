"""Help › Keyboard shortcuts and Help › Getting started.

The shortcuts list is gathered from the same tables the actions are built from: the window's
(planner.ui.shortcuts), the steps' Ctrl+1… actions, the pages' Save key, and each step's
planner/ui/<step>/shortcuts.py. The steps' tables are imported when the list opens, never at
start-up. Both windows are modeless: the practitioner can keep them beside the work.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.ui import shortcuts
from planner.ui.workspace import PageSpec

Row = tuple[str, str]
Area = tuple[str, list[Row]]


def native_keys(keys: str) -> str:
    """The table's keys as this platform writes them ("Ctrl+Y or Ctrl+Shift+Z", "⌘Z")."""
    parts = keys.split(shortcuts.KEY_SEPARATOR)
    return " or ".join(
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) or k for k in parts
    )


def fitted(wanted: QSize, parent: QWidget | None) -> QSize:
    """`wanted`, shrunk to 85% of the screen's height (a 1366 x 768 laptop)."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry().size()
    return wanted.boundedTo(QSize(room.width() * 9 // 10, room.height() * 85 // 100))


def step_table(spec: PageSpec) -> list[Row]:
    """The rows of planner/ui/<step>/shortcuts.py (empty when the step has none)."""
    name = f"planner.ui.{spec.key}.shortcuts"
    if importlib.util.find_spec(name) is None:
        return []
    return list(getattr(importlib.import_module(name), "SHORTCUTS", ()))


def shortcut_areas(pages: Sequence[PageSpec], step_keys: Iterable[Row]) -> list[Area]:
    """Every shortcut, by area. step_keys are the window's Ctrl+1… rows, read from its actions."""
    from planner.ui.shared.page_header import SAVE

    areas: list[Area] = [
        ("The window and the patient list", list(shortcuts.SHORTCUTS)),
        ("Moving between steps", list(step_keys)),
        ("Every page with a Save button", [SAVE]),
    ]
    areas += [(f"{spec.title} page", rows) for spec in pages if (rows := step_table(spec))]
    return areas


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: every key, by area, with a filter."""

    def __init__(self, areas: list[Area], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(fitted(QSize(640, 760), parent))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to find a shortcut (“print”, “Ctrl+S”)")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutsTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Keys", "What it does"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 2px 6px; }")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self._items: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for title, rows in areas:
            area = QTreeWidgetItem(self.tree, [title])
            area.setFirstColumnSpanned(True)
            font = area.font(0)
            font.setBold(True)
            area.setFont(0, font)
            area.setFlags(Qt.ItemFlag.ItemIsEnabled)
            items = [QTreeWidgetItem(area, [native_keys(keys), text]) for keys, text in rows]
            self._items.append((area, items))
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.apply_filter)

    def apply_filter(self, text: str) -> None:
        """Show only the rows whose keys or words contain `text` (and their areas)."""
        needle = text.strip().casefold()
        for area, rows in self._items:
            shown = 0
            for row in rows:
                hit = not needle or any(needle in row.text(c).casefold() for c in (0, 1))
                row.setHidden(not hit)
                shown += hit
            area.setHidden(shown == 0)

    def visible_rows(self) -> list[Row]:
        """(keys, words) of the rows shown: for tests and a screen reader check."""
        return [
            (row.text(0), row.text(1))
            for area, rows in self._items
            if not area.isHidden()
            for row in rows
            if not row.isHidden()
        ]


GETTING_STARTED = """
<style>li {{ margin-bottom: 7px; }} p {{ margin-bottom: 10px; }}</style>
<h2>Getting started</h2>
<p>Needleplan follows a consultation from left to right: the steps above the page are in the
order you need them. <b>Ctrl+1</b> to <b>Ctrl+{last_step}</b> move between them from anywhere.
</p>
<ol>
<li><b>Your clinic.</b> Edit › Settings… (Ctrl+,): the name and phone number printed on the
aftercare handout, and your country's public holidays for the course dates.</li>
<li><b>A patient.</b> File › New patient… (Ctrl+N), or File › Open the sample case to look
around with a made-up patient first.</li>
<li><b>Assessment.</b> The complaint, pain scores, the pain drawing and the safety questions.
Red flags and precautions found here follow the patient through every step.</li>
<li><b>Points.</b> Search the library (Ctrl+K) or click the chart; every target is screened
for this patient. Set the side with L, R or B. Save with Ctrl+S.</li>
<li><b>Course.</b> How many sessions, how often, the review dates; export them to a calendar.
</li>
<li><b>Handout.</b> The aftercare sheet the patient takes home: print (Ctrl+P) or save it.
</li>
<li><b>Visits.</b> Each treatment: what was needled, pain before and after, SOAP notes.</li>
<li><b>Progress.</b> Scores over time and the review decisions.</li>
</ol>
<p>Typing is never lost: unsaved work is kept as a draft and offered back next time.
Help › Keyboard shortcuts (Ctrl+/) lists every key.</p>
"""


class GettingStartedDialog(QDialog):
    """Help › Getting started: a first consultation in eight short steps."""

    def __init__(self, steps: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Getting started")
        self.resize(fitted(QSize(640, 500), parent))
        self.text = QTextBrowser()
        self.text.setObjectName("gettingStarted")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(GETTING_STARTED.format(last_step=steps))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel("You can open this again from Help › Getting started (F1)."))
        layout.addWidget(buttons)
