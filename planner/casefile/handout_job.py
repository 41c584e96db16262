"""One aftercare handout for one case: the steps `needleplan handout` and the Handout page share.

prepare_handout() screens the case, decides whether a sheet may be printed at all
(planner.domain.handout.why_no_handout: not without planned targets, not while the safety
gate stops the plan), picks the next appointment dates from the course planner and loads the content
blocks and the body chart's positions. The HandoutJob it returns builds the Handout model for
a clinic, a date and a note; the caller lays it out with planner.pdf.render_handout (planner.pdf
and planner.casefile are independent layers, so the rendering call stays with the command line
and the GUI, which also choose the paper and the print size).

No Qt here; the catalog loaders (and jsonschema) are imported on first use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from planner.domain.errors import DomainError, ValidationError
from planner.domain.findings import Finding, Severity
from planner.domain.gate import describe_stop, stopping_findings
from planner.domain.handout import (
    NEXT_APPOINTMENTS,
    Block,
    ClinicDetails,
    Handout,
    HandoutError,
    NoHandout,
    build_handout,
    next_appointments,
    why_no_handout,
)
from planner.domain.screening import screen_case

if TYPE_CHECKING:
    from planner.domain.case import Case
    from planner.domain.catalog import Catalog
    from planner.domain.chart import ChartPosition
    from planner.domain.screening_rules import Rule

Positions = Mapping[str, tuple["ChartPosition", ...]]


class HandoutRefused(HandoutError):
    """No sheet for this case: `reason` says why; `findings` are the case's screening."""

    def __init__(self, reason: NoHandout, findings: Sequence[Finding]) -> None:
        self.reason = reason
        self.findings = tuple(findings)
        if reason in (NoHandout.RED_FLAG, NoHandout.BLOCKED):
            message = f"no handout: {describe_stop(stopping_findings(self.findings))}"
        else:
            message = "the case has no planned points or muscles: nothing to hand out"
        super().__init__(message)

    @property
    def red_flags(self) -> tuple[Finding, ...]:
        """The unresolved `refer` findings that stand in the way (empty for other reasons)."""
        return tuple(f for f in self.findings if f.severity is Severity.REFER and not f.resolved)


@dataclass(frozen=True)
class HandoutJob:
    """Everything a sheet needs besides the clinic's details, the date and the note."""

    case: Case
    catalog: Catalog
    findings: tuple[Finding, ...]
    blocks: tuple[Block, ...]
    positions: Positions | None
    next_appointments: tuple[date, ...]

    def build(self, *, clinic: ClinicDetails, today: date, note: str = "") -> Handout:
        """The Handout model (planner.domain.handout.build_handout) for these inputs."""
        return build_handout(
            self.case,
            catalog=self.catalog,
            blocks=self.blocks,
            clinic=clinic,
            today=today,
            next_appointments=self.next_appointments,
            practitioner_note=note,
            positions=self.positions,
        )


def prepare_handout(
    case: Case,
    *,
    catalog: Catalog,
    rules: Sequence[Rule],
    today: date,
    next_visits: Sequence[date] = (),
    blocks: Sequence[Block] | None = None,
    positions: Positions | None = None,
) -> HandoutJob:
    """The inputs of the case's sheet as treated `today`, or HandoutRefused saying why not.

    next_visits, when given, are the appointments printed; otherwise the next
    NEXT_APPOINTMENTS dates of the recommended course after `today`. blocks default to the
    shipped content and positions to the body chart's (areas only when it cannot be read).
    CatalogError when the shipped content blocks are damaged.
    """
    from planner.catalog.handouts import load_blocks

    findings = tuple(screen_case(case, catalog, rules))
    reason = why_no_handout(case.plan, findings)
    if reason is not None:
        raise HandoutRefused(reason, findings)
    return HandoutJob(
        case=case,
        catalog=catalog,
        findings=findings,
        blocks=tuple(blocks) if blocks is not None else load_blocks(),
        positions=positions if positions is not None else chart_positions(),
        next_appointments=tuple(next_visits) or course_dates(case, findings, today),
    )


def course_dates(
    case: Case, findings: Sequence[Finding], after: date, count: int = NEXT_APPOINTMENTS
) -> tuple[date, ...]:
    """The next dates of the case's recommended course, or none when it cannot be planned."""
    from planner.domain.course.for_case import course_for_case

    try:
        course = course_for_case(case, findings)
    except ValidationError:  # no onset date, start date or clinic days: no dates to print
        return ()
    return next_appointments(course, after, count)  # none while a red flag stands


def chart_positions() -> Positions | None:
    """The body chart's positions, the same data the app's chart draws; without them the
    handout's diagram shades areas only."""
    from planner.catalog.bodychart_positions import load_positions

    try:
        return load_positions()
    except (FileNotFoundError, DomainError):
        return None
