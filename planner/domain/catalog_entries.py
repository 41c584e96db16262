"""The reference library's entries: acupoints, extra points and trigger-point regions.

Immutable records with the vocabularies they use (flags, channels, body regions) and the
sources they cite. planner.domain.catalog looks them up and searches them; planner.catalog
reads and validates the shipped files they come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planner.domain.chart import ChartPosition


class Flag(StrEnum):
    """Safety flags the screening rules read (fixed vocabulary)."""

    LUNG_RISK = "lung-risk"
    VESSEL_RISK = "vessel-risk"
    CNS_RISK = "cns-risk"
    PREGNANCY_CAUTION = "pregnancy-caution"


class Channel(StrEnum):
    """The 14 channels of the WHO 2008 standard, by their WHO code."""

    LU = "LU"
    LI = "LI"
    ST = "ST"
    SP = "SP"
    HT = "HT"
    SI = "SI"
    BL = "BL"
    KI = "KI"
    PC = "PC"
    TE = "TE"
    GB = "GB"
    LR = "LR"
    GV = "GV"
    CV = "CV"

    @property
    def english(self) -> str:
        return _CHANNEL_NAMES[self]


_CHANNEL_NAMES: dict[Channel, str] = {
    Channel.LU: "Lung",
    Channel.LI: "Large Intestine",
    Channel.ST: "Stomach",
    Channel.SP: "Spleen",
    Channel.HT: "Heart",
    Channel.SI: "Small Intestine",
    Channel.BL: "Bladder",
    Channel.KI: "Kidney",
    Channel.PC: "Pericardium",
    Channel.TE: "Triple Energizer",
    Channel.GB: "Gallbladder",
    Channel.LR: "Liver",
    Channel.GV: "Governor Vessel",
    Channel.CV: "Conception Vessel",
}

# WHO 2008: 361 points in all.
CHANNEL_POINT_COUNTS: dict[Channel, int] = {
    Channel.LU: 11,
    Channel.LI: 20,
    Channel.ST: 45,
    Channel.SP: 21,
    Channel.HT: 9,
    Channel.SI: 19,
    Channel.BL: 67,
    Channel.KI: 27,
    Channel.PC: 9,
    Channel.TE: 23,
    Channel.GB: 44,
    Channel.LR: 14,
    Channel.GV: 28,
    Channel.CV: 24,
}


class BodyRegion(StrEnum):
    """Where on the body a point lies (coarser than the chart's sided regions)."""

    HEAD = "head"
    FACE = "face"
    NECK = "neck"
    SHOULDER = "shoulder"
    UPPER_BACK = "upper-back"
    LOWER_BACK = "lower-back"
    BUTTOCK = "buttock"
    CHEST = "chest"
    ABDOMEN = "abdomen"
    PERINEUM = "perineum"
    ARM = "arm"
    HAND = "hand"
    LEG = "leg"
    FOOT = "foot"


class PointKind(StrEnum):
    STANDARD = "standard"  # one of the 361 WHO 2008 points
    EXTRA = "extra"  # extra point with a standard EX- code
    ASHI = "ashi"  # tender point, no fixed location


class Angle(StrEnum):
    PERPENDICULAR = "perpendicular"
    OBLIQUE = "oblique"
    TRANSVERSE = "transverse"


TRIGGER_PREFIX = "TP:"


@dataclass(frozen=True)
class Source:
    id: str
    label: str  # short form shown next to a claim, e.g. "WHO 2008"
    citation: str
    kind: str  # standard, textbook, article, guideline
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class FlagNote:
    """Why a target carries a flag, and who says so."""

    flag: Flag
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class NeedlingDetail:
    """In-depth needling information (only for the points the app treats with)."""

    location: str
    depth_cun: tuple[float, float]
    depth_mm: tuple[int, int]  # approximate, average adult
    angles: tuple[Angle, ...]
    direction: str
    structures_at_risk: tuple[str, ...]
    notes: str
    sources: tuple[str, ...]


def _flag_note(notes: tuple[FlagNote, ...], flag: Flag) -> FlagNote | None:
    return next((n for n in notes if n.flag is flag), None)


@dataclass(frozen=True)
class Acupoint:
    """A WHO standard point, an extra point or the Ashi entry (see `kind`)."""

    code: str
    kind: PointKind
    pinyin: str  # with tone marks
    pinyin_ascii: str
    hanzi: str
    english: str  # descriptive, not standard
    region: BodyRegion | None  # None for Ashi
    sources: tuple[str, ...]
    channel: Channel | None = None
    number: int | None = None
    aliases: tuple[str, ...] = ()
    notes: str = ""
    flags: tuple[Flag, ...] = ()
    flag_notes: tuple[FlagNote, ...] = ()
    detail: NeedlingDetail | None = None
    levels: tuple[str, ...] = ()  # EX-B2: "T1" ... "L5"
    level_flags: tuple[tuple[str, tuple[Flag, ...]], ...] = ()
    positions: tuple[ChartPosition, ...] = ()

    @property
    def target_id(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return f"{self.code} {self.pinyin}"

    @property
    def in_depth(self) -> bool:
        return self.detail is not None

    def note_for(self, flag: Flag) -> FlagNote | None:
        return _flag_note(self.flag_notes, flag)

    def flags_at(self, level: str | None) -> tuple[Flag, ...]:
        """Flags at one level of a grouped point; all flags when no level is given."""
        if level is None or not self.levels:
            return self.flags
        for name, flags in self.level_flags:
            if name == level:
                return flags
        return ()


@dataclass(frozen=True)
class TriggerRegion:
    """A muscle's trigger-point region (Travell & Simons), targeted as 'TP:<muscle>'."""

    muscle: str  # kebab-case id, e.g. "levator-scapulae"
    name: str
    trigger_points: str  # where they lie
    referral_regions: tuple[str, ...]  # body-chart region ids, LEFT side for sided muscles
    referral: str
    symptoms: str
    technique: str
    structures_at_risk: tuple[str, ...]
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    flag_notes: tuple[FlagNote, ...] = ()
    positions: tuple[ChartPosition, ...] = ()
    region: BodyRegion | None = None  # where its trigger points lie; None: not stated

    @property
    def target_id(self) -> str:
        return TRIGGER_PREFIX + self.muscle

    @property
    def label(self) -> str:
        return self.name

    def note_for(self, flag: Flag) -> FlagNote | None:
        return _flag_note(self.flag_notes, flag)


Target = Acupoint | TriggerRegion
