"""The aftercare handout as content: what the patient takes home, decided without a PDF.

build_handout() turns a case (what was needled, on which side, in which areas) and the
shipped content blocks into a Handout: plain-words sections, the treated areas grouped by
body area, the targets with their chart positions for the diagram, and the appointments.
The PDF (planner.pdf) only lays this out; the GUI can preview the same model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.domain.case import Case
from planner.domain.catalog import Acupoint, Catalog, Flag
from planner.domain.chart import ChartPosition, View
from planner.domain.errors import DomainError
from planner.domain.gate import stopping_findings
from planner.domain.plan import Plan
from planner.domain.screening import Finding, Severity, uses_electro
from planner.domain.vocab import Modality, Side

if TYPE_CHECKING:
    from planner.domain.course.recommend import CourseRecommendation


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


# Where each trigger-point muscle is needled (the catalog records where its pain refers to,
# not where it lies). A test keeps this in step with the catalog's trigger regions.
MUSCLE_AREAS: Mapping[str, Area] = {
    "upper-trapezius": Area.SHOULDER,
    "middle-trapezius": Area.UPPER_BACK,
    "lower-trapezius": Area.UPPER_BACK,
    "levator-scapulae": Area.NECK,
    "rhomboids": Area.UPPER_BACK,
    "splenius-capitis": Area.NECK,
    "splenius-cervicis": Area.NECK,
    "suboccipitals": Area.NECK,
    "semispinalis-capitis": Area.NECK,
    "sternocleidomastoid": Area.NECK,
    "scalenes": Area.NECK,
    "supraspinatus": Area.SHOULDER_BLADE,
    "infraspinatus": Area.SHOULDER_BLADE,
    "serratus-posterior-superior": Area.UPPER_BACK,
    "pectoralis-minor": Area.CHEST,
    "teres-major": Area.SHOULDER_BLADE,
    "teres-minor": Area.SHOULDER_BLADE,
}

# Neck points on the front of the neck (the catalog puts the whole neck in one region): by
# the windpipe, on the front edge of the neck muscle, and in the hollow above the collarbone.
FRONT_NECK_POINTS = frozenset({"CV22", "CV23", "ST9", "ST10", "ST11", "ST12", "LI17", "LI18"})

# Points on the breastbone, with the heart behind it (CV17: cardiac tamponade reported).
STERNUM_POINTS = frozenset({"CV16", "CV17", "CV18", "CV19", "CV20", "CV21"})


class Risk(StrEnum):
    """What the emergency box warns of, decided for each treated target (target_risks)."""

    LUNG = "lung"  # a collapsed lung: a lung-risk flag (pleura under the needle)
    HEART = "heart"  # the heart: a point on the breastbone, or a heart flag


def target_risks(target_id: str, flags: Iterable[Flag]) -> frozenset[Risk]:
    """The emergency risks of one treated target: from its flags (any flag naming the lung
    or pleura, or the heart) and, for the heart, from STERNUM_POINTS."""
    values = [str(f) for f in flags]
    risks: set[Risk] = set()
    if any(word in v for v in values for word in ("lung", "pleura")):
        risks.add(Risk.LUNG)
    if target_id in STERNUM_POINTS or any(
        word in v for v in values for word in ("heart", "cardiac", "pericard")
    ):
        risks.add(Risk.HEART)
    return frozenset(risks)


# (one side, both sides, midline) in plain words; "{side}" is "left" or "right".
_AREA_WORDS: Mapping[Area, tuple[str, str, str]] = {
    Area.HEAD: ("the {side} side of your head", "both sides of your head", "the top of your head"),
    Area.FACE: ("the {side} side of your face", "both sides of your face", "your face"),
    Area.NECK: (
        "the {side} side of your neck",
        "both sides of your neck",
        "the back of your neck",
    ),
    Area.FRONT_NECK: (
        "the front of your neck, on the {side}",
        "both sides of the front of your neck",
        "the front of your neck",
    ),
    Area.SHOULDER: (
        "the top of your {side} shoulder",
        "the top of both shoulders",
        "your shoulders",
    ),
    Area.SHOULDER_BLADE: (
        "your {side} shoulder blade",
        "both shoulder blades",
        "between your shoulder blades",
    ),
    Area.UPPER_BACK: (
        "the {side} side of your upper back",
        "both sides of your upper back",
        "the middle of your upper back",
    ),
    Area.CHEST: ("the {side} side of your chest", "both sides of your chest", "your chest"),
    Area.ARM: ("your {side} arm", "both arms", "your arms"),
    Area.HAND: ("your {side} hand", "both hands", "your hands"),
    Area.LOWER_BACK: (
        "the {side} side of your lower back",
        "both sides of your lower back",
        "the middle of your lower back",
    ),
    Area.BUTTOCK: ("your {side} buttock", "both buttocks", "your lower back"),
    Area.ABDOMEN: ("the {side} side of your belly", "your belly", "your belly"),
    Area.PERINEUM: ("your lower body", "your lower body", "your lower body"),
    Area.LEG: ("your {side} leg", "both legs", "your legs"),
    Area.FOOT: ("your {side} foot", "both feet", "your feet"),
}

# Order of the "What we did today" list: top of the body down, trunk before the limbs.
_AREA_ORDER = tuple(Area)
_SIDE_ORDER = (Side.MIDLINE, Side.BOTH, Side.RIGHT, Side.LEFT)

# Body-chart regions (vocab.REGIONS) an area marks; sided ones take "-left"/"-right". The
# chart has no hand region, and shading a whole arm for a hand point would mislead.
_CHART_REGIONS: Mapping[Area, tuple[str, bool]] = {
    Area.HEAD: ("head", False),
    Area.FACE: ("head", False),
    Area.NECK: ("neck", True),
    Area.FRONT_NECK: ("neck", True),
    Area.SHOULDER: ("shoulder", True),
    Area.SHOULDER_BLADE: ("scapula", True),
    Area.UPPER_BACK: ("upper-back", True),
    Area.CHEST: ("chest", True),
    Area.ARM: ("arm", True),
    Area.LOWER_BACK: ("lower-back", False),
}

# The view a target is shown on when the chart has no position for it.
_FRONT_AREAS = frozenset({Area.FACE, Area.FRONT_NECK, Area.CHEST, Area.ABDOMEN})

# Where the emergency box says the needles went (one side, both sides): the part of the body
# over the lung or heart, in words a caller can repeat, and as "What we did today" names
# them. GB21 and the upper trapezius lie on top of the shoulder, over the top of the lung.
PLACES = "{places}"  # the placeholder in a block's words
_PLACE_WORDS: Mapping[Area, tuple[str, str]] = {
    Area.NECK: ("the base of your neck", "the base of your neck"),
    Area.FRONT_NECK: ("the front of your neck", "the front of your neck"),
    Area.SHOULDER: ("the top of your shoulder", "the top of both shoulders"),
    Area.SHOULDER_BLADE: ("your shoulder blade", "your shoulder blades"),
    Area.UPPER_BACK: ("your upper back", "your upper back"),
    Area.CHEST: ("your chest", "your chest"),
}
_STERNUM_WORDS = "the middle of your chest"


# --- content blocks -------------------------------------------------------------------------


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


# --- the handout ----------------------------------------------------------------------------


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


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date, *, weekday: bool = True) -> str:
    """'Tuesday 24 November 2026': month in words, so no reader mixes up day and month.

    Written out here, not with strftime, which follows the computer's locale."""
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


