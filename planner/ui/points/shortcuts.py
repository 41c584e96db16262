"""The Points page's keyboard shortcuts: one table, (keys, what they do).

The page builds its actions from these rows (planner.ui.points.actions) and Help > Keyboard
shortcuts lists them, so the two cannot disagree. Alternative keys are joined by " or ".
Data only: importing this module loads nothing.
"""

from __future__ import annotations

KEY_SEPARATOR = " or "

SEARCH = ("Ctrl+K or Ctrl+L", "Search the library")
TOGGLE_LIBRARY = ("Ctrl+B", "Show or hide the library")
ADD_RESULT = ("Return or Enter", "Add the chosen library entry to the plan")
ZOOM_IN = ("Ctrl+= or Ctrl++", "Zoom the chart in")
ZOOM_OUT = ("Ctrl+-", "Zoom the chart out")
FIT = ("Ctrl+0", "Show the whole figure")
REPEAT_LAST_VISIT = ("Ctrl+R", "Repeat the last visit's targets")
SIDE_LEFT = ("L", "Selected targets: left side")
SIDE_RIGHT = ("R", "Selected targets: right side")
SIDE_BOTH = ("B", "Selected targets: both sides")
SIDE_MIDLINE = ("M", "Selected midline points: midline")
REMOVE = ("Delete or Backspace", "Remove the selected targets")
UNDO = ("Ctrl+Z", "Undo the last change to the plan")
REDO = ("Ctrl+Shift+Z or Ctrl+Y", "Redo the change undone")
SAVE = ("Ctrl+S", "Save the plan")

SHORTCUTS: tuple[tuple[str, str], ...] = (
    SEARCH,
    TOGGLE_LIBRARY,
    ADD_RESULT,
    ZOOM_IN,
    ZOOM_OUT,
    FIT,
    REPEAT_LAST_VISIT,
    SIDE_LEFT,
    SIDE_RIGHT,
    SIDE_BOTH,
    SIDE_MIDLINE,
    REMOVE,
    UNDO,
    REDO,
    SAVE,
)


def key_texts(row: tuple[str, str]) -> list[str]:
    """The row's keys one by one, as QKeySequence reads them ("Ctrl+K", "Ctrl+L")."""
    return row[0].split(KEY_SEPARATOR)
