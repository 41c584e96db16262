"""The one way a page parks typed work and saves it: a draft slot and a conflict-aware save.

Every editing page (Assessment, Points, Course, Visits) keeps its unsaved typing in a
DraftSlot (written on a timer, when the patient changes and when the window closes) and
saves through save_or_resolve, which asks the practitioner what to do when someone else
saved first. Pages differ in what they save, never in how.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from planner.domain.errors import ConflictError
from planner.ui.shared.drafts import Draft, DraftStore
from planner.ui.shared.prompts import ConflictChoice

T = TypeVar("T")

AUTOSAVE_MS = 600  # typing pauses this long before the draft is written
WRITE_FAILED = "The unsaved work could not be kept ({error}). Save soon."


class DraftSlot:
    """One page's draft for the open patient.

    `owned` says this session wrote it: a draft found on disk that the page did not write
    (a crash, a kill, another session) is `waiting`, and is offered back, never overwritten
    silently.
    """

    def __init__(
        self,
        drafts: DraftStore,
        kind: str,
        *,
        on_error: Callable[[str], None],
        blank: Mapping[str, Any] | None = None,
        write_failed: str = WRITE_FAILED,
    ) -> None:
        """`write_failed` is the message for a draft that could not be written ({error})."""
        self.drafts = drafts
        self.kind = kind
        self.patient_id: int | None = None
        self.owned = False
        self._on_error = on_error
        self._blank = dict(blank) if blank is not None else None
        self._write_failed = write_failed

    def follow(self, patient_id: int | None) -> None:
        """A patient opened (or none): the draft on disk, if any, was written elsewhere."""
        self.patient_id = patient_id
        self.owned = False

    def waiting(self) -> bool:
        """A draft from another session waits to be restored or discarded."""
        return (
            self.patient_id is not None
            and not self.owned
            and self.drafts.exists(self.patient_id, self.kind)
        )

    def park(self, state: Mapping[str, Any] | None) -> bool:
        """Write the typing (None or a blank form: nothing to offer back, so no file).

        A draft someone else left is never replaced by a blank one. Returns whether the
        typing is on disk; a write that fails is reported through `on_error`.
        """
        if self.patient_id is None:
            return False
        if state is None or (self._blank is not None and dict(state) == self._blank):
            if self.owned or not self.drafts.exists(self.patient_id, self.kind):
                self.drafts.discard(self.patient_id, self.kind)
                self.owned = False
            return False
        try:
            self.drafts.save(self.patient_id, self.kind, dict(state))
        except OSError as exc:
            self._on_error(self._write_failed.format(error=exc))
            return False
        self.owned = True
        return True

    def load(self) -> Draft | None:
        """The draft, taken over by this session; None if absent or unreadable (kept aside)."""
        if self.patient_id is None:
            return None
        draft = self.drafts.load(self.patient_id, self.kind)
        if draft is not None:
            self.owned = True
        return draft

    def keep_aside(self) -> None:
        """A draft the form cannot read: moved out of the way (.bad), never deleted."""
        if self.patient_id is not None:
            self.drafts.keep_aside(self.patient_id, self.kind)
        self.owned = False

    def discard(self) -> None:
        if self.patient_id is not None:
            self.drafts.discard(self.patient_id, self.kind)
        self.owned = False


def save_or_resolve(
    ask: Callable[[str], ConflictChoice],
    write: Callable[[bool], T],
    *,
    reload: Callable[[], None],
    keep: Callable[[], None],
) -> T | None:
    """Save with the store's version check; on a conflict, ask and do what was chosen.

    `write(force)` saves (force=True: over the other version) and raises ConflictError when
    the record changed since it was read. RELOAD shows their version (`reload`), OVERWRITE
    saves ours over it, CANCEL keeps the typing (`keep`) unsaved. Other DomainErrors are the
    caller's to show. Returns what `write` returned, or None when nothing was saved.
    """
    try:
        return write(False)
    except ConflictError as exc:
        choice = ask(str(exc))
    if choice is ConflictChoice.RELOAD:
        reload()
        return None
    if choice is ConflictChoice.OVERWRITE:
        return write(True)
    keep()
    return None