NEXT_HEADING = "Your next visits"
NOTE_HEADING = "A note from your practitioner"
TITLE = "Your aftercare sheet"
DIAGRAM_HEADING = "What we did today"

_MODALITY_WORDS: Mapping[Modality, tuple[str, str]] = {
    Modality.ACUPUNCTURE: (
        "Today you had acupuncture.",
        "We put very fine needles in these places:",
    ),
    Modality.DRY_NEEDLING: (
        "Today you had dry needling.",
        "We used very fine needles to relax tight spots in these muscles:",
    ),
}
_ELECTRO_WORDS = "Some needles were joined to a mild electric current."


class HandoutError(DomainError):
    """The case cannot make a handout (say, nothing was planned)."""


# The course's next dates printed on the sheet; the clinic books the rest.
NEXT_APPOINTMENTS = 4


class NoHandout(StrEnum):
    """Why a case gets no aftercare sheet."""

    # The sheet describes a treatment: with no planned points or muscles there is none.
    NOTHING_PLANNED = "nothing-planned"
    # A red flag (a `refer` finding) not cleared means do not needle, refer on; a sheet
    # would contradict that. Only a clearance recorded with the assessment lifts it.
    RED_FLAG = "red-flag"
    # A block not resolved (planner.domain.gate): the sheet would list it as treated.
    BLOCKED = "blocked"


