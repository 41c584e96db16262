"""What to do at a review: continue, taper, adjust, discharge or refer (REFERENCE.md 5, 6).

Compares the first assessment with the latest scores by each measure's threshold
(planner.domain.course.outcomes). The practitioner decides; this names the option the numbers point
to and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planner.domain import wording
from planner.domain.assessment import Assessment, PsfsItem, psfs_mean
from planner.domain.course.outcomes import (
    NDI_MCID,
    NDI_MCID_YOUNG,
    NDI_MDC_YOUNG,
    NPRS_MCID,
    SOURCE_NDI,
    SOURCE_NPRS,
    SOURCE_PSFS,
    Change,
    ndi_change,
    nprs_change,
    nprs_substantial,
    psfs_change,
)
from planner.domain.errors import FieldProblem, ValidationError

# Clinic practice: a minimum of three treatments before judging the response.
FIRST_REVIEW_AFTER = 3
CLINIC = "Clinic practice (three treatments before judging the response)"
IMMPACT_SUBSTANTIAL = "IMMPACT, Dworkin 2008 (a fall of 50% is substantial)"


class Action(StrEnum):
    CONTINUE = "continue"
    TAPER = "taper"  # space the sessions out
    ADJUST = "adjust"  # change the points, technique or dose (or refer)
    DISCHARGE = "discharge"
    REFER = "refer"


@dataclass(frozen=True)
class ReviewScores:
    """The measures taken at this review; None where not taken."""

    nprs: int | None = None
    ndi_total: int | None = None
    psfs: tuple[PsfsItem, ...] = ()


@dataclass(frozen=True)
class Goal:
    """The patient's goal, agreed at the first assessment; None where not set."""

    nprs_at_most: int | None = None
    psfs_mean_at_least: float | None = None


@dataclass(frozen=True)
class ReviewDecision:
    action: Action
    reason: str
    changes: tuple[str, ...]  # what to change in the plan, in plain words
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Measure:
    name: str
    change: Change
    words: str
    source: str


def review_decision(
    first: Assessment,
    latest: ReviewScores,
    *,
    sessions_done: int,
    sessions_planned: int,
    goal: Goal | None = None,
    first_review_after: int = FIRST_REVIEW_AFTER,
) -> ReviewDecision:
    """The action the scores point to.

    Worse on any measure: refer (reassess). Goal reached, or a meaningful improvement at the
    end of the course: discharge. A fall in pain of half or more before the end: taper. A
    meaningful improvement otherwise: continue. No meaningful change by the first review:
    adjust, or refer when it is still so after a second review's worth of sessions.

    A meaningful fall in the NDI alone does not count as a meaningful improvement while pain
    has not improved (or was not compared): the decision is then the one for no meaningful
    change, and the reason says that disability improved (REFERENCE.md section 5).
    """
    problems = [
        FieldProblem(name, wording.below_minimum(value, low))
        for name, value, low in (
            ("sessions_done", sessions_done, 0),
            ("sessions_planned", sessions_planned, 1),
        )
        if value < low
    ]
    if problems:
        raise ValidationError(problems)
    measures = _measures(first, latest)
    if not measures:
        raise ValidationError(
            [
                FieldProblem(
                    "latest",
                    "no measure to compare: record pain (NPRS), NDI or PSFS both at the first "
                    "assessment and now",
                )
            ]
        )
    sources = tuple(dict.fromkeys(m.source for m in measures))
    summary = "; ".join(m.words for m in measures) + "."
    summary = summary[:1].upper() + summary[1:]  # it follows a sentence
    worse = [m for m in measures if m.change is Change.WORSE]
    better = [m for m in measures if m.change is Change.BETTER]
    if [m.name for m in better] == [NDI] and not _pain_improved(measures):
        better = []
        summary += " " + _NDI_ALONE
    at_end = sessions_done >= sessions_planned

    if worse:
        names = " and ".join(m.name for m in worse)
        return ReviewDecision(
            Action.REFER,
            f"{names} worse by a meaningful amount. {summary}",
            (
                "Reassess: repeat the red-flag screening.",
                "Refer on if there is no clear cause (such as a flare after a heavy week).",
            ),
            sources,
        )
    reached = _goal_reached(goal, latest)
    if reached:
        return ReviewDecision(
            Action.DISCHARGE,
            f"The goal is reached ({reached}). {summary}",
            ("Discharge with the self-care advice; offer a review if the pain returns.",),
            sources,
        )
    if better:
        if at_end:
            return ReviewDecision(
                Action.DISCHARGE,
                f"The course is complete with a meaningful improvement. {summary}",
                ("Discharge with the self-care advice; offer a review if the pain returns.",),
                sources,
            )
        if (
            first.pain.now is not None
            and latest.nprs is not None
            and nprs_substantial(first.pain.now, latest.nprs)
        ):
            return ReviewDecision(
                Action.TAPER,
                f"Pain has fallen by half or more. {summary}",
                ("Space the remaining sessions out (weekly, then every two weeks).",),
                (*sources, IMMPACT_SUBSTANTIAL),
            )
        return ReviewDecision(
            Action.CONTINUE,
            f"A meaningful improvement. {summary}",
            ("Keep to the plan.",),
            sources,
        )
    if sessions_done < first_review_after:
        return ReviewDecision(
            Action.CONTINUE,
            f"Too early to judge: {sessions_done} of the {first_review_after} treatments "
            f"before the first review. {summary}",
            ("Keep to the plan until the first review.",),
            (*sources, CLINIC),
        )
    if sessions_done >= 2 * first_review_after:
        return ReviewDecision(
            Action.REFER,
            f"No meaningful change after {sessions_done} sessions. {summary}",
            (
                "Stop the course and refer on, or discuss another treatment.",
                "Check the diagnosis and the red flags again.",
            ),
            (*sources, CLINIC),
        )
    return ReviewDecision(
        Action.ADJUST,
        f"No meaningful change by the review after session {sessions_done}. {summary}",
        (
            "Adjust the treatment: other points or regions, technique, needle retention or "
            "electrical stimulation where safe.",
            "Or refer, if adjusting does not fit this patient.",
        ),
        (*sources, CLINIC),
    )


