"""Which content blocks the sheet carries, and which warnings.

The shipped blocks apply by what was treated (their Condition); the emergency box warns of
the risks of the treated targets and says where those needles went.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from planner.domain.catalog_entries import Flag
from planner.domain.handout.areas import AREA_ORDER, area_words
from planner.domain.handout.model import (
    SECTION_HEADINGS,
    SECTION_TONES,
    Area,
    Block,
    ClinicDetails,
    Risk,
    Section,
    SectionKind,
    Tone,
    Treated,
    TreatedTarget,
)
from planner.domain.vocab import Side

# Points on the breastbone, with the heart behind it (CV17: cardiac tamponade reported).
STERNUM_POINTS = frozenset({"CV16", "CV17", "CV18", "CV19", "CV20", "CV21"})


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


def handout_sections(
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
    for area in AREA_ORDER:
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