def why_no_handout(plan: Plan | None, findings: Iterable[Finding]) -> NoHandout | None:
    """Why the case with this plan and these screening findings gets no sheet, or None:
    the safety gate decides (planner.domain.gate)."""
    if plan is None or not (plan.acupoints or plan.trigger_points):
        return NoHandout.NOTHING_PLANNED
    stop = stopping_findings(findings)
    if any(f.severity is Severity.REFER for f in stop):
        return NoHandout.RED_FLAG
    if stop:
        return NoHandout.BLOCKED
    return None


def handout_allowed(plan: Plan | None, findings: Iterable[Finding]) -> bool:
    """True when a sheet may be printed for this plan (see why_no_handout)."""
    return why_no_handout(plan, findings) is None


def next_appointments(
    course: CourseRecommendation | None, after: date, count: int = NEXT_APPOINTMENTS
) -> tuple[date, ...]:
    """The first `count` dates of the course strictly after `after` (none without a course)."""
    if course is None or count <= 0:
        return ()
    return tuple(d for d in course.dates if d > after)[:count]


def build_handout(
    case: Case,
    *,
    catalog: Catalog,
    blocks: Sequence[Block],
    clinic: ClinicDetails,
    today: date,
    next_appointments: Sequence[date] = (),
    practitioner_note: str = "",
    positions: Mapping[str, tuple[ChartPosition, ...]] | None = None,
) -> Handout:
    """The aftercare handout for the plan of `case`, as treated `today`.

    positions, when given, maps target ids to chart positions (bilateral ones on the
    patient's left, as resources/bodychart/positions.json holds them); otherwise the
    catalog's positions are used.
    """
    plan = case.plan
    if plan is None or not (plan.acupoints or plan.trigger_points):
        raise HandoutError("the case has no planned points or muscles: nothing to hand out")
    targets = _treated_targets(plan, catalog, positions)
    electro = uses_electro(plan)
    conditions = case.assessment.conditions if case.assessment else ()
    treated = Treated(
        modality=Modality(plan.modality),
        electro=electro,
        areas=frozenset(t.area for t in targets),
        flags=frozenset(f for t in targets for f in t.flags),
        target_ids=frozenset(t.id for t in targets),
        conditions=frozenset(conditions),
        risks=frozenset(r for t in targets for r in target_risks(t.id, t.flags)),
    )
    summary_first, summary_list = _MODALITY_WORDS[treated.modality]
    summary = (summary_first, *([_ELECTRO_WORDS] if electro else []), summary_list)
    return Handout(
        title=TITLE,
        clinic=clinic,
        patient_name=" ".join(case.patient.name.split()),
        date=today,
        modality=treated.modality,
        electro=electro,
        summary=summary,
        areas=_area_groups(targets),
        targets=targets,
        views=tuple(v for v in View if any(t.view is v for t in targets)),
        sections=_sections(blocks, treated, clinic, targets),
        next_appointments=tuple(sorted({d for d in next_appointments if d >= today})),
        practitioner_note=practitioner_note.strip(),
        practitioner=clinic.practitioner,
        risks=tuple(r for r in Risk if r in treated.risks),
    )


