"""The flowables of the handout's story below its header: "What we did today" beside the
body diagram, the plain sections, the warning boxes, the exercise cards, the next visits and
the practitioner's note; and the paragraph and colour helpers they share with the page
(planner.pdf.handout). ReportLab is imported on first use, inside each function.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from planner.domain.bodychart import BodyChart
from planner.domain.handout import (
    DIAGRAM_HEADING,
    NEXT_HEADING,
    NOTE_HEADING,
    Block,
    Handout,
    Section,
    Tone,
    long_date,
)
from planner.pdf import styles as st
from planner.pdf.diagram import body_diagram
from planner.pdf.styles import Styles

# Beside the diagram there is room for a short note and a few dates; longer ones go last.
NOTE_BESIDE_MAX, DATES_BESIDE_MAX = 320, 5


def as_markup(text: str) -> str:
    """Plain text as Paragraph markup."""
    return escape(text).replace("\n", "<br/>")


def dates_beside(handout: Handout) -> bool:
    return len(handout.next_appointments) <= DATES_BESIDE_MAX


def note_beside(handout: Handout) -> bool:
    return len(handout.practitioner_note) <= NOTE_BESIDE_MAX


# --- what we did ----------------------------------------------------------------------------


# Of the page's height, the most the text beside the diagram may take; the rest follows
# below at full width, where it splits across pages (300 targets list many codes).
BESIDE_MAX = 0.6


def what_we_did(
    handout: Handout, s: Styles, chart: BodyChart, width: float, height: float
) -> list[Any]:
    from planner.pdf.layout import Columns, stack

    text: list[Any] = [paragraph(as_markup(line), s.body_tight) for line in handout.summary]
    small = s.sizes.small
    for group in handout.areas:
        words = group.words[:1].upper() + group.words[1:]
        codes = ", ".join(group.codes)
        text.append(
            paragraph(
                f"{as_markup(words)} "
                f"<font size={small} color='{st.MUTED}'>({as_markup(codes)})</font>",
                s.bullet,
                bulletText="•",
            )
        )
    if dates_beside(handout) and handout.next_appointments:
        text += appointments(handout, s)
    if note_beside(handout) and handout.practitioner_note:
        text += note(handout, s)
    figure_width = width * 0.4
    max_height = s.sizes.body * 19
    figure = body_diagram(
        handout,
        chart,
        width=figure_width,
        max_height=max_height,
        font=s.regular,
        label_size=s.sizes.label,
        caption_style=s.caption,
    )
    beside, below = _fit_beside(text, width - figure_width - 10, height * BESIDE_MAX)
    table = Columns(
        [beside, figure], [width - figure_width, figure_width], pad_right=[10, 0], top=3, bottom=3
    )
    # The heading and the block under it as one piece, laid out once: a KeepTogether (what
    # the heading's keepWithNext makes) would lay the whole block out twice.
    return [stack([paragraph(as_markup(DIAGRAM_HEADING), s.heading), table], width), *below]


def _fit_beside(flowables: list[Any], width: float, limit: float) -> tuple[list[Any], list[Any]]:
    """The flowables that fit beside the diagram within `limit` points of height, in order,
    and the rest. A typical sheet keeps everything beside it; a plan of hundreds of targets
    would make a block taller than a page, which can neither split nor print."""
    total = 0.0
    for i, flowable in enumerate(flowables):
        _, h = flowable.wrap(width, limit * 100)
        total += h + (flowable.getSpaceBefore() if i else 0.0) + flowable.getSpaceAfter()
        if total > limit:
            return flowables[:i], flowables[i:]
    return flowables, []


# --- sections -------------------------------------------------------------------------------


def _run_in(block: Block, s: Styles) -> list[Any]:
    """'Title. Text' as one paragraph, then any bullet points."""

    out: list[Any] = []
    lead = ""
    if block.title:
        stop = "" if block.title[-1] in ".:?!" else "."
        lead = f"<b>{as_markup(block.title)}{stop}</b> "
    paragraphs = list(block.text) or [""]
    for i, para in enumerate(paragraphs):
        markup = (lead if i == 0 else "") + as_markup(para)
        if markup.strip():
            out.append(paragraph(markup, s.body))
    out += [paragraph(as_markup(item), s.bullet, bulletText="•") for item in block.items]
    return out


def plain_section(section: Section, s: Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether

    flowables: list[Any] = []
    for block in section.blocks:
        flowables += _run_in(block, s)
    # The heading style keeps with the next paragraph, so it never ends a page alone; and
    # the last two items stay together, so no single line starts a page.
    if len(flowables) > 2:
        flowables[-2:] = [KeepTogether(flowables[-2:])]
    return [paragraph(as_markup(section.heading), s.heading), *flowables]


LIST_IN_COLUMNS = 5  # an emergency box lists this many signs or more in two columns


def warning_box(section: Section, s: Styles, width: float) -> list[Any]:
    from planner.pdf.layout import Box, Columns, Rule

    emergency = section.tone is Tone.EMERGENCY
    ink, fill, edge = (
        (st.EMERGENCY_INK, st.EMERGENCY_FILL, st.EMERGENCY_EDGE)
        if emergency
        else (st.CLINIC_INK, st.CLINIC_FILL, st.CLINIC_EDGE)
    )
    heading_style = s.emergency_heading if emergency else s.clinic_heading
    inner: list[Any] = [paragraph(as_markup(section.heading), heading_style)]
    pad = s.sizes.body * 0.7
    inner_width = width - (pad + 2) - pad
    for block in section.blocks:
        inner += [paragraph(as_markup(t), s.body) for t in block.text]
        if block.title:
            inner.append(paragraph(f"<b>{as_markup(block.title)}</b>", s.body_tight))
        bullets = [paragraph(as_markup(i), s.bullet, bulletText="•") for i in block.items]
        if emergency and len(bullets) >= LIST_IN_COLUMNS:
            # A long list of signs in two columns keeps the box, and the sheet, short.
            half = (len(bullets) + 1) // 2
            signs = Columns(
                [bullets[:half], bullets[half:]],
                [inner_width / 2] * 2,
                pad_right=[s.sizes.body, 0.0],
            )
            signs.spaceAfter = s.sizes.body * 0.4
            inner.append(signs)
        else:
            inner += bullets
    if section.footer:
        inner.append(
            paragraph(f"<font color='{ink}'><b>{as_markup(section.footer)}</b></font>", s.body)
        )
    box = Box(
        inner,
        width,
        fill=color(fill),
        border=Rule(0.6, color(edge)),
        bar=Rule(4, color(edge)),
        pad_left=pad + 2,
        pad_right=pad,
        top=pad * 0.8,
        bottom=pad * 0.3,
    )
    box.spaceBefore = s.sizes.body
    box.spaceAfter = s.sizes.body * 0.3
    return [box]  # a box never splits: it moves whole to the next page


def _exercise_card(block: Block, s: Styles) -> list[Any]:

    # Numbered steps as bulleted paragraphs ("1" in bold teal), not a ListFlowable: the same
    # look at a fraction of the layout cost.
    card: list[Any] = [paragraph(as_markup(block.title), s.card_title)]
    card += [
        paragraph(as_markup(step), s.step, bulletText=str(i))
        for i, step in enumerate(block.steps, 1)
    ]
    if block.safety:
        card.append(paragraph(f"<b>Take care:</b> {as_markup(block.safety)}", s.safety))
    return card


def exercises(section: Section, s: Styles, width: float) -> list[Any]:
    from planner.pdf.layout import Columns, Rule

    intro: list[Any] = []
    cards: list[list[Any]] = []
    for block in section.blocks:
        if block.steps:
            cards.append(_exercise_card(block, s))
        else:
            intro += _run_in(block, s)
    columns = 2
    rows = [cards[i : i + columns] for i in range(0, len(cards), columns)]
    rows[-1] += [[]] * (columns - len(rows[-1]))
    gap = s.sizes.body * 1.2
    rule = Rule(0.5, color(st.RULE))
    # A row of two cards moves whole to the next page; a rule between the rows.
    grid = [
        Columns(
            row,
            [width / columns] * columns,
            pad_right=[gap] * columns,
            top=s.sizes.body * 0.4,
            bottom=s.sizes.body * 0.4,
            line_below=rule if i < len(rows) - 1 else None,
        )
        for i, row in enumerate(rows)
    ]
    heading = paragraph(as_markup(section.heading), s.heading)
    return [heading, *intro, *grid]  # the heading style keeps with what follows


def appointments(handout: Handout, s: Styles) -> list[Any]:
    from planner.pdf.layout import Columns, Rule

    rule = Rule(0.5, color(st.RULE))
    rows = [
        Columns(
            [
                [paragraph(as_markup(long_date(d).split(" ", 1)[0]), s.body_tight)],
                [paragraph(as_markup(long_date(d, weekday=False)), s.body_tight)],
            ],
            [s.sizes.body * 9, s.sizes.body * 12],
            pad_right=[6, 6],
            top=3,
            bottom=3,
            valign="BOTTOM",
            line_below=rule,
        )
        for d in handout.next_appointments
    ]
    return [paragraph(as_markup(NEXT_HEADING), s.heading), *rows]


def note(handout: Handout, s: Styles) -> list[Any]:

    parts = [
        paragraph(as_markup(NOTE_HEADING), s.heading),
        paragraph(as_markup(handout.practitioner_note), s.body),
    ]
    if handout.practitioner:
        parts.append(paragraph(f"— {as_markup(handout.practitioner)}", s.safety))
    return parts


def paragraph(text: str, style: Any, **kw: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text, style, **kw)


@cache
def color(value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(value)
