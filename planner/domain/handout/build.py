"""Whether a case gets an aftercare sheet, and the sheet built from the case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum

from planner.domain.case import Case
from planner.domain.catalog import Catalog
from planner.domain.chart import ChartPosition, View
from planner.domain.errors import DomainError
from planner.domain.findings import Finding, Severity
from planner.domain.gate import stopping_findings
from planner.domain.handout.areas import area_groups, treated_targets
from planner.domain.handout.blocks import handout_sections, target_risks
from planner.domain.handout.model import TITLE, Block, ClinicDetails, Handout, Risk, Treated
from planner.domain.plan import Plan
from planner.domain.screening import uses_electro
from planner.domain.vocab import Modality

_MODALITY_WORDS: Mapping[Modality, tuple[str, str]] = {
    Modality.ACUPUNCTURE: (
        "Today you had acupuncture.",
        "We put very fine needles in these places:",
    ),
    Modality.DRY_NEEDLING: (
        "Today you had dry needling.",
        "We used very fine needles to relax tight spots in these muscles:",
    ),
}
_ELECTRO_WORDS = "Some needles were joined to a mild electric current."


class HandoutError(DomainError):
    """The case cannot make a handout (say, nothing was planned)."""


class NoHandout(StrEnum):
    """Why a case gets no aftercare sheet."""

    # The sheet describes a treatment: with no planned points or muscles there is none.
    NOTHING_PLANNED = "nothing-planned"
    # A red flag (a `refer` finding) not cleared means do not needle, refer on; a sheet
    # would contradict that. Only a clearance recorded with the assessment lifts it.
    RED_FLAG = "red-flag"
    # A block not resolved (planner.domain.gate): the sheet would list it as treated.
    BLOCKED = "blocked"


def why_no_handout(plan: Plan | None, findings: Iterable[Finding]) -> NoHandout | None:
    """Why the case with this plan and these screening findings gets no sheet, or None:
    the safety gate decides (planner.domain.gate)."""
    if plan is None or not (plan.acupoints or plan.trigger_points):
        return NoHandout.NOTHING_PLANNED
    stop = stopping_findings(findings)
    if any(f.severity is Severity.REFER for f in stop):
        return NoHandout.RED_FLAG
    if stop:
        return NoHandout.BLOCKED
    return None


def handout_allowed(plan: Plan | None, findings: Iterable[Finding]) -> bool:
    """True when a sheet may be printed for this plan (see why_no_handout)."""
    return why_no_handout(plan, findings) is None


def build_handout(
    case: Case,
    *,
    catalog: Catalog,
    blocks: Sequence[Block],
    clinic: ClinicDetails,
    today: date,
    next_appointments: Sequence[date] = (),
    practitioner_note: str = "",
    positions: Mapping[str, tuple[ChartPosition, ...]] | None = None,
) -> Handout:
    """The aftercare handout for the plan of `case`, as treated `today`.

    positions, when given, maps target ids to chart positions (bilateral ones on the
    patient's left, as resources/bodychart/positions.json holds them); otherwise the
    catalog's positions are used.
    """
    plan = case.plan
    if plan is None or not (plan.acupoints or plan.trigger_points):
        raise HandoutError("the case has no planned points or muscles: nothing to hand out")
    targets = treated_targets(plan, catalog, positions)
    electro = uses_electro(plan)
    conditions = case.assessment.conditions if case.assessment else ()
    treated = Treated(
        modality=Modality(plan.modality),
        electro=electro,
        areas=frozenset(t.area for t in targets),
        flags=frozenset(f for t in targets for f in t.flags),
        target_ids=frozenset(t.id for t in targets),
        conditions=frozenset(conditions),
        risks=frozenset(r for t in targets for r in target_risks(t.id, t.flags)),
    )
    summary_first, summary_list = _MODALITY_WORDS[treated.modality]
    summary = (summary_first, *([_ELECTRO_WORDS] if electro else []), summary_list)
    return Handout(
        title=TITLE,
        clinic=clinic,
        patient_name=" ".join(case.patient.name.split()),
        date=today,
        modality=treated.modality,
        electro=electro,
        summary=summary,
        areas=area_groups(targets),
        targets=targets,
        views=tuple(v for v in View if any(t.view is v for t in targets)),
        sections=handout_sections(blocks, treated, clinic, targets),
        next_appointments=tuple(sorted({d for d in next_appointments if d >= today})),
        practitioner_note=practitioner_note.strip(),
        practitioner=clinic.practitioner,
        risks=tuple(r for r in Risk if r in treated.risks),
    )
