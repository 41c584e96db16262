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
    ruled = {c.rule for c in new.clearances}
    return replace(
        new,
        complaint=new.complaint or previous.complaint,
        onset_date=new.onset_date or previous.onset_date,
        pain_regions=new.pain_regions or previous.pain_regions,
        conditions=conditions,
        pregnancy_weeks=weeks,
        red_flags=merged(new.red_flags, previous.red_flags),
        medications=new.medications or previous.medications,
        clearances=new.clearances + tuple(c for c in previous.clearances if c.rule not in ruled),
    )


def starting_assessment(previous: Assessment | None, day: Assessment) -> Assessment:
    """What a new assessment form shows first: `day` (its date set) carried forward."""
    return carry_forward(previous, day)
