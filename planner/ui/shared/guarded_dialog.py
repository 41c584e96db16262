"""A form dialog that never drops typed work without asking, shared by the patient,
practitioner and settings dialogs.

Enter (which presses the default button) goes through the form's own checks and save
(`submit`); Cancel, Escape and the close box ask before discarding changes (`is_dirty`);
after a refused save the messages follow the typing (`recheck`), so a fix clears them at
once. A subclass closes with `close_saved` once it saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtWidgets import QDialog, QWidget

from planner.domain.errors import FieldProblem

ConfirmDiscard = Callable[[QWidget], bool]


class GuardedDialog(QDialog):
    def __init__(self, parent: QWidget | None, confirm_discard: ConfirmDiscard | None) -> None:
        super().__init__(parent)
        self._confirm_discard = confirm_discard
        self._checked_once = False  # a save was refused: messages now follow the typing

    # --- what a form provides ---------------------------------------------------------------

    def submit(self) -> object:
        raise NotImplementedError

    def is_dirty(self) -> bool:
        raise NotImplementedError

    def problems(self) -> Sequence[FieldProblem]:
        raise NotImplementedError

    def show_problems(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> None:
        raise NotImplementedError

    # --- the guard ----------------------------------------------------------------------

    def accept(self) -> None:
        self.submit()

    def reject(self) -> None:
        """Cancel, Escape or the close box: never drop typed work without asking."""
        if self.is_dirty() and not self._ask_discard():
            return
        super().reject()

    def close_saved(self) -> None:
        """Close after a successful save (no discard question)."""
        super().accept()

    def recheck(self) -> None:
        if self._checked_once:
            # focus=False: jumping away (or selecting the text) mid-word would eat keystrokes.
            self.show_problems(self.problems(), focus=False)

    def _ask_discard(self) -> bool:
        if self._confirm_discard is None:
            from planner.ui.shared.prompts import Prompts

            return Prompts().confirm_discard(self)
        return self._confirm_discard(self)
