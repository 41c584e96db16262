"""The shapes a screening rule can take, and what its message may say.

The rules themselves are data (resources/rules/screening.json, loaded and checked by
planner.catalog.rules); planner.domain.screening applies them.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from planner.domain.catalog_entries import BodyRegion, Flag
from planner.domain.findings import Severity
from planner.domain.vocab import Side


class Scope(StrEnum):
    """What a rule's findings are about."""

    CASE = "case"  # the patient as a whole: covers every planned target (or none, unplanned)
    ELECTRO = "electro"  # electrical stimulation, when the plan uses it
    TARGETS = "targets"  # planned targets that a TargetFilter picks
    UNKNOWN_TARGETS = "unknown-targets"  # planned targets the catalog does not know


@dataclass(frozen=True)
class TargetFilter:
    """Which planned targets a rule is about; every given criterion must hold."""

    codes: tuple[str, ...] = ()  # target ids ("LI4", "TP:scalenes"); empty: any
    exclude: tuple[str, ...] = ()  # target ids left to another rule
    flag: Flag | None = None  # the catalog flags the target
    not_flag: Flag | None = None  # the catalog does not flag it (a fallback for gaps)
    regions: tuple[BodyRegion, ...] = ()  # the acupoint or trigger region lies in one of these
    side: Side | None = None  # LEFT or RIGHT: the target reaches that side ('both' does)
    picked_by: tuple[str, ...] = ()  # ids of TARGETS rules; one of their filters picks it
    electro: bool = False  # only targets stimulated electrically (see screening._planned)


@dataclass(frozen=True)
class Rule:
    """One screening rule. It fires when the assessment has any of `conditions` (if any
    are given) and any of `red_flags` (if any are given); `scope` says what it is about."""

    id: str
    severity: Severity
    scope: Scope
    message: str  # template; fields per scope in MESSAGE_FIELDS
    source: str  # short citations (the catalog sources' labels), "; "-separated
    conditions: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    # Derived from data the app holds (planner.domain.derived), not ticked by anyone.
    age_under: int | None = None  # age at the assessment below this
    age_at_least: int | None = None  # age at the assessment this or more
    onset_age_outside: tuple[int, int] | None = None  # (low, high): onset age < low or > high
    painted: tuple[str, ...] = ()  # any of these regions is on the pain drawing
    trimesters: tuple[int, ...] = ()  # pregnancy is in one of these trimesters
    targets: TargetFilter = field(default_factory=TargetFilter)
    grouped: bool = False  # TARGETS: one finding for all matched targets, not one each
    both_sides: bool = False  # TARGETS: only if the matched targets reach left and right
    spans_regions: tuple[BodyRegion, ...] = ()  # TARGETS: only if the matched targets lie
    # in every one of these regions between them (e.g. the chest and the upper back)


# Fields a message template may use, by scope (grouped TARGETS rules name their targets).
_EACH_TARGET = frozenset(
    {"target", "name", "side", "structures", "at_risk", "depth", "how", "note"}
)
# What the app derived about the patient (empty text where it is not known).
_DERIVED = frozenset({"age", "onset_age", "weeks", "weeks_text", "trimester", "painted"})
MESSAGE_FIELDS: Mapping[tuple[Scope, bool], frozenset[str]] = {
    (Scope.CASE, False): _DERIVED,
    (Scope.ELECTRO, False): frozenset(),
    (Scope.TARGETS, False): _EACH_TARGET,
    (Scope.TARGETS, True): frozenset({"targets"}),
    (Scope.UNKNOWN_TARGETS, False): frozenset({"target", "side"}),
}


def message_fields(template: str) -> list[str]:
    """The replacement fields of a template, in order ('' for a positional '{}')."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def needs_assessment(rule: Rule) -> bool:
    """Whether the rule reads anything of the assessment (or of what is derived from it)."""
    return bool(
        rule.conditions
        or rule.red_flags
        or rule.painted
        or rule.trimesters
        or rule.age_under is not None
        or rule.age_at_least is not None
        or rule.onset_age_outside is not None
    )
