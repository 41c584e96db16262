"""One treatment visit: what was needled, pain before and after, SOAP notes, adverse events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from planner.domain import wording
from planner.domain.assessment import NPRS_MAX, NPRS_MIN
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.plan import ACUPOINT_CODE, MUSCLE_ID, Plan
from planner.domain.vocab import Side


class AdverseEventKind(StrEnum):
    """Stable identifiers; labels and translations are the UI's business."""

    BRUISE = "bruise"
    BLEEDING = "bleeding"
    PROLONGED_SORENESS = "prolonged-soreness"
    FAINTING = "fainting"
    NAUSEA = "nausea"
    STUCK_NEEDLE = "stuck-needle"
    BURN = "burn"
    SUSPECTED_PNEUMOTHORAX = "suspected-pneumothorax"
    OTHER = "other"


ADVERSE_EVENTS: tuple[str, ...] = tuple(k.value for k in AdverseEventKind)
# A suspected pneumothorax is an emergency: what was done about it must be on record. "Other"
# says nothing by itself, so it needs a description.
FOLLOW_UP_REQUIRED = frozenset({AdverseEventKind.SUSPECTED_PNEUMOTHORAX})
DESCRIPTION_REQUIRED = frozenset({AdverseEventKind.OTHER})


@dataclass(frozen=True)
class AdverseEventAdvice:
    """What the practitioner should do when an adverse event of `kind` is recorded.

    Clinical text: it ships in resources/visits/adverse-events.json with its sources (ids in
    the catalog's sources.json) and is loaded by planner.catalog.adverse_events."""

    kind: AdverseEventKind
    title: str
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AdverseEvent:
    kind: AdverseEventKind
    description: str = ""
    follow_up: str = ""  # what was done or advised, and when to check again


@dataclass(frozen=True)
class VisitTarget:
    """A target as findings name it: an acupoint code ("GB21") or "TP:<muscle>"."""

    target: str
    side: Side = Side.BOTH


def visit_targets_from_plan(plan: Plan) -> tuple[VisitTarget, ...]:
    """The plan's targets as a visit records them: acupoints, then "TP:<muscle>", in plan
    order, each (target, side) once. What a visit prefilled from the plan needled."""
    points = [VisitTarget(p.code, Side(p.side)) for p in plan.acupoints]
    muscles = [VisitTarget(f"TP:{t.muscle}", Side(t.side)) for t in plan.trigger_points]
    return tuple(dict.fromkeys(points + muscles))


@dataclass(frozen=True)
class Visit:
    date: dt.date
    targets: tuple[VisitTarget, ...] = ()  # what was actually needled
    nprs_before: int | None = None
    nprs_after: int | None = None
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    adverse_events: tuple[AdverseEvent, ...] = ()
    handout_given: bool = False
    plan_id: int | None = None
    id: int | None = None
    version: int = 0
    deleted_at: dt.datetime | None = None  # set by the store: a deleted visit stays on record


NOTE_MAX = 10_000
EVENT_TEXT_MAX = 2_000
_SIDES = tuple(s.value for s in Side)


def visit_problems(v: Visit, *, today: date) -> list[FieldProblem]:
    """Every rule the visit breaks, each naming its field."""
    found: list[tuple[str, str | None]] = []
    if v.date > today:
        found.append(("date", wording.in_future(v.date)))
    for name in ("nprs_before", "nprs_after"):
        value = getattr(v, name)
        if value is not None:
            found.append((name, wording.out_of_range(value, NPRS_MIN, NPRS_MAX)))
    for name in ("subjective", "objective", "assessment", "plan"):
        if len(getattr(v, name)) > NOTE_MAX:
            found.append((name, wording.too_long(NOTE_MAX)))
    seen: set[tuple[str, str]] = set()
    for i, t in enumerate(v.targets):
        found.append((f"targets[{i}].target", _target_problem(t.target)))
        if t.side not in _SIDES:
            found.append((f"targets[{i}].side", wording.not_known(t.side, "side", _SIDES)))
        if (t.target, t.side) in seen:
            found.append((f"targets[{i}]", wording.listed_twice(f"{t.target} ({t.side})")))
        seen.add((t.target, t.side))
    for i, event in enumerate(v.adverse_events):
        found += [(f"adverse_events[{i}].{f}", m) for f, m in _event_problems(event)]
    return [FieldProblem(f, m) for f, m in found if m]


def validate_visit(v: Visit, *, today: date | None = None) -> Visit:
    """v with its notes trimmed, or ValidationError naming every bad field."""
    clean = replace(
        v,
        subjective=v.subjective.strip(),
        objective=v.objective.strip(),
        assessment=v.assessment.strip(),
        plan=v.plan.strip(),
        adverse_events=tuple(
            replace(e, description=e.description.strip(), follow_up=e.follow_up.strip())
            for e in v.adverse_events
        ),
    )
    problems = visit_problems(clean, today=today or date.today())
    if problems:
        raise ValidationError(problems)
    return clean


def _target_problem(target: str) -> str | None:
    muscle = target.removeprefix("TP:")
    if target.startswith("TP:") and MUSCLE_ID.fullmatch(muscle):
        return None
    if ACUPOINT_CODE.fullmatch(target):
        return None
    return f"{target!r} is not an acupoint code or TP:<muscle> (like GB21 or TP:upper-trapezius)"


def _event_problems(e: AdverseEvent) -> list[tuple[str, str | None]]:
    if e.kind not in ADVERSE_EVENTS:
        return [("kind", wording.not_known(e.kind, "adverse event", ADVERSE_EVENTS))]
    found: list[tuple[str, str | None]] = []
    if e.kind in FOLLOW_UP_REQUIRED and not e.follow_up.strip():
        found.append(
            ("follow_up", "is required for a suspected pneumothorax: record what was done")
        )
    if e.kind in DESCRIPTION_REQUIRED and not e.description.strip():
        found.append(("description", "is required for 'other': say what happened"))
    for name in ("description", "follow_up"):
        if len(getattr(e, name)) > EVENT_TEXT_MAX:
            found.append((name, wording.too_long(EVENT_TEXT_MAX)))
    return found
