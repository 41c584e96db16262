"""One dated assessment of a patient's episode of pain."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
    date: date
    complaint: str = ""
    onset_date: date | None = None
    pain: PainScores = field(default_factory=PainScores)
    ndi_total: int | None = None  # 0-50
    psfs: tuple[PsfsItem, ...] = ()
    pain_regions: tuple[PainRegion, ...] = ()
    conditions: tuple[str, ...] = ()  # vocab.CONDITIONS
    pregnancy_weeks: int | None = None
    red_flags: tuple[str, ...] = ()  # vocab.RED_FLAGS
    medications: str = ""
    consent_date: date | None = None  # None: consent not (yet) recorded
    notes: str = ""
    id: int | None = None
