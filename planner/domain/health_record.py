"""The patient's health record carries forward from one assessment to the next.

Conditions, red flags (until cleared or removed), medications and pregnancy belong to the
patient, not to one assessment: a new assessment starts from the last one, and an item
leaves the record only when the new assessment names it in `removed`. The last complaint,
onset and pain drawing carry too when the new assessment leaves them blank, so a follow-up
that records only scores keeps the course and its dates.
"""

from __future__ import annotations

from dataclasses import replace

from planner.domain.assessment import PREGNANCY_WEEKS_MAX, Assessment
from planner.domain.derived import weeks_on
from planner.domain.errors import FieldProblem


def carry_forward(previous: Assessment | None, new: Assessment) -> Assessment:
    """`new` completed from `previous` (the patient's latest assessment before it)."""
    if previous is None:
        return new
    removed = set(new.removed)

    def merged(now: tuple[str, ...], before: tuple[str, ...]) -> tuple[str, ...]:
        return now + tuple(x for x in before if x not in now and x not in removed)

    conditions = merged(new.conditions, previous.conditions)
    weeks = new.pregnancy_weeks
    if "pregnancy" not in conditions:
        weeks = None
    elif weeks is None and previous.pregnancy_weeks is not None:
        advanced = weeks_on(previous.pregnancy_weeks, previous.date, new.date)
        weeks = advanced if advanced <= PREGNANCY_WEEKS_MAX else None
    red_flags = merged(new.red_flags, previous.red_flags)
    ruled = {c.rule for c in new.clearances}
    # A clearance is about one episode of its red flag: once the flag is removed it goes,
    # so a red flag ticked again later needs a clearance of its own.
    kept = tuple(
        c
        for c in previous.clearances
        if c.rule not in ruled and _cleared_flag_still_stands(c.rule, red_flags)
    )
    medications = new.medications
    if not medications and MEDICATIONS not in removed:
        medications = previous.medications
    return replace(
        new,
        complaint=new.complaint or previous.complaint,
        onset_date=new.onset_date or previous.onset_date,
        pain_regions=new.pain_regions or previous.pain_regions,
        conditions=conditions,
        pregnancy_weeks=weeks,
        red_flags=red_flags,
        medications=medications,
        clearances=new.clearances + kept,
    )


# `removed` may name this too: the medications were cleared on purpose, not left blank.
MEDICATIONS = "medications"
_TICKED_FLAG_RULE = "red-flag-"  # the rule of a ticked red flag: "red-flag-" + its id


def _cleared_flag_still_stands(rule: str, red_flags: tuple[str, ...]) -> bool:
    """A ticked red flag's clearance lasts while the flag is on the record; a derived one's
    (age at onset, the painted chest) lasts while the data behind it does."""
    if rule.startswith(_TICKED_FLAG_RULE):
        return rule.removeprefix(_TICKED_FLAG_RULE) in red_flags
    return True


def starting_assessment(previous: Assessment | None, day: Assessment) -> Assessment:
    """What a new assessment form shows first: `day` (its date set) carried forward."""
    return carry_forward(previous, day)


def correction_problems(
    old: Assessment, corrected: Assessment, before: Assessment | None
) -> list[FieldProblem]:
    """Why `corrected` cannot replace `old` (`before`: the assessment before it), each naming
    its field."""
    problems = []
    if before is not None and corrected.date < before.date:
        problems.append(
            FieldProblem(
                "assessment.date",
                f"{corrected.date.isoformat()} is before the assessment of "
                f"{before.date.isoformat()}; record a new assessment instead of correcting",
            )
        )
    had = (*old.conditions, *old.red_flags)
    kept = {*corrected.conditions, *corrected.red_flags, *corrected.removed}
    dropped = [x for x in had if x not in kept]
    if dropped:
        problems.append(
            FieldProblem(
                "assessment.removed",
                f"the correction drops {', '.join(dropped)}; name each in 'removed' to take "
                "it off the health record on purpose",
            )
        )
    return problems
