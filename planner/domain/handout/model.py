"""The handout's model: the sheet and its parts, as the PDF and the preview lay them out.

Plain frozen data; which blocks, areas and dates fill it is decided in the sibling modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from planner.domain.catalog_entries import Flag
from planner.domain.chart import ChartPosition, View
from planner.domain.vocab import Modality, Side

NEXT_HEADING = "Your next visits"
NOTE_HEADING = "A note from your practitioner"
TITLE = "Your aftercare sheet"
DIAGRAM_HEADING = "What we did today"


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


@dataclass(frozen=True)
class ClinicDetails:
    """Who gives the handout; neutral placeholders until the clinic fills them in."""

    name: str = "Your clinic"
    logo: Path | None = None
    address: str = ""
    phone: str = ""
    practitioner: str = ""
    paper: Paper = Paper.A4
    large_print: bool = False
    emergency_number: str = ""  # e.g. "911", "999", "112"; printed in the emergency box


class SectionKind(StrEnum):
    """The handout's sections, in the order they are printed."""

    EMERGENCY = "emergency"
    EXPECT = "expect"
    CALL_CLINIC = "call-clinic"
    SELF_CARE = "self-care"
    EXERCISES = "exercises"


class Tone(StrEnum):
    """How a section is set off: plain, or a tinted warning box."""

    PLAIN = "plain"
    CLINIC = "clinic"  # amber: call the clinic
    EMERGENCY = "emergency"  # red: call emergency services


SECTION_HEADINGS: Mapping[SectionKind, str] = {
    SectionKind.EXPECT: "What you may notice",
    SectionKind.EMERGENCY: "Get help now",
    SectionKind.CALL_CLINIC: "Call us if you notice",
    SectionKind.SELF_CARE: "Looking after yourself",
    SectionKind.EXERCISES: "Exercises to do at home",
}
SECTION_TONES: Mapping[SectionKind, Tone] = {
    SectionKind.EMERGENCY: Tone.EMERGENCY,
    SectionKind.CALL_CLINIC: Tone.CLINIC,
}


class Area(StrEnum):
    """Where on the body a target lies, in the words a patient uses (catalog BodyRegion
    values, plus the shoulder blade for the muscles that lie on it and the front of the
    neck for the points there)."""

    HEAD = "head"
    FACE = "face"
    NECK = "neck"
    FRONT_NECK = "front-of-neck"  # FRONT_NECK_POINTS: the catalog's region is "neck"
    SHOULDER = "shoulder"
    SHOULDER_BLADE = "shoulder-blade"
    UPPER_BACK = "upper-back"
    CHEST = "chest"
    ARM = "arm"
    HAND = "hand"
    LOWER_BACK = "lower-back"
    BUTTOCK = "buttock"
    ABDOMEN = "abdomen"
    PERINEUM = "perineum"
    LEG = "leg"
    FOOT = "foot"


class Risk(StrEnum):
    """What the emergency box warns of, decided for each treated target (target_risks)."""

    LUNG = "lung"  # a collapsed lung: a lung-risk flag (pleura under the needle)
    HEART = "heart"  # the heart: a point on the breastbone, or a heart flag


@dataclass(frozen=True)
class Condition:
    """When a block applies; every field given must match (a list matches any of its items).

    An empty condition always applies.
    """

    modalities: tuple[Modality, ...] = ()
    areas: tuple[Area, ...] = ()  # any treated area
    flags: tuple[Flag, ...] = ()  # a flag of any treated target
    targets: tuple[str, ...] = ()  # a treated target id ("GB21", "TP:levator-scapulae")
    conditions: tuple[str, ...] = ()  # a condition recorded in the assessment (vocab)
    electro: bool | None = None
    risks: tuple[Risk, ...] = ()  # an emergency risk of any treated target (target_risks)
    unless_conditions: tuple[str, ...] = ()  # none of these conditions recorded

    def applies(self, treated: Treated) -> bool:
        return (
            (not self.modalities or treated.modality in self.modalities)
            and (not self.areas or bool(treated.areas & set(self.areas)))
            and (not self.flags or bool(treated.flags & set(self.flags)))
            and (not self.targets or bool(treated.target_ids & set(self.targets)))
            and (not self.conditions or bool(treated.conditions & set(self.conditions)))
            and (self.electro is None or self.electro == treated.electro)
            and (not self.risks or bool(treated.risks & set(self.risks)))
            and not (treated.conditions & set(self.unless_conditions))
        )


@dataclass(frozen=True)
class Block:
    """One piece of handout content in our own plain words, with when it applies."""

    id: str
    section: SectionKind
    sources: tuple[str, ...]
    title: str = ""
    text: tuple[str, ...] = ()  # paragraphs
    items: tuple[str, ...] = ()  # bullet points
    steps: tuple[str, ...] = ()  # numbered steps (exercises)
    safety: str = ""  # one line set apart under the steps
    when: Condition = field(default_factory=Condition)

    def words(self) -> list[str]:
        """Every patient-facing string of the block."""
        return [s for s in (self.title, *self.text, *self.items, *self.steps, self.safety) if s]


