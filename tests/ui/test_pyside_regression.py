"""PySide6 6.12.0 on Python 3.11 corrupts None/bool refcounts (MACHINE-NOTES.md).

After a few thousand calls the interpreter aborts with `Fatal Python error: none_dealloc`;
this test makes 20,000 such calls so an upgrade to a broken build fails here, not in use.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot


def test_many_settext_and_processevents_calls_do_not_crash(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(20_000):
        label.setText(str(i))
        QApplication.processEvents()
    assert label.text() == "19999"