NDI = "disability (NDI)"
_NDI_ALONE = (
    "Disability (NDI) fell by a meaningful amount, but pain has not improved (or was not "
    "compared): the NDI alone is not counted as a meaningful improvement."
)


def _pain_improved(measures: list[_Measure]) -> bool:
    """Pain was compared and fell, even by less than the MCID."""
    return any(
        m.name == "pain" and m.change in (Change.BETTER, Change.SLIGHTLY_BETTER) for m in measures
    )


def _measures(first: Assessment, latest: ReviewScores) -> list[_Measure]:
    measures: list[_Measure] = []
    if first.pain.now is not None and latest.nprs is not None:
        before, after = first.pain.now, latest.nprs
        change = nprs_change(before, after)
        words = f"pain {before} → {after} of 10 ({_said(change)}; MCID {NPRS_MCID})"
        measures.append(_Measure("pain", change, words, SOURCE_NPRS))
    if first.ndi_total is not None and latest.ndi_total is not None:
        before_ndi, after_ndi = first.ndi_total, latest.ndi_total
        change = ndi_change(before_ndi, after_ndi)
        words = f"NDI {before_ndi} → {after_ndi} of 50 ({_said(change)}; MCID {NDI_MCID:g}"
        fall = before_ndi - after_ndi
        if change is Change.SLIGHTLY_BETTER and fall >= NDI_MCID_YOUNG:
            words += (
                f"; {NDI_MCID_YOUNG:g} is the MCID in cervical radiculopathy, but within its "
                f"MDC of {NDI_MDC_YOUNG:g}"
            )
        measures.append(_Measure(NDI, change, words + ")", SOURCE_NDI))
    before_psfs, after_psfs = psfs_mean(first.psfs), psfs_mean(latest.psfs)
    if before_psfs is not None and after_psfs is not None:
        change = psfs_change(before_psfs, after_psfs)
        words = f"PSFS {before_psfs:.1f} → {after_psfs:.1f} of 10 ({_said(change)}; MDC 2)"
        measures.append(_Measure("function (PSFS)", change, words, SOURCE_PSFS))
    return measures


def _said(change: Change) -> str:
    return {
        Change.BETTER: "a meaningful improvement",
        Change.SLIGHTLY_BETTER: "better, but less than what matters",
        Change.UNCHANGED: "no meaningful change",
        Change.WORSE: "worse",
    }[change]


def _goal_reached(goal: Goal | None, latest: ReviewScores) -> str:
    """What shows the goal reached, or "" while it is not (or no goal is set)."""
    if goal is None or (goal.nprs_at_most is None and goal.psfs_mean_at_least is None):
        return ""
    met: list[str] = []
    if goal.nprs_at_most is not None:
        if latest.nprs is None or latest.nprs > goal.nprs_at_most:
            return ""
        met.append(f"pain {latest.nprs}, goal {goal.nprs_at_most} or less")
    if goal.psfs_mean_at_least is not None:
        mean = psfs_mean(latest.psfs)
        if mean is None or mean < goal.psfs_mean_at_least:
            return ""
        met.append(f"PSFS {mean:.1f}, goal {goal.psfs_mean_at_least:g} or more")
    return "; ".join(met)
