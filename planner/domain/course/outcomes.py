"""How much an outcome measure must change to matter (REFERENCE.md section 5).

Shared by the course planner (a poor response lengthens the course) and the review decision,
so both read a change the same way.
"""

from __future__ import annotations

from enum import StrEnum

# NPRS 0-10: minimal clinically important change in neck pain (Cleland 2008).
NPRS_MCID = 1.3
# The common working threshold: a fall of 2 points or of 30% (IMMPACT, Dworkin 2008).
NPRS_WORKING_POINTS = 2
NPRS_WORKING_FRACTION = 0.30
# A fall of half or more is "substantial" improvement (IMMPACT, Dworkin 2008).
NPRS_SUBSTANTIAL_FRACTION = 0.50
# NDI 0-50 (Vernon & Mior 1991 introduced it and set no MCID): minimal clinically important
# difference in mechanical neck pain 9.5 points, 19% (Cleland, Childs & Whitman 2008, Arch
# Phys Med Rehabil 89:69, the study of the NPRS figure); with whole-number totals, a fall of 10.
NDI_MCID = 9.5
# In cervical radiculopathy: MCID 7.5 with a minimal detectable change of 10.2 (Young 2009).
NDI_MCID_YOUNG = 7.5
NDI_MDC_YOUNG = 10.2
# PSFS: minimal detectable change 2 points for the mean, 3 for one activity (Stratford 1995).
PSFS_MDC_MEAN = 2.0

SOURCE_NPRS = "Cleland 2008 (NPRS MCID 1.3); IMMPACT (2 points or 30%)"
SOURCE_NDI = (
    "Cleland, Childs & Whitman 2008 (Arch Phys Med Rehabil 89:69; NDI MCID 9.5, 19%); "
    "Young 2009 (cervical radiculopathy: MCID 7.5, MDC 10.2)"
)
SOURCE_PSFS = "Stratford 1995 (PSFS MDC 2 for the mean)"


class Change(StrEnum):
    """How one measure moved between two times, judged by its thresholds."""

    BETTER = "better"  # a meaningful improvement
    SLIGHTLY_BETTER = "slightly-better"  # improved, but below the threshold
    UNCHANGED = "unchanged"
    WORSE = "worse"  # a meaningful worsening


def nprs_change(before: float, after: float) -> Change:
    """Pain 0-10, where lower is better.

    Better means a fall of at least the MCID (1.3) that also meets the working threshold
    (2 points or 30%): with whole-number scores that is a fall of 2 or more.
    """
    fall = before - after
    if fall >= NPRS_MCID and (
        fall >= NPRS_WORKING_POINTS or (before > 0 and fall / before >= NPRS_WORKING_FRACTION)
    ):
        return Change.BETTER
    if fall > 0:
        return Change.SLIGHTLY_BETTER
    if -fall >= NPRS_MCID:
        return Change.WORSE
    return Change.UNCHANGED


def nprs_substantial(before: float, after: float) -> bool:
    """A fall of half or more (IMMPACT's 'substantial' improvement)."""
    return before > 0 and (before - after) / before >= NPRS_SUBSTANTIAL_FRACTION


def ndi_change(before: float, after: float) -> Change:
    """NDI 0-50, where lower is better; meaningful at the MCID of 9.5 points (Cleland 2008).

    Alone it does not make a review's improvement meaningful while pain has not improved
    (planner.domain.course.review).
    """
    return _by_threshold(before - after, NDI_MCID)


def psfs_change(before: float, after: float) -> Change:
    """PSFS mean 0-10, where higher is better; meaningful at the MDC of 2 points."""
    return _by_threshold(after - before, PSFS_MDC_MEAN)


def _by_threshold(gain: float, threshold: float) -> Change:
    if gain >= threshold:
        return Change.BETTER
    if gain > 0:
        return Change.SLIGHTLY_BETTER
    if -gain >= threshold:
        return Change.WORSE
    return Change.UNCHANGED
