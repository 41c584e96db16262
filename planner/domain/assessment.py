"""One dated assessment of a patient's episode of pain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from planner.domain import wording
from planner.domain.bounds import date_problem
from planner.domain.clearance import Clearance, clearance_problems
from planner.domain.errors import FieldProblem
from planner.domain.vocab import CONDITIONS, RED_FLAGS, REGIONS


@dataclass(frozen=True)
class PainScores:
    """NPRS 0-10; None where not asked."""

    now: int | None = None
    best: int | None = None
    worst: int | None = None


@dataclass(frozen=True)
class PsfsItem:
    activity: str
    score: int  # 0 unable .. 10 as before the problem


@dataclass(frozen=True)
class PainRegion:
    region: str  # vocab.REGIONS
    intensity: int  # 0-10


@dataclass(frozen=True)
class Assessment:
    # dt.date, not date: inside this class `date` names the field (mypy rejects it as a type).
    date: dt.date
    complaint: str = ""
    onset_date: dt.date | None = None
    pain: PainScores = field(default_factory=PainScores)
    ndi_total: int | None = None  # 0-50
    psfs: tuple[PsfsItem, ...] = ()
    pain_regions: tuple[PainRegion, ...] = ()
    conditions: tuple[str, ...] = ()  # vocab.CONDITIONS
    pregnancy_weeks: int | None = None
    red_flags: tuple[str, ...] = ()  # vocab.RED_FLAGS
    medications: str = ""
    consent_date: dt.date | None = None  # None: consent not (yet) recorded
    notes: str = ""
    # Red flags lifted by who cleared the patient (planner.domain.clearance).
    clearances: tuple[Clearance, ...] = ()
    # Conditions and red flags of the health record taken off on purpose at this assessment;
    # anything else carries forward (planner.domain.health_record).
    removed: tuple[str, ...] = ()
    id: int | None = None
    corrects_id: int | None = None  # the saved assessment this one corrects
    corrected: bool = False  # a later version corrects this one (it is kept, not current)


# --- Outcome measures (REFERENCE.md section 5) and chronicity (section 6) ---------------------

Chronicity = Literal["acute", "subacute", "chronic"]
NdiBand = Literal["none", "mild", "moderate", "severe", "complete"]

# Upper bounds (exclusive, in NDI points) of each band but the last: 0-4, 5-14, 15-24, 25-34, 35+.
_NDI_BANDS: tuple[tuple[int, NdiBand], ...] = (
    (5, "none"),
    (15, "mild"),
    (25, "moderate"),
    (35, "severe"),
)


def chronicity(onset: date, on: date) -> Chronicity:
    """Acute under 6 weeks since onset, subacute 6 to under 12, chronic 12 or more."""
    if onset > on:
        raise ValueError(f"onset {onset.isoformat()} is after {on.isoformat()}")
    days = (on - onset).days
    if days < 6 * 7:
        return "acute"
    if days < 12 * 7:
        return "subacute"
    return "chronic"


def ndi_band(total: int) -> NdiBand:
    """Vernon & Mior's band for an NDI total of 0-50."""
    if not NDI_MIN <= total <= NDI_MAX:
        raise ValueError(f"NDI total {total} is outside {NDI_MIN}-{NDI_MAX}")
    for limit, band in _NDI_BANDS:
        if total < limit:
            return band
    return "complete"


def psfs_mean(items: Iterable[PsfsItem]) -> float | None:
    """The PSFS score: the mean of the activity scores, or None when no activity is rated."""
    scores = [item.score for item in items]
    return sum(scores) / len(scores) if scores else None


# --- Rules ----------------------------------------------------------------------------------

NPRS_MIN, NPRS_MAX = 0, 10
NDI_MIN, NDI_MAX = 0, 50
PSFS_MAX_ITEMS = 5
PSFS_SCORE_MIN, PSFS_SCORE_MAX = 0, 10
PREGNANCY_WEEKS_MIN, PREGNANCY_WEEKS_MAX = 0, 45
COMPLAINT_MAX = 500
MEDICATIONS_MAX = 2_000
NOTES_MAX = 10_000
ACTIVITY_MAX = 200


