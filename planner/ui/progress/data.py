"""What the Progress page draws, gathered from assessments, visits and the course (no Qt).

The clinical judgements are the domain's: review_decision() at each review session and
nprs_change() for the overall change; this module only lines the measures up in time.
Session n is the n-th visit by date. At the review after session n the scores are: pain
before needling at that visit (NPRS), and the NDI and PSFS of the latest reassessment on or
before that day (when there is one besides the first assessment).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planner.domain.assessment import Assessment, psfs_mean
from planner.domain.course.outcomes import NPRS_MCID, NPRS_WORKING_POINTS, Change, nprs_change
from planner.domain.course.review import ReviewScores, review_decision
from planner.domain.course.words import day_text
from planner.domain.errors import ValidationError
from planner.domain.visit import Visit


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    source: str  # "assessment" or "visit"


@dataclass(frozen=True)
class ReviewPoint:
    session: int
    day: date | None  # None: the review is still to come
    nprs: int | None
    action: str  # an Action value, or "" when no decision (still to come, or no measure)
    reason: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Progress:
    nprs: tuple[Point, ...]  # before needling at each visit, after the assessments' "now"
    ndi: tuple[Point, ...]
    psfs: tuple[Point, ...]
    baseline_nprs: int | None
    band_low: float | None  # the baseline minus the working threshold (2 points), at least 0
    reviews: tuple[ReviewPoint, ...]
    summary: str
    nprs_after: tuple[Point, ...] = ()  # after needling at each visit

    def days(self) -> list[date]:
        """Every date something was measured or reviewed, earliest first, once each."""
        found = {p.day for p in (*self.nprs, *self.nprs_after, *self.ndi, *self.psfs)}
        found |= {r.day for r in self.reviews if r.day is not None}
        return sorted(found)


CHANGE_WORDS = {
    Change.BETTER: "a meaningful improvement",
    Change.SLIGHTLY_BETTER: "better, but less than what matters",
    Change.UNCHANGED: "no meaningful change",
    Change.WORSE: "worse by a meaningful amount",
}
BAND_TEXT = (
    f"Shaded: within {NPRS_WORKING_POINTS} points of the first pain score — not yet a "
    f"meaningful change (MCID {NPRS_MCID}; IMMPACT: 2 points or 30%)."
)


def _ordered_visits(visits: Sequence[Visit]) -> list[Visit]:
    return sorted(visits, key=lambda v: (v.date, v.id or 0))


def _ordered_assessments(assessments: Sequence[Assessment]) -> list[Assessment]:
    return sorted(assessments, key=lambda a: (a.date, a.id or 0))


def build_progress(
    assessments: Sequence[Assessment],
    visits: Sequence[Visit],
    *,
    reviews_after: Sequence[int] = (),
    sessions_planned: int | None = None,
) -> Progress:
    history = _ordered_assessments(assessments)
    done = _ordered_visits(visits)
    nprs = [Point(a.date, a.pain.now, "assessment") for a in history if a.pain.now is not None]
    nprs += [Point(v.date, v.nprs_before, "visit") for v in done if v.nprs_before is not None]
    nprs.sort(key=lambda p: (p.day, p.source != "assessment"))
    after = [Point(v.date, v.nprs_after, "visit") for v in done if v.nprs_after is not None]
    ndi = [Point(a.date, a.ndi_total, "assessment") for a in history if a.ndi_total is not None]
    psfs = [
        Point(a.date, mean, "assessment")
        for a in history
        if (mean := psfs_mean(a.psfs)) is not None
    ]
    first = history[0] if history else None
    baseline = first.pain.now if first is not None else None
    band_low = None if baseline is None else max(0.0, baseline - NPRS_WORKING_POINTS)
    reviews = _reviews(first, history, done, reviews_after, sessions_planned)
    if done:
        summary = _summary(baseline, nprs, done, sessions_planned)
    else:
        summary = _day_one(first, sessions_planned, reviews_after)
    return Progress(
        tuple(nprs), tuple(ndi), tuple(psfs), baseline, band_low, tuple(reviews), summary,
        tuple(after),
    )  # fmt: skip


def _reviews(
    first: Assessment | None,
    history: list[Assessment],
    done: list[Visit],
    reviews_after: Sequence[int],
    planned: int | None,
) -> list[ReviewPoint]:
    points: list[ReviewPoint] = []
    for session in reviews_after:
        if session > len(done):
            points.append(
                ReviewPoint(
                    session, None, None, "", f"To come: {len(done)} of {session} sessions done."
                )
            )
            continue
        visit = done[session - 1]
        if first is None or planned is None:
            points.append(
                ReviewPoint(session, visit.date, visit.nprs_before, "", "No first assessment.")
            )
            continue
        later = [a for a in history[1:] if a.date <= visit.date]
        latest = later[-1] if later else None
        scores = ReviewScores(
            nprs=visit.nprs_before,
            ndi_total=latest.ndi_total if latest else None,
            psfs=latest.psfs if latest else (),
        )
        try:
            decision = review_decision(
                first, scores, sessions_done=session, sessions_planned=planned
            )
        except ValidationError as error:
            points.append(
                ReviewPoint(session, visit.date, visit.nprs_before, "", error.first().message)
            )
            continue
        points.append(
            ReviewPoint(
                session,
                visit.date,
                visit.nprs_before,
                decision.action.value,
                decision.reason,
                decision.changes,
            )
        )
    return points


RECORD_PAIN = "Record pain (NPRS) at the assessment and before each session."


def _summary(
    baseline: int | None, nprs: list[Point], visits: list[Visit], planned: int | None
) -> str:
    count = len(visits)
    done = f"{count} of {planned} sessions done." if planned else f"{count} visits."
    if baseline is None or not nprs:
        return f"{done} {RECORD_PAIN}"
    latest = nprs[-1].value
    change = nprs_change(baseline, latest)
    text = (
        f"{done} Pain {baseline} → {latest:g} of 10 since the first assessment: "
        f"{CHANGE_WORDS[change]}."
    )
    last = visits[-1]
    if last.nprs_before is not None and last.nprs_after is not None:
        text += (
            f" Last visit, {day_text(last.date)}: {last.nprs_before} before and "
            f"{last.nprs_after} after needling."
        )
    return text


def _day_one(first: Assessment | None, planned: int | None, reviews: Sequence[int]) -> str:
    """Before the first visit: what the assessment found and what the chart will show."""
    if first is None or first.pain.now is None:
        return RECORD_PAIN
    found = [f"pain {first.pain.now} of 10"]
    if first.ndi_total is not None:
        found.append(f"disability (NDI) {first.ndi_total} of 50")
    if (mean := psfs_mean(first.psfs)) is not None:
        found.append(f"function (PSFS) {mean:.1f} of 10")
    text = (
        f"First assessment, {day_text(first.date)}: {', '.join(found)}. Nothing to compare "
        "yet: each visit adds pain before and after needling."
    )
    if planned:
        text += f" The course plans {planned} sessions"
        interim = [n for n in reviews if n < planned]
        text += f", the first review after session {interim[0]}." if interim else "."
    return text