# A few exercises done are worth more than many handed out, and they keep the sheet to
# two pages.
MAX_EXERCISES = 4


def select_blocks(blocks: Iterable[Block], treated: Treated) -> list[Block]:
    """The blocks that apply, keeping the MAX_EXERCISES exercises that match the most
    treated areas (file order breaks ties), in file order."""
    chosen = [b for b in blocks if b.when.applies(treated)]
    exercises = [b for b in chosen if b.steps]

    def relevance(b: Block) -> int:
        return len(treated.areas & set(b.when.areas))

    ranked = sorted(exercises, key=lambda b: -relevance(b))  # stable: file order on ties
    dropped = {b.id for b in ranked[MAX_EXERCISES:]}
    return [b for b in chosen if b.id not in dropped]


def _sections(
    blocks: Sequence[Block],
    treated: Treated,
    clinic: ClinicDetails,
    targets: Sequence[TreatedTarget] = (),
) -> tuple[Section, ...]:
    chosen = [_filled(b, targets) for b in select_blocks(blocks, treated)]
    footers = {
        SectionKind.CALL_CLINIC: f"Call {clinic.name}: {clinic.phone}" if clinic.phone else "",
        SectionKind.EMERGENCY: (
            f"Emergency number: {clinic.emergency_number}" if clinic.emergency_number else ""
        ),
    }
    sections = []
    for kind in SectionKind:
        mine = tuple(b for b in chosen if b.section is kind)
        # An exercise section with only its introduction (no exercise chosen) says nothing.
        wanted = any(b.steps for b in mine) if kind is SectionKind.EXERCISES else bool(mine)
        if wanted:
            sections.append(
                Section(
                    kind,
                    SECTION_HEADINGS[kind],
                    SECTION_TONES.get(kind, Tone.PLAIN),
                    mine,
                    footers.get(kind, ""),
                )
            )
    return tuple(sections)


def risk_places(targets: Iterable[TreatedTarget], risks: Iterable[Risk]) -> tuple[str, ...]:
    """Where the targets with any of `risks` were needled, in plain words, top of the body
    down: ("the base of your neck", "your upper back")."""
    wanted = set(risks)
    sides: dict[Area, set[Side]] = {}
    sternum = False
    for t in targets:
        if not target_risks(t.id, t.flags) & wanted:
            continue
        if t.id in STERNUM_POINTS:
            sternum = True
        else:
            sides.setdefault(t.area, set()).add(t.side)
    words: list[str] = []
    for area in _AREA_ORDER:
        if area in sides:
            word = _place_words(area, sides[area])
        elif area is Area.CHEST and sternum:
            word = _STERNUM_WORDS
        else:
            continue
        if word not in words:
            words.append(word)
    return tuple(words)


def _place_words(area: Area, sides: set[Side]) -> str:
    one_side = len(sides) == 1 and not sides & {Side.BOTH, Side.MIDLINE}
    if area in _PLACE_WORDS:
        return _PLACE_WORDS[area][0 if one_side else 1]
    return area_words(area, next(iter(sides)) if one_side else Side.BOTH)


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _filled(block: Block, targets: Sequence[TreatedTarget]) -> Block:
    """The block with PLACES replaced by where its risks' targets were needled."""
    if not block.when.risks:
        return block
    places = join_words(risk_places(targets, block.when.risks))

    def fill(s: str) -> str:
        return s.replace(PLACES, places)

    return replace(
        block,
        title=fill(block.title),
        text=tuple(map(fill, block.text)),
        items=tuple(map(fill, block.items)),
        steps=tuple(map(fill, block.steps)),
        safety=fill(block.safety),
    )


