"""Safety screening: the shipped rules applied to one assessment and plan.

The rules are data (resources/rules/screening.json, loaded by planner.catalog.rules); this
module only knows a few generic rule shapes (planner.domain.screening_rules), so a new rule
is a new entry in that file. What it finds, and how a finding is overridden or cleared, is in
planner.domain.findings. Pure: no IO. REFERENCE.md sections 1-4 hold the facts the rules
rest on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.catalog import Catalog, compact
from planner.domain.catalog_entries import BodyRegion, Flag, Target, TriggerRegion
from planner.domain.derived import Derived, derive
from planner.domain.errors import NotFoundError
from planner.domain.findings import (
    ELECTRO,
    Finding,
    apply_clearances,
    apply_overrides,
    sort_findings,
)
from planner.domain.plan import Plan
from planner.domain.screening_rules import Rule, Scope, TargetFilter, needs_assessment
from planner.domain.vocab import Side, Technique


@dataclass(frozen=True)
class _Planned:
    """One planned target, its plan entries merged (GB21 left + GB21 right: both sides)."""

    id: str
    sides: frozenset[Side]
    target: Target | None  # None: not in the catalog
    electro: frozenset[Side] = frozenset()  # sides stimulated electrically (see _planned)

    def reaches(self, side: Side) -> bool:
        if side in (Side.LEFT, Side.RIGHT):
            return side in self.sides or Side.BOTH in self.sides
        return side in self.sides


def screen(
    assessment: Assessment | None,
    plan: Plan | None,
    catalog: Catalog,
    rules: Sequence[Rule],
    *,
    birth_date: date | None = None,
) -> list[Finding]:
    """Every finding the rules make about this assessment and plan, most severe first.

    With no plan only assessment-level (CASE) findings; with no assessment only the rules
    that need nothing of it. The birth date gives the age-based findings. Overrides and
    clearances are not applied here: see screen_case, apply_overrides and apply_clearances.
    """
    planned = _planned(plan, catalog) if plan is not None else []
    matcher = _Matcher(catalog, {r.id: r.targets for r in rules if r.scope is Scope.TARGETS})
    derived = (
        derive(birth_date, assessment.date, assessment.onset_date, assessment.pregnancy_weeks)
        if assessment is not None
        else Derived()
    )
    values = _case_values(assessment, derived)
    findings: list[Finding] = []
    for rule in rules:
        if _fires(rule, assessment, derived):
            findings += _findings(rule, plan, planned, matcher, values)
    return sort_findings(findings)


def screen_case(case: Case, catalog: Catalog, rules: Sequence[Rule]) -> list[Finding]:
    """screen() of the case, with the plan's overrides and the assessment's clearances."""
    findings = screen(
        case.assessment, case.plan, catalog, rules, birth_date=case.patient.birth_date
    )
    findings = apply_overrides(findings, case.plan.overrides if case.plan else ())
    return apply_clearances(findings, case.assessment.clearances if case.assessment else ())


def uses_electro(plan: Plan) -> bool:
    techniques = [t.technique for t in plan.acupoints] + [t.technique for t in plan.trigger_points]
    return plan.electro or Technique.ELECTRO in techniques


def _planned(plan: Plan, catalog: Catalog) -> list[_Planned]:
    sides: dict[str, set[Side]] = {}
    for point in plan.acupoints:
        sides.setdefault(point.code, set()).add(Side(point.side))
    for tp in plan.trigger_points:
        sides.setdefault(f"TP:{tp.muscle}", set()).add(Side(tp.side))
    entries = [(p.code, p.side, p.technique) for p in plan.acupoints]
    entries += [(f"TP:{t.muscle}", t.side, t.technique) for t in plan.trigger_points]
    # Electro planned but no target marked: any of them may carry the leads.
    every = plan.electro and not any(t == Technique.ELECTRO for _, _, t in entries)
    electro: dict[str, set[Side]] = {}
    for tid, side, technique in entries:
        if every or technique == Technique.ELECTRO:
            electro.setdefault(tid, set()).add(Side(side))
    return [
        _Planned(tid, frozenset(s), catalog.target(tid), frozenset(electro.get(tid, ())))
        for tid, s in sides.items()
    ]


def _fires(rule: Rule, assessment: Assessment | None, derived: Derived) -> bool:
    if not needs_assessment(rule):
        return True
    if assessment is None:
        return False
    a, d = assessment, derived
    painted = {r.region for r in a.pain_regions}
    checks = [
        not rule.conditions or any(c in a.conditions for c in rule.conditions),
        not rule.red_flags or any(f in a.red_flags for f in rule.red_flags),
        not rule.painted or any(r in painted for r in rule.painted),
        not rule.trimesters or d.trimester in rule.trimesters,
        rule.age_under is None or (d.age is not None and d.age < rule.age_under),
        rule.age_at_least is None or (d.age is not None and d.age >= rule.age_at_least),
        rule.onset_age_outside is None
        or (
            d.onset_age is not None
            and not rule.onset_age_outside[0] <= d.onset_age <= rule.onset_age_outside[1]
        ),
    ]
    return all(checks)


def _case_values(a: Assessment | None, d: Derived) -> dict[str, str]:
    painted = [r.region for r in a.pain_regions] if a is not None else []
    return {
        "age": "" if d.age is None else str(d.age),
        "onset_age": "" if d.onset_age is None else str(d.onset_age),
        "weeks": "" if d.pregnancy_weeks is None else str(d.pregnancy_weeks),
        "trimester": "" if d.trimester is None else str(d.trimester),
        "weeks_text": (
            ""
            if d.pregnancy_weeks is None
            else f" at {d.pregnancy_weeks} weeks (trimester {d.trimester})"
        ),
        "painted": ", ".join(r.replace("-", " ") for r in painted),
    }


def _findings(
    rule: Rule,
    plan: Plan | None,
    planned: list[_Planned],
    m: _Matcher,
    case_values: Mapping[str, str],
) -> list[Finding]:
    def finding(targets: Iterable[str], values: Mapping[str, str], source: str) -> Finding:
        message = _render(rule.message, values)
        return Finding(rule.id, rule.severity, tuple(targets), message, source)

    if rule.scope is Scope.CASE:
        return [finding((p.id for p in planned), case_values, rule.source)]
    if rule.scope is Scope.ELECTRO:
        if plan is None or not uses_electro(plan):
            return []
        return [finding((ELECTRO,), {}, rule.source)]
    if rule.scope is Scope.UNKNOWN_TARGETS:
        unknown = [p for p in planned if p.target is None]
        return [finding((p.id,), _basic_values(p), rule.source) for p in unknown]

    matched = [p for p in planned if m.matches(rule.targets, p)]
    if not matched:
        return []
    if rule.targets.electro:  # only the sides that carry leads
        matched = [replace(p, sides=p.electro) for p in matched]
    if rule.both_sides and not (
        any(p.reaches(Side.LEFT) for p in matched) and any(p.reaches(Side.RIGHT) for p in matched)
    ):
        return []
    if not all(any(_in_region(p, r) for p in matched) for r in rule.spans_regions):
        return []
    if rule.grouped:
        ids = [p.id for p in matched]
        return [finding(ids, {"targets": ", ".join(ids)}, rule.source)]
    return [
        finding((p.id,), _target_values(p, rule.targets.flag), _source(rule, p, m.catalog))
        for p in matched
    ]


@dataclass(frozen=True)
class _Matcher:
    catalog: Catalog
    filters: Mapping[str, TargetFilter]  # the TARGETS rules' filters, for picked_by

    def matches(self, f: TargetFilter, p: _Planned, *, nested: bool = False) -> bool:
        if p.target is None:
            return False
        # As the catalog looks codes up: 'LI-4', 'li4' and 'LI4' are one point.
        key = compact(p.id)
        if f.codes and key not in {compact(c) for c in f.codes}:
            return False
        if key in {compact(c) for c in f.exclude}:
            return False
        flags = self.catalog.target_flags(p.id)
        if f.flag is not None and f.flag not in flags:
            return False
        if f.not_flag is not None and f.not_flag in flags:
            return False
        # Ashi has no region, so a region filter never picks it.
        if f.regions and p.target.region not in f.regions:
            return False
        if f.side is not None and not p.reaches(f.side):
            return False
        if f.electro and not p.electro:
            return False
        if f.picked_by:
            # One level only: the loader forbids picked_by chains, this keeps cycles harmless.
            others = [self.filters[r] for r in f.picked_by if r in self.filters]
            return not nested and any(self.matches(o, p, nested=True) for o in others)
        return True


def _in_region(p: _Planned, region: BodyRegion) -> bool:
    return p.target is not None and p.target.region is region


def _side_text(sides: frozenset[Side]) -> str:
    if Side.BOTH in sides or {Side.LEFT, Side.RIGHT} <= sides:
        return "both sides"
    return " and ".join(str(s) for s in Side if s in sides)


def _basic_values(p: _Planned) -> dict[str, str]:
    return {"target": p.id, "side": _side_text(p.sides)}


def _target_values(p: _Planned, flag: Flag | None) -> dict[str, str]:
    target = p.target
    assert target is not None  # the matcher picks known targets only
    values = _basic_values(p)
    values["name"] = target.label
    note = target.note_for(flag) if flag is not None else None
    values["note"] = note.note if note is not None else ""
    structures: tuple[str, ...] = ()
    if isinstance(target, TriggerRegion):
        structures = target.structures_at_risk
        values["how"] = target.technique
        values["depth"] = "as shallow as the target allows"
    elif target.detail is not None:
        detail = target.detail
        structures = detail.structures_at_risk
        values["how"] = detail.direction
        low, high = detail.depth_mm
        values["depth"] = f"within about {low}-{high} mm (average adult; less if slim)"
    else:
        values["how"] = ""
        values["depth"] = "shallow"
    values["structures"] = ", ".join(structures) or "the structures beneath (none listed)"
    # A whole sentence, or nothing when the library lists no structures (the note then says).
    values["at_risk"] = f"At risk: {', '.join(structures)}." if structures else ""
    return values


def _source(rule: Rule, p: _Planned, catalog: Catalog) -> str:
    """The rule's source plus the sources of the catalog note behind the flag it reads."""
    labels = [s.strip() for s in rule.source.split(";") if s.strip()]
    flag = rule.targets.flag
    note = p.target.note_for(flag) if p.target is not None and flag is not None else None
    for source_id in note.sources if note is not None else ():
        try:
            label = catalog.source(source_id).label
        except NotFoundError:
            label = source_id
        if label not in labels:
            labels.append(label)
    return "; ".join(labels)


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _render(template: str, values: Mapping[str, str]) -> str:
    # The loader checks every field; a hand-built rule with a stray one keeps it visible
    # rather than crash the screening.
    try:
        text = template.format_map(_Keep(values))
    except (IndexError, KeyError, ValueError):
        text = template
    return " ".join(text.split())
