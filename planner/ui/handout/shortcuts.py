"""The Handout page's keyboard shortcuts: (keys, what they do), for its actions and Help."""

from __future__ import annotations

PRINT = ("Ctrl+P", "Print the handout")

SHORTCUTS: tuple[tuple[str, str], ...] = (PRINT,)