@dataclass(frozen=True)
class Treated:
    """What was done, as block conditions test it."""

    modality: Modality
    electro: bool
    areas: frozenset[Area]
    flags: frozenset[Flag]
    target_ids: frozenset[str]
    conditions: frozenset[str]
    risks: frozenset[Risk] = frozenset()


@dataclass(frozen=True)
class TreatedTarget:
    """A needled target as the diagram and the "What we did" list show it."""

    id: str  # "GB21" or "TP:levator-scapulae"
    code: str  # shown small in brackets: "GB21", "levator scapulae"
    name: str  # descriptive English name
    kind: str  # "point" (acupoint) or "muscle" (trigger-point region)
    side: Side
    area: Area
    flags: tuple[Flag, ...]
    positions: tuple[ChartPosition, ...]  # sided already (right-side ones mirrored)
    view: View  # the view it is shown on
    chart_regions: tuple[str, ...]  # body-chart regions to shade


@dataclass(frozen=True)
class AreaGroup:
    """One line of "What we did today": targets grouped by body area and side."""

    area: Area
    side: Side
    words: str  # "the right side of your neck"
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    kind: SectionKind
    heading: str
    tone: Tone
    blocks: tuple[Block, ...]
    footer: str = ""  # e.g. "Clinic phone: ..." under the blocks


@dataclass(frozen=True)
class Handout:
    title: str
    clinic: ClinicDetails
    patient_name: str
    # dt.date, not date: inside this class `date` names the field.
    date: dt.date
    modality: Modality
    electro: bool
    summary: tuple[str, ...]  # the sentences above the list of areas
    areas: tuple[AreaGroup, ...]
    targets: tuple[TreatedTarget, ...]
    views: tuple[View, ...]  # diagram views to draw, front before back
    sections: tuple[Section, ...]
    next_appointments: tuple[dt.date, ...]
    practitioner_note: str
    practitioner: str
    risks: tuple[Risk, ...] = ()  # what the treated targets risk (the emergency box)

    @property
    def lung_warning(self) -> bool:
        return Risk.LUNG in self.risks and self.section(SectionKind.EMERGENCY) is not None

    @property
    def heart_warning(self) -> bool:
        return Risk.HEART in self.risks and self.section(SectionKind.EMERGENCY) is not None

    def section(self, kind: SectionKind) -> Section | None:
        return next((s for s in self.sections if s.kind is kind), None)

    def patient_text(self) -> str:
        """The generated patient-facing words (no names, codes or dates), one sentence or
        heading per line, each ending in punctuation so readability tools count them apart."""
        parts: list[str] = [self.title, *self.summary]
        parts += [g.words[:1].upper() + g.words[1:] for g in self.areas]
        for s in self.sections:
            parts.append(s.heading)
            for b in s.blocks:
                parts += b.words()
        if self.next_appointments:
            parts.append(NEXT_HEADING)
        return "\n".join(p if p[-1:] in ".!?:" else p + "." for p in parts)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready rendering (for snapshots and for debugging a layout)."""
        return {
            "title": self.title,
            "clinic": {
                "name": self.clinic.name,
                "logo": str(self.clinic.logo) if self.clinic.logo else None,
                "address": self.clinic.address,
                "phone": self.clinic.phone,
                "practitioner": self.clinic.practitioner,
                "emergency_number": self.clinic.emergency_number,
            },
            "patient_name": self.patient_name,
            "date": self.date.isoformat(),
            "modality": str(self.modality),
            "electro": self.electro,
            "summary": list(self.summary),
            "areas": [
                {"area": str(g.area), "side": str(g.side), "words": g.words, "codes": list(g.codes)}
                for g in self.areas
            ],
            "targets": [
                {
                    "id": t.id,
                    "code": t.code,
                    "name": t.name,
                    "kind": t.kind,
                    "side": str(t.side),
                    "area": str(t.area),
                    "flags": [str(f) for f in t.flags],
                    "view": str(t.view),
                    "positions": [[str(p.view), p.x, p.y] for p in t.positions],
                    "chart_regions": list(t.chart_regions),
                }
                for t in self.targets
            ],
            "views": [str(v) for v in self.views],
            "sections": [
                {
                    "kind": str(s.kind),
                    "heading": s.heading,
                    "tone": str(s.tone),
                    "blocks": [b.id for b in s.blocks],
                    "footer": s.footer,
                }
                for s in self.sections
            ],
            "next_appointments": [d.isoformat() for d in self.next_appointments],
            "practitioner_note": self.practitioner_note,
            "practitioner": self.practitioner,
            "risks": [str(r) for r in self.risks],
        }
