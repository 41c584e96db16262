"""Review decisions against REFERENCE.md section 5's thresholds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain.assessment import Assessment, PainScores, PsfsItem
from planner.domain.course.outcomes import (
    NDI_MCID,
    SOURCE_NDI,
    Change,
    ndi_change,
    nprs_change,
    psfs_change,
)
from planner.domain.course.review import (
    Action,
    Goal,
    ReviewDecision,
    ReviewScores,
    review_decision,
)
from planner.domain.errors import ValidationError

FIRST = Assessment(
    date=date(2026, 11, 20),
    pain=PainScores(now=6, best=3, worst=8),
    ndi_total=20,
    psfs=(PsfsItem("Driving", 4), PsfsItem("Reading", 4)),
)


# How a reason begins when the decision rests on a meaningful improvement.
MEANINGFUL = ("A meaningful improvement", "The course is complete with a meaningful improvement")


def _decide(
    nprs: int | None = None,
    ndi: int | None = None,
    psfs: tuple[int, ...] = (),
    *,
    done: int = 3,
    planned: int = 10,
    goal: Goal | None = None,
) -> ReviewDecision:
    items = tuple(PsfsItem(a, s) for a, s in zip(("Driving", "Reading"), psfs, strict=False))
    return review_decision(
        FIRST,
        ReviewScores(nprs, ndi, items),
        sessions_done=done,
        sessions_planned=planned,
        goal=goal,
    )


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (6, 4, Change.BETTER),  # 2 points: the MCID 1.3 and the working threshold
        (6, 5, Change.SLIGHTLY_BETTER),  # 1 point: below the MCID
        (3, 2, Change.SLIGHTLY_BETTER),  # 33%, but 1 point is below the MCID (Cleland 2008)
        (6, 6, Change.UNCHANGED),
        (6, 7, Change.UNCHANGED),  # 1 point worse: within the noise
        (6, 8, Change.WORSE),
        (10, 8, Change.BETTER),
        (1.5, 0, Change.BETTER),  # 1.5 >= 1.3 and 100%: a fractional mean
    ],
)
def test_nprs_change(before: float, after: float, change: Change) -> None:
    assert nprs_change(before, after) is change


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        # MCID 9.5 points, 19% (Cleland, Childs & Whitman 2008); Vernon & Mior set none.
        (20, 10, Change.BETTER),
        (20, 11, Change.SLIGHTLY_BETTER),  # 9 points: below 9.5
        (20, 15, Change.SLIGHTLY_BETTER),  # 5 points: not meaningful
        (20, 16, Change.SLIGHTLY_BETTER),
        (20, 20, Change.UNCHANGED),
        (20, 25, Change.UNCHANGED),  # 5 points worse: within the 9.5 either way
        (20, 30, Change.WORSE),
    ],
)
def test_ndi_change(before: int, after: int, change: Change) -> None:
    assert ndi_change(before, after) is change


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [(4.0, 6.0, Change.BETTER), (4.0, 5.5, Change.SLIGHTLY_BETTER), (4.0, 2.0, Change.WORSE)],
)
def test_psfs_change(before: float, after: float, change: Change) -> None:
    assert psfs_change(before, after) is change  # MDC 2 for the mean (Stratford)


@pytest.mark.parametrize(
    ("kwargs", "action", "words"),
    [
        # No meaningful change by the first review: adjust (or refer).
        (
            {"nprs": 5, "done": 3},
            Action.ADJUST,
            "No meaningful change by the review after session 3",
        ),
        ({"nprs": 6, "ndi": 18, "done": 3}, Action.ADJUST, "NDI 20 → 18"),
        # Still none after a second review's worth: refer.
        ({"nprs": 6, "done": 6}, Action.REFER, "No meaningful change after 6 sessions"),
        # Too early to judge before three treatments (clinic practice).
        ({"nprs": 6, "done": 2}, Action.CONTINUE, "Too early to judge"),
        # Meaningful improvement: keep going.
        ({"nprs": 4, "done": 3}, Action.CONTINUE, "A meaningful improvement"),
        ({"nprs": 4, "ndi": 10, "done": 3}, Action.CONTINUE, "NDI 20 → 10"),
        ({"nprs": 6, "ndi": 12, "done": 3}, Action.ADJUST, "MCID in cervical radiculopathy"),
        ({"psfs": (6, 7), "done": 3}, Action.CONTINUE, "PSFS 4.0 → 6.5"),
        # Pain halved (IMMPACT substantial): taper.
        ({"nprs": 3, "done": 6}, Action.TAPER, "fallen by half or more"),
        # Better at the end of the course: discharge.
        ({"nprs": 4, "done": 10}, Action.DISCHARGE, "The course is complete"),
        # Worse: refer (reassess).
        ({"nprs": 8, "done": 3}, Action.REFER, "pain worse by a meaningful amount"),
        ({"nprs": 4, "ndi": 30, "done": 3}, Action.REFER, "disability (NDI) worse"),
    ],
)
def test_decisions(kwargs: dict[str, object], action: Action, words: str) -> None:
    decision = _decide(**kwargs)  # type: ignore[arg-type]
    assert decision.action is action
    assert words in decision.reason
    assert decision.changes
    assert decision.sources


def test_the_ndi_mcid_is_cleland_2008_not_vernon() -> None:
    assert NDI_MCID == 9.5
    assert "Cleland, Childs & Whitman 2008" in SOURCE_NDI
    assert "89:69" in SOURCE_NDI
    assert "9.5" in SOURCE_NDI
    assert "19%" in SOURCE_NDI
    assert "Vernon" not in SOURCE_NDI
    decision = _decide(6, 10, done=3)
    assert "MCID 9.5" in decision.reason
    assert SOURCE_NDI in decision.sources


@pytest.mark.parametrize("ndi", [15, 10, 0])  # down 5, 10 and 20 points
@pytest.mark.parametrize("nprs", [6, 7])  # unchanged, and 1 point worse (within the noise)
def test_ndi_alone_with_pain_unchanged_is_no_discharge(ndi: int, nprs: int) -> None:
    decision = _decide(nprs, ndi, done=10, planned=10)
    assert decision.action is Action.REFER  # no meaningful change after 10 sessions
    assert "No meaningful change after 10 sessions" in decision.reason
    assert not decision.reason.startswith(MEANINGFUL)
    if ndi <= 10:
        assert "the NDI alone is not counted as a meaningful improvement" in decision.reason


def test_ndi_alone_with_pain_unchanged_at_the_first_review_means_adjust() -> None:
    decision = _decide(6, 10, done=3)
    assert decision.action is Action.ADJUST
    assert "Disability (NDI) fell by a meaningful amount, but pain has not improved" in (
        decision.reason
    )
    assert any("Adjust the treatment" in c for c in decision.changes)


def test_ndi_alone_at_the_end_of_a_short_course_means_adjust_not_discharge() -> None:
    decision = _decide(6, 10, done=4, planned=4)
    assert decision.action is Action.ADJUST


def test_ndi_alone_without_pain_compared_is_not_meaningful() -> None:
    first = Assessment(date=date(2026, 11, 20), ndi_total=20)
    decision = review_decision(
        first, ReviewScores(ndi_total=8), sessions_done=10, sessions_planned=10
    )
    assert decision.action is not Action.DISCHARGE
    assert "or was not compared" in decision.reason


def test_ndi_with_pain_a_little_better_counts() -> None:
    # Pain fell (6 -> 5, below its MCID) and disability by 10: a meaningful improvement.
    decision = _decide(5, 10, done=10, planned=10)
    assert decision.action is Action.DISCHARGE
    assert "The course is complete with a meaningful improvement" in decision.reason


def test_ndi_with_function_better_counts() -> None:
    decision = _decide(6, 10, psfs=(7, 7), done=10, planned=10)
    assert decision.action is Action.DISCHARGE


@given(
    st.integers(0, 10),
    st.integers(0, 2),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 20),
    st.integers(1, 20),
)
def test_pain_not_improved_never_reads_as_a_meaningful_improvement(
    pain: int, rise: int, ndi_before: int, ndi_after: int, done: int, planned: int
) -> None:
    first = Assessment(date=date(2026, 11, 20), pain=PainScores(now=pain), ndi_total=ndi_before)
    decision = review_decision(
        first,
        ReviewScores(nprs=min(pain + rise, 10), ndi_total=ndi_after),
        sessions_done=done,
        sessions_planned=planned,
    )
    assert decision.action not in (Action.DISCHARGE, Action.TAPER)
    assert not decision.reason.startswith(MEANINGFUL)


def test_goal_reached_means_discharge_even_mid_course() -> None:
    decision = _decide(2, psfs=(8, 9), done=4, goal=Goal(nprs_at_most=2, psfs_mean_at_least=8))
    assert decision.action is Action.DISCHARGE
    assert (
        "The goal is reached (pain 2, goal 2 or less; PSFS 8.5, goal 8 or more)" in decision.reason
    )


def test_a_goal_half_reached_is_not_reached() -> None:
    decision = _decide(2, psfs=(5, 5), done=4, goal=Goal(nprs_at_most=2, psfs_mean_at_least=8))
    assert decision.action is Action.TAPER


def test_adjust_suggests_changes_and_the_referral() -> None:
    decision = _decide(5, done=3)
    assert any("Adjust the treatment" in c for c in decision.changes)
    assert any("refer" in c for c in decision.changes)
    assert any("Cleland 2008" in s for s in decision.sources)


def test_nothing_to_compare_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="no measure to compare"):
        _decide()


def test_bad_session_counts_name_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        _decide(4, done=-1, planned=0)
    assert [str(p) for p in caught.value.problems] == [
        "sessions_done: -1 is below the minimum of 0",
        "sessions_planned: 0 is below the minimum of 1",
    ]


@given(
    st.integers(0, 10),
    st.integers(0, 10),
    st.integers(0, 20),
    st.integers(1, 20),
)
def test_every_decision_is_explained(before: int, after: int, done: int, planned: int) -> None:
    first = Assessment(date=date(2026, 11, 20), pain=PainScores(now=before))
    decision = review_decision(
        first, ReviewScores(nprs=after), sessions_done=done, sessions_planned=planned
    )
    assert decision.reason
    assert decision.changes
    if after - before >= 2:
        assert decision.action is Action.REFER
    if before - after >= 2 and done >= planned:
        assert decision.action is Action.DISCHARGE
