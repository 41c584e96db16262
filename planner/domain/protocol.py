"""Named protocols: a reusable list of targets (with sides and technique), shared by patients.

A protocol's targets use the same shape as a plan's target list in the selector, so one
type, PlannedTarget, carries both: an acupoint code ("GB21") or "TP:<muscle>", a side, a
technique, a retention time (acupoints only) and notes. The helpers here convert between
that flat list and a Plan's two tuples, and apply a protocol onto a plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from planner.domain import wording
from planner.domain.catalog_entries import TRIGGER_PREFIX
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.plan import (
    MIDLINE_CHANNELS,
    AcupointTarget,
    Plan,
    TriggerPointTarget,
    plan_problems,
)
from planner.domain.vocab import Side, Technique

NAME_MAX = 100
NOTES_MAX = 2_000
TARGETS_MAX = 60


@dataclass(frozen=True)
class PlannedTarget:
    """One target line: 'GB21' or 'TP:levator-scapulae', with how it is needled."""

    target: str
    side: Side = Side.BOTH
    technique: Technique = Technique.MANUAL
    retention_minutes: int | None = None  # acupoints only
    notes: str = ""

    @property
    def is_trigger_point(self) -> bool:
        return self.target.upper().startswith(TRIGGER_PREFIX)

    @property
    def key(self) -> tuple[str, Side]:
        return (self.target, self.side)


@dataclass(frozen=True)
class Protocol:
    name: str
    targets: tuple[PlannedTarget, ...] = ()
    notes: str = ""
    id: int | None = None
    version: int = 0
    created_on: dt.date | None = None


def is_midline_code(target: str) -> bool:
    return not target.upper().startswith(TRIGGER_PREFIX) and target[:2].upper() in MIDLINE_CHANNELS


def default_side(target: str) -> Side:
    """Midline for GV and CV points; both sides for everything else."""
    return Side.MIDLINE if is_midline_code(target) else Side.BOTH


def allowed_sides(target: str) -> tuple[Side, ...]:
    """The sides a target may take: midline only for GV/CV (both is harmless and kept)."""
    if is_midline_code(target):
        return (Side.MIDLINE, Side.BOTH)
    return (Side.LEFT, Side.RIGHT, Side.BOTH)


# --- plan <-> flat target list -------------------------------------------------------------


def plan_targets(plan: Plan) -> tuple[PlannedTarget, ...]:
    """The plan's acupoints then its trigger points, as one list."""
    points = [
        PlannedTarget(a.code, Side(a.side), Technique(a.technique), a.retention_minutes, a.notes)
        for a in plan.acupoints
    ]
    regions = [
        PlannedTarget(
            TRIGGER_PREFIX + t.muscle, Side(t.side), Technique(t.technique), None, t.notes
        )
        for t in plan.trigger_points
    ]
    return (*points, *regions)


def with_targets(plan: Plan, targets: Iterable[PlannedTarget]) -> Plan:
    """The plan with its acupoints and trigger points replaced by `targets` (order kept)."""
    acupoints: list[AcupointTarget] = []
    trigger_points: list[TriggerPointTarget] = []
    for t in targets:
        if t.is_trigger_point:
            muscle = t.target[len(TRIGGER_PREFIX) :]
            trigger_points.append(TriggerPointTarget(muscle, t.side, t.technique, t.notes))
        else:
            acupoints.append(
                AcupointTarget(t.target, t.side, t.technique, t.retention_minutes, t.notes)
            )
    return replace(plan, acupoints=tuple(acupoints), trigger_points=tuple(trigger_points))


def merge_targets(
    current: Sequence[PlannedTarget], added: Iterable[PlannedTarget]
) -> tuple[PlannedTarget, ...]:
    """current plus the added targets it does not already hold on that side.

    A target already planned on 'both' sides, or on the same side, is skipped; the same
    target on the other side is added (GB21 left + GB21 right is a valid plan).
    """
    result = list(current)
    for t in added:
        same = [c for c in result if c.target.casefold() == t.target.casefold()]
        if any(c.side == t.side or Side.BOTH in (c.side, t.side) for c in same):
            continue
        result.append(t)
    return tuple(result)


