"""The Visits page's save: a new visit added, or a correction written with the store's
version check; someone else's save in between is asked about through save_or_resolve.

Whatever is not saved stays on the form and goes to the draft (`park`).
"""

from __future__ import annotations

from collections.abc import Callable

from planner.domain.errors import DomainError, ValidationError
from planner.domain.visit import Visit
from planner.ui.shared.editing import save_or_resolve
from planner.ui.shared.prompts import ConflictChoice
from planner.ui.visits.view import VisitsPageView
from planner.ui.workspace import WorkspaceContext

FIX_FIELDS = "Fix the marked fields to save: nothing has been saved yet."


class VisitSaving:
    def __init__(
        self,
        context: WorkspaceContext,
        view: VisitsPageView,
        *,
        park: Callable[[], None],
        show_theirs: Callable[[Visit], None],
    ) -> None:
        self.context = context
        self.view = view
        self._park = park  # the typing to the draft
        self._show_theirs = show_theirs  # the visit as someone else saved it, on the form

    def save(self, patient_id: int, visit: Visit) -> Visit | None:
        """The visit as saved, or None when it was not (and the page says why)."""
        visits = self.context.database.store.visits
        today = self.context.today()

        def write(force: bool) -> Visit:
            if visit.id is None:
                return visits.add(patient_id, visit, today=today)
            return visits.update(visit, force=force, today=today)

        try:
            return save_or_resolve(
                self._ask_conflict,
                write,
                reload=lambda: self._show_theirs(visit),
                keep=self._keep_typing,
            )
        except ValidationError as error:
            general = self.view.form.show_problems(error.problems)
            self.view.show_message(" ".join([FIX_FIELDS, *general]))
            self._park()
            return None
        except DomainError as exc:
            self._park()
            self.view.show_message(f"Could not save: {exc}")
            return None

    def _ask_conflict(self, message: str) -> ConflictChoice:
        return self.context.prompts.resolve_conflict(self.view, message)

    def _keep_typing(self) -> None:
        self._park()
        self.view.show_message("Not saved: the visit was changed elsewhere. Your typing is kept.")