def assessment_problems(
    a: Assessment, *, today: date, prefix: str = "assessment."
) -> list[FieldProblem]:
    """Every rule the assessment breaks, each naming its dotted field."""
    problems: list[FieldProblem] = []

    def add(field: str, message: str | None) -> None:
        if message is not None:
            problems.append(FieldProblem(prefix + field, message))

    def text(field: str, value: str, limit: int) -> None:
        if len(value) > limit:
            add(field, wording.too_long(limit))

    def within(field: str, value: int | None, low: int, high: int) -> None:
        if value is not None:
            add(field, wording.out_of_range(value, low, high))

    for name in ("date", "onset_date", "consent_date"):
        day = getattr(a, name)
        if day is not None:
            add(name, date_problem(day))
    if a.date > today:
        add("date", wording.in_future(a.date))
    if a.onset_date is not None and a.onset_date > a.date:
        add("onset_date", wording.after(a.onset_date, a.date, "the assessment date"))
    if a.consent_date is not None and a.consent_date > a.date:
        add("consent_date", wording.after(a.consent_date, a.date, "the assessment date"))
    text("complaint", a.complaint, COMPLAINT_MAX)
    text("medications", a.medications, MEDICATIONS_MAX)
    text("notes", a.notes, NOTES_MAX)

    for name in ("now", "best", "worst"):
        within(f"pain.{name}", getattr(a.pain, name), NPRS_MIN, NPRS_MAX)
    best, worst = a.pain.best, a.pain.worst
    if best is not None and worst is not None and best > worst:
        add("pain.best", f"{best} is above the worst pain of {worst}")
    within("ndi_total", a.ndi_total, NDI_MIN, NDI_MAX)

    if len(a.psfs) > PSFS_MAX_ITEMS:
        add("psfs", wording.too_many(len(a.psfs), PSFS_MAX_ITEMS))
    activities: set[str] = set()
    for i, item in enumerate(a.psfs):
        activity = " ".join(item.activity.split()).casefold()
        if not activity:
            add(f"psfs[{i}].activity", wording.REQUIRED)
        elif activity in activities:
            add(f"psfs[{i}].activity", wording.listed_twice(item.activity))
        text(f"psfs[{i}].activity", item.activity, ACTIVITY_MAX)
        activities.add(activity)
        within(f"psfs[{i}].score", item.score, PSFS_SCORE_MIN, PSFS_SCORE_MAX)

    regions: set[str] = set()
    for i, region in enumerate(a.pain_regions):
        if region.region not in REGIONS:
            add(f"pain_regions[{i}].region", wording.not_known(region.region, "region", REGIONS))
        elif region.region in regions:
            add(f"pain_regions[{i}].region", wording.listed_twice(region.region))
        regions.add(region.region)
        within(f"pain_regions[{i}].intensity", region.intensity, NPRS_MIN, NPRS_MAX)

    problems += _vocabulary_problems(a.conditions, CONDITIONS, "condition", prefix + "conditions")
    problems += _vocabulary_problems(a.red_flags, RED_FLAGS, "red flag", prefix + "red_flags")

    for i, c in enumerate(a.clearances):
        problems += clearance_problems(c, today=today, prefix=f"{prefix}clearances[{i}].")
        if c.rule in {x.rule for x in a.clearances[:i]}:
            add(f"clearances[{i}].rule", wording.listed_twice(c.rule))
    for i, gone in enumerate(a.removed):
        if gone == "medications":
            if a.medications:
                add(f"removed[{i}]", "the medications are both removed and recorded")
        elif gone not in CONDITIONS and gone not in RED_FLAGS:
            add(f"removed[{i}]", wording.not_known(gone, "condition or red flag", CONDITIONS))
        elif gone in a.conditions or gone in a.red_flags:
            add(f"removed[{i}]", f"{gone!r} is both removed and recorded")

    within("pregnancy_weeks", a.pregnancy_weeks, PREGNANCY_WEEKS_MIN, PREGNANCY_WEEKS_MAX)
    if a.pregnancy_weeks is not None and "pregnancy" not in a.conditions:
        add("pregnancy_weeks", "is given but 'pregnancy' is not among the conditions")
    return problems


def _vocabulary_problems(
    values: Sequence[str], known: Sequence[str], noun: str, field: str
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for i, value in enumerate(values):
        if value not in known:
            problems.append(FieldProblem(f"{field}[{i}]", wording.not_known(value, noun, known)))
        elif value in values[:i]:
            problems.append(FieldProblem(f"{field}[{i}]", wording.listed_twice(value)))
    return problems