def toggle_side(
    targets: Sequence[PlannedTarget], target: str, side: Side
) -> tuple[PlannedTarget, ...]:
    """What a click on one side's marker of `target` does to the list.

    Not planned: added on that side. Planned on that side only: removed. Planned on both:
    the other side stays. Planned on the other side: becomes both. A midline marker adds
    or removes the midline point.
    """
    result = list(targets)
    rows = [i for i, t in enumerate(result) if t.target == target]
    if not rows:
        new_side = Side.MIDLINE if side is Side.MIDLINE or is_midline_code(target) else side
        return (*result, PlannedTarget(target, new_side))
    if side is Side.MIDLINE or is_midline_code(target):
        return tuple(t for t in result if t.target != target)
    other = Side.RIGHT if side is Side.LEFT else Side.LEFT
    for i in rows:
        current = result[i]
        if current.side is side:
            del result[i]
            return tuple(result)
        if current.side is Side.BOTH:
            result[i] = replace(current, side=other)
            return tuple(result)
    first = rows[0]
    result[first] = replace(result[first], side=Side.BOTH)
    return tuple(result)


def apply_protocol(plan: Plan, protocol: Protocol) -> Plan:
    """The plan with the protocol's targets added (existing targets stay; no duplicates).

    Electro targets turn the plan's electro on, as plan_problems requires them to.
    """
    merged = merge_targets(plan_targets(plan), protocol.targets)
    electro = plan.electro or any(t.technique is Technique.ELECTRO for t in protocol.targets)
    return with_targets(replace(plan, electro=electro), merged)


def protocol_from_plan(name: str, plan: Plan, notes: str = "") -> Protocol:
    return Protocol(name=" ".join(name.split()), targets=plan_targets(plan), notes=notes)


# --- rules ---------------------------------------------------------------------------------


def protocol_problems(
    p: Protocol,
    *,
    prefix: str = "protocol.",
    known_target: Callable[[str], bool] | None = None,
) -> list[FieldProblem]:
    """Every rule the protocol breaks, each naming its dotted field (targets[i].side, ...).

    The targets follow the plan's rules (codes, sides, overlaps, retention, notes): they are
    checked as a plan would be, and the plan's field names are mapped back to targets[i].
    """
    problems: list[FieldProblem] = []
    name = " ".join(p.name.split())
    if not name:
        problems.append(FieldProblem(prefix + "name", wording.REQUIRED))
    elif len(name) > NAME_MAX:
        problems.append(FieldProblem(prefix + "name", wording.too_long(NAME_MAX)))
    if len(p.notes) > NOTES_MAX:
        problems.append(FieldProblem(prefix + "notes", wording.too_long(NOTES_MAX)))
    if not p.targets:
        problems.append(FieldProblem(prefix + "targets", "needs at least one target"))
    elif len(p.targets) > TARGETS_MAX:
        problems.append(
            FieldProblem(prefix + "targets", wording.too_many(len(p.targets), TARGETS_MAX))
        )
    electro = any(t.technique is Technique.ELECTRO for t in p.targets)
    plan = with_targets(Plan(electro=electro), p.targets)
    # Plan field -> protocol index: acupoints keep their order, then the trigger points.
    index: dict[str, int] = {}
    points = [i for i, t in enumerate(p.targets) if not t.is_trigger_point]
    regions = [i for i, t in enumerate(p.targets) if t.is_trigger_point]
    index.update({f"acupoints[{n}]": i for n, i in enumerate(points)})
    index.update({f"trigger_points[{n}]": i for n, i in enumerate(regions)})
    for problem in plan_problems(plan, prefix="", known_target=known_target):
        head, dot, rest = problem.field.partition(".")
        if head not in index:
            continue  # plan-level fields (modality, session) do not apply to a protocol
        field = f"targets[{index[head]}]"
        if rest in ("code", "muscle"):
            rest = "target"
        problems.append(
            FieldProblem(prefix + field + (dot + rest if rest else ""), problem.message)
        )
    for i, t in enumerate(p.targets):
        if t.is_trigger_point and t.retention_minutes is not None:
            problems.append(
                FieldProblem(
                    f"{prefix}targets[{i}].retention_minutes",
                    "applies to acupoints only, not trigger-point regions",
                )
            )
    return problems


def validate_protocol(p: Protocol, known_target: Callable[[str], bool] | None = None) -> Protocol:
    """The protocol with its name's spaces tidied; ValidationError naming every problem."""
    problems = protocol_problems(p, known_target=known_target)
    if problems:
        raise ValidationError(problems)
    return replace(p, name=" ".join(p.name.split()))
