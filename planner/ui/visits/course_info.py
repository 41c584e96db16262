"""What the Visits page knows beyond the visits: the course's planned count (to say "session 2
of 7") and the catalog, to name targets in words and read a typed one.

The count is the domain's (course_with_response: the response at the reviews held moves
it), so it matches the Course page. Without a course the page says "session 2" alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.domain.case import Case
from planner.domain.course.for_case import course_with_response
from planner.domain.errors import DomainError
from planner.domain.screening import screen_case
from planner.domain.visit import Visit
from planner.ui.shared.formatting import long_date
from planner.ui.workspace import WorkspaceContext

if TYPE_CHECKING:
    from planner.domain.catalog import Catalog
    from planner.ui.visits.model import VisitLogModel
    from planner.ui.visits.targets import TargetsEditor

TRIGGER = "TP:"


def plain_target(target_id: str) -> str:
    """'TP:upper-trapezius' -> 'Upper trapezius (trigger point)' without the catalog."""
    if target_id.startswith(TRIGGER):
        words = target_id.removeprefix(TRIGGER).replace("-", " ")
        return f"{words[:1].upper()}{words[1:]} (trigger point)"
    return target_id


class CourseInfo:
    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.planned: int | None = None
        self.catalog: Catalog | None = None

    def load(self, case: Case | None, visits: Sequence[Visit]) -> None:
        """The planned count for this case; None when there is no course (or it cannot be
        read: the page still logs visits)."""
        self.planned = None
        try:
            screening = self.context.reference.screening()
        except DomainError:
            return
        self.catalog = screening.catalog
        if case is None:
            return
        try:
            findings = screen_case(case, screening.catalog, screening.rules)
            course = course_with_response(case, findings, visits)
        except DomainError:
            return
        self.planned = course.sessions if course is not None else None

    def session(self, number: int) -> str:
        return f"session {number} of {self.planned}" if self.planned else f"session {number}"

    def name(self, target_id: str) -> str:
        """A target in words: 'GB21' stays (practitioners write codes), a trigger point by its
        muscle's name."""
        if self.catalog is not None and target_id.startswith(TRIGGER):
            region = self.catalog.trigger_region(target_id)
            if region is not None:
                return f"{region.name} (trigger point)"
        return plain_target(target_id)

    def show_on(self, log: VisitLogModel, targets: TargetsEditor) -> None:
        """The names, the typed-target reading and the planned count on the page's parts."""
        log.name = targets.model.name = self.name
        targets.resolve = self.resolve
        targets.set_choices([words for words, _id in self.choices()])
        log.planned = self.planned
        if log.rows:
            last = log.index(len(log.rows) - 1, log.columnCount() - 1)
            log.dataChanged.emit(log.index(0, 0), last)

    def title(self, visit: Visit, log: VisitLogModel) -> str:
        """The form's title: the visit's date and session, or the next session for a new one."""
        number = log.numbers.get(visit.id or 0)
        if visit.id is None or number is None:
            return f"Log visit · {self.session(len(log.visits) + 1)}"
        return f"Visit of {long_date(visit.date)} · {self.session(number)}"

    def choices(self) -> list[tuple[str, str]]:
        """(words, target id) of every target, for the "Add" field's completion."""
        if self.catalog is None:
            return []
        found = [(f"{p.code} {p.pinyin_ascii}", p.code) for p in self.catalog.acupoints]
        found += [
            (self.name(TRIGGER + r.muscle), TRIGGER + r.muscle)
            for r in self.catalog.trigger_regions
        ]
        return found

    def resolve(self, text: str) -> str:
        """The target id typed: a choice's words, a code, a muscle's name or id."""
        text = text.strip()
        for words, target_id in self.choices():
            if words.casefold() == text.casefold():
                return target_id
        if self.catalog is not None:
            point = self.catalog.acupoint(text)
            if point is not None:
                return point.code
            bare = text.removesuffix("(trigger point)").strip()
            region = self.catalog.trigger_region(bare.replace(" ", "-"))
            if region is None:
                region = next(
                    (
                        r
                        for r in self.catalog.trigger_regions
                        if r.name.casefold() == bare.casefold()
                    ),
                    None,
                )
            if region is not None:
                return TRIGGER + region.muscle
        return text if text.startswith(TRIGGER) else text.upper()
