"""The window's keyboard shortcuts: one table, (keys, what they do), as the steps keep theirs
(planner/ui/<step>/shortcuts.py).

MainWindow builds its actions' keys and tips from these rows, and Help › Keyboard shortcuts
lists them, so the two cannot disagree. Alternative keys are joined by " or ". Data only:
importing this module loads nothing.
"""

from __future__ import annotations

KEY_SEPARATOR = " or "

NEW_PATIENT = ("Ctrl+N", "Create a patient record")
EDIT_PATIENT = ("Ctrl+E", "Edit the selected patient")
DELETE_PATIENT = ("Delete", "Delete the selected patient, in the list (can be undone)")
# The list's own key handler (patients.list_view), listed for Help.
OPEN_PATIENT = ("Return", "Edit the selected patient, in the list")
FIND_PATIENT = ("Ctrl+F", "Search patients by name")
UNDO = ("Ctrl+Z", "Undo the last change to the patient list")
REDO = ("Ctrl+Shift+Z or Ctrl+Y", "Redo the undone change")
SETTINGS = ("Ctrl+,", "Clinic details printed on the aftercare handout")
KEYBOARD_SHORTCUTS = ("Ctrl+/", "Every keyboard shortcut (this list)")
GETTING_STARTED = ("F1", "Getting started: a first consultation, step by step")
QUIT = ("Ctrl+Q", "Close Needleplan")

SHORTCUTS: tuple[tuple[str, str], ...] = (
    NEW_PATIENT,
    EDIT_PATIENT,
    DELETE_PATIENT,
    OPEN_PATIENT,
    FIND_PATIENT,
    UNDO,
    REDO,
    SETTINGS,
    KEYBOARD_SHORTCUTS,
    GETTING_STARTED,
    QUIT,
)


def key_texts(row: tuple[str, str]) -> list[str]:
    """The row's keys one by one, as QKeySequence reads them ("Ctrl+Shift+Z", "Ctrl+Y")."""
    return row[0].split(KEY_SEPARATOR)
