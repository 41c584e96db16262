"""The Assessment page's keyboard shortcuts: (keys, what they do), for its actions and Help."""

from __future__ import annotations

CLEAR_REGION = ("Delete", "Clear the selected region of the pain drawing, in its list")

SHORTCUTS: tuple[tuple[str, str], ...] = (CLEAR_REGION,)
