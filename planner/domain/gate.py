"""The safety gate: one decision, in the domain, that every door calls.

A plan may be saved, imported, given a course or printed on a handout only while no red flag
stands uncleared (a `refer` finding lifted by a recorded clearance) and no block stands
unresolved (a `block` finding lifted by a written per-target override). The store, the
import, the command line, the GUI and the handout all ask this module, never their own copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planner.domain.errors import DomainError
from planner.domain.findings import Finding, Severity


def stopping_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that stop the plan: uncleared red flags, then unresolved blocks about a
    planned target (a block about nothing planned has nothing to stop)."""
    stop = []
    for f in findings:
        if f.resolved:
            continue
        if f.severity is Severity.REFER or (f.severity is Severity.BLOCK and f.targets):
            stop.append(f)
    return stop


def describe_stop(findings: Sequence[Finding]) -> str:
    """One line naming each finding that stops the plan, and what lifts it."""
    flags = list(dict.fromkeys(f.rule for f in findings if f.severity is Severity.REFER))
    blocks = [f for f in findings if f.severity is Severity.BLOCK]
    parts = []
    if flags:
        parts.append(
            f"red flag {', '.join(flags)} stands: refer on; only a clearance recorded with "
            "the assessment (who, role, date, note) lifts it"
        )
    if blocks:
        named = ", ".join(f"{f.rule} at {', '.join(f.targets)}" for f in blocks)
        parts.append(
            f"unresolved block {named}: drop the target or record a written override for it"
        )
    return "; ".join(parts)


class SafetyStop(DomainError):
    """The gate stops this plan; `findings` are the findings that stop it."""

    def __init__(self, findings: Sequence[Finding], *, action: str = "saved") -> None:
        self.findings = tuple(findings)
        self.action = action
        super().__init__(f"the plan cannot be {action}: {describe_stop(self.findings)}")


def check_gate(findings: Iterable[Finding], *, action: str = "saved") -> None:
    """Raises SafetyStop when the findings stop the plan; `action` words the message
    ('saved', 'imported', 'given a course', 'printed')."""
    stop = stopping_findings(findings)
    if stop:
        raise SafetyStop(stop, action=action)


def passes_gate(findings: Iterable[Finding]) -> bool:
    return not stopping_findings(findings)
