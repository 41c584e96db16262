"""The message boxes say what they are about."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from planner.ui.shared.prompts import build_delete_box


def test_delete_box_names_the_kind_of_record(qtbot: QtBot) -> None:
    box = build_delete_box(None, "the visit of 3 December 2026", "visit", "Undo brings it back.")
    qtbot.addWidget(box)
    assert box.windowTitle() == "Delete visit"
    assert box.text() == "Delete the visit of 3 December 2026?"
    assert box.informativeText() == "Undo brings it back."
    patient = build_delete_box(None, "Ana López")
    qtbot.addWidget(patient)
    assert patient.windowTitle() == "Delete patient"