def _treated_targets(
    plan: Plan, catalog: Catalog, positions: Mapping[str, tuple[ChartPosition, ...]] | None
) -> tuple[TreatedTarget, ...]:
    out: list[TreatedTarget] = []
    for point in plan.acupoints:
        found = catalog.acupoint(point.code)
        side = Side(point.side)
        area = Area.FRONT_NECK if point.code in FRONT_NECK_POINTS else _point_area(found)
        base = positions.get(point.code) if positions is not None else None
        if base is None:
            base = found.positions if found is not None else ()
        out.append(
            _target(
                target_id=point.code,
                code=point.code,
                name=found.english if found is not None else point.code,
                kind="point",
                side=side,
                area=area,
                flags=catalog.target_flags(point.code) if found is not None else (),
                base=base,
            )
        )
    for tp in plan.trigger_points:
        region = catalog.trigger_region(tp.muscle)
        target_id = f"TP:{tp.muscle}"
        base = positions.get(target_id) if positions is not None else None
        if base is None:
            base = region.positions if region is not None else ()
        name = region.name if region is not None else tp.muscle.replace("-", " ").capitalize()
        out.append(
            _target(
                target_id=target_id,
                code=name.split(" (")[0].lower(),
                name=name,
                kind="muscle",
                side=Side(tp.side),
                area=_muscle_area(tp.muscle, getattr(region, "region", None)),
                flags=region.flags if region is not None else (),
                base=base,
            )
        )
    return tuple(out)


def _muscle_area(muscle: str, region: object) -> Area:
    """Our table first (it knows the shoulder blade), then the catalog's region, if any."""
    if muscle in MUSCLE_AREAS:
        return MUSCLE_AREAS[muscle]
    values = {a.value for a in Area}
    value = getattr(region, "value", None)
    return Area(value) if value in values else Area.UPPER_BACK


def _point_area(point: Acupoint | None) -> Area:
    if point is None or point.region is None:
        return Area.UPPER_BACK
    return Area(point.region.value)


def _target(
    *,
    target_id: str,
    code: str,
    name: str,
    kind: str,
    side: Side,
    area: Area,
    flags: tuple[Flag, ...],
    base: tuple[ChartPosition, ...],
) -> TreatedTarget:
    view = View.FRONT if area in _FRONT_AREAS else View.BACK
    if base and not any(p.view is view for p in base):
        view = base[0].view
    shown = [p for p in base if p.view is view]
    sided: list[ChartPosition] = []
    for p in shown:
        midline = abs(p.x - 0.5) < 1e-3
        if midline or side in (Side.LEFT, Side.MIDLINE):
            sided.append(p)
        elif side is Side.RIGHT:
            sided.append(p.mirrored())
        else:
            sided += [p, p.mirrored()]
    return TreatedTarget(
        id=target_id,
        code=code,
        name=name,
        kind=kind,
        side=side,
        area=area,
        flags=tuple(flags),
        positions=tuple(dict.fromkeys(sided)),
        view=view,
        chart_regions=_chart_regions(area, side),
    )


def _chart_regions(area: Area, side: Side) -> tuple[str, ...]:
    found = _CHART_REGIONS.get(area)
    if found is None:
        return ()
    name, sided = found
    if not sided:
        return (name,)
    if side in (Side.LEFT, Side.RIGHT):
        return (f"{name}-{side}",)
    return (f"{name}-left", f"{name}-right")


def area_words(area: Area, side: Side) -> str:
    one, both, midline = _AREA_WORDS[area]
    if side is Side.BOTH:
        return both
    if side is Side.MIDLINE:
        return midline
    return one.format(side=side.value)


def _area_groups(targets: Sequence[TreatedTarget]) -> tuple[AreaGroup, ...]:
    grouped: dict[tuple[Area, Side], list[str]] = {}
    for t in targets:
        codes = grouped.setdefault((t.area, t.side), [])
        if t.code not in codes:
            codes.append(t.code)
    ordered = sorted(grouped, key=lambda k: (_AREA_ORDER.index(k[0]), _SIDE_ORDER.index(k[1])))
    return tuple(
        AreaGroup(area, side, area_words(area, side), tuple(grouped[(area, side)]))
        for area, side in ordered
    )
