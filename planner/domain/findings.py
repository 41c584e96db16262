"""What screening finds, and how a finding is resolved.

A block is lifted by the practitioner's written override of one rule for one target, a red
flag (refer) only by a clearance recorded with the assessment; nothing else is lifted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from planner.domain.clearance import Clearance, clearances_by_rule
from planner.domain.plan import Override

ELECTRO = "electro"  # the target id of a finding about electrical stimulation


class Severity(StrEnum):
    """How serious a finding is; compares by seriousness (refer > block > caution > info)."""

    REFER = "refer"  # stop: red flag, refer on
    BLOCK = "block"  # do not use this target or modality, unless overridden with a reason
    CAUTION = "caution"  # allowed with the stated precaution
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    # str's own ordering would be alphabetical; a severity orders by rank.
    def __lt__(self, other: str) -> bool:
        return self.rank < other.rank if isinstance(other, Severity) else NotImplemented

    def __le__(self, other: str) -> bool:
        return self.rank <= other.rank if isinstance(other, Severity) else NotImplemented

    def __gt__(self, other: str) -> bool:
        return self.rank > other.rank if isinstance(other, Severity) else NotImplemented

    def __ge__(self, other: str) -> bool:
        return self.rank >= other.rank if isinstance(other, Severity) else NotImplemented


_RANK = {Severity.INFO: 0, Severity.CAUTION: 1, Severity.BLOCK: 2, Severity.REFER: 3}
# A per-target override lifts a block only; a red flag (refer) is lifted by a clearance
# recorded with the assessment (planner.domain.clearance), never by an override.
OVERRIDABLE = frozenset({Severity.BLOCK})


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    targets: tuple[str, ...]  # "GB21", "TP:levator-scapulae", "electro"; () when unplanned
    message: str
    source: str
    overridden_by: str | None = None  # the practitioner's written reason, for a block
    cleared_by: str | None = None  # the recorded clearance, for a refer (red flag)

    @property
    def resolved(self) -> bool:
        return self.overridden_by is not None or self.cleared_by is not None


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, unresolved before overridden; otherwise the order given (the
    rules' order, then the plan's), so the same input always gives the same list."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.resolved))


def apply_clearances(findings: Iterable[Finding], clearances: Iterable[Clearance]) -> list[Finding]:
    """Marks the refer findings (red flags) that a recorded clearance lifts: one with the
    finding's rule id and every field filled in. Nothing else is lifted by a clearance."""
    by_rule = clearances_by_rule(clearances)
    result = []
    for f in findings:
        found = by_rule.get(f.rule)
        if f.severity is Severity.REFER and not f.resolved and found is not None:
            f = replace(f, cleared_by=found.describe())
        result.append(f)
    return sort_findings(result)


def unmatched_clearances(
    findings: Iterable[Finding], clearances: Iterable[Clearance]
) -> list[Clearance]:
    """Clearances that lift nothing (no red flag with their rule id is raised)."""
    refer = {f.rule for f in findings if f.severity is Severity.REFER}
    return [c for c in clearances if c.rule.strip() not in refer]


def apply_overrides(findings: Iterable[Finding], overrides: Iterable[Override]) -> list[Finding]:
    """Marks block findings that the practitioner overrode in writing (never a red flag:
    see apply_clearances).

    An override names one rule and one target; a finding about several targets is split
    into the part still standing and one part per distinct reason. Cautions and infos need
    no override, a blank reason is no override, and a finding about no target (nothing is
    planned yet) cannot be overridden.
    """
    reasons: dict[tuple[str, str], str] = {}
    for o in overrides:
        if o.reason.strip():
            reasons.setdefault((o.rule, o.target), o.reason.strip())
    result: list[Finding] = []
    for f in findings:
        if f.severity not in OVERRIDABLE or f.resolved or not f.targets:
            result.append(f)
            continue
        parts: dict[str | None, list[str]] = {None: []}
        for target in f.targets:
            parts.setdefault(reasons.get((f.rule, target)), []).append(target)
        for reason, targets in parts.items():
            if targets:
                result.append(replace(f, targets=tuple(targets), overridden_by=reason))
    return sort_findings(result)


def unmatched_overrides(
    findings: Iterable[Finding], overrides: Iterable[Override]
) -> list[Override]:
    """The overrides that lift nothing: no block finding names their rule and target (a
    mistyped rule id or target, a caution or red flag, or a finding no longer raised).
    Shown to the practitioner so that a typo is not mistaken for a recorded decision."""
    standing = {(f.rule, t) for f in findings if f.severity in OVERRIDABLE for t in f.targets}
    return [o for o in overrides if (o.rule, o.target) not in standing]


def unresolved_blocks(findings: Iterable[Finding]) -> list[Finding]:
    """The blocks still standing: each must be overridden (or its target dropped) before
    the plan can be saved."""
    return [f for f in findings if f.severity is Severity.BLOCK and not f.resolved]


def has_unresolved_refer(findings: Iterable[Finding]) -> bool:
    """True while a red flag stands uncleared: no course is planned until it is cleared."""
    return any(f.severity is Severity.REFER and not f.resolved for f in findings)


def standing_red_flags(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.REFER and not f.resolved]
