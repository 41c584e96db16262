"""Lays out a domain Handout as a PDF with ReportLab platypus.

A calm page: the clinic's header, the patient's name and the date, "What we did today" beside
the body diagram, the warnings in tinted boxes (emergency red, call-the-clinic amber), the
self-care advice, the exercises as numbered steps, the next visits and the practitioner's
note. All words come from the Handout; nothing here decides content.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from planner.domain.bodychart import BodyChart
from planner.domain.errors import DomainError
from planner.domain.handout import (
    DIAGRAM_HEADING,
    NEXT_HEADING,
    NOTE_HEADING,
    Block,
    Handout,
    Paper,
    Section,
    SectionKind,
    Tone,
    long_date,
)
from planner.pdf import styles as st
from planner.pdf.diagram import body_diagram
from planner.pdf.styles import Styles, make_styles

MM = 72 / 25.4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * MM, 11 * MM, 14 * MM
# Beside the diagram there is room for a short note and a few dates; longer ones go last.
NOTE_BESIDE_MAX, DATES_BESIDE_MAX = 320, 5
LOGO_HEIGHT = 16 * MM
# The most pixels a logo may have (4,000 x 4,000, about 64 MB decoded; as in
# planner.casefile.clinic), and the height it is printed from: 16 mm at 950 dpi.
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_PIXELS_HIGH = 600


class HandoutRenderError(DomainError):
    """Something the user supplied cannot be printed (say, a logo that is not an image)."""


def render_handout(
    handout: Handout,
    *,
    large_print: bool = False,
    paper: Paper | str = Paper.A4,
    chart: BodyChart | None = None,
) -> bytes:
    """The handout as PDF bytes (A4 or Letter; large print sets body text at 14.5 pt)."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from planner.pdf.pdfcanvas import FlateCanvas

    if chart is None:
        from planner.catalog.bodychart import load_body_chart

        chart = load_body_chart()
    styles = make_styles(large_print)
    pagesize = LETTER if Paper(paper) is Paper.LETTER else A4
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        # Only this patient's sheet: no other patient's details ever go in here.
        title=f"{handout.title}: {long_date(handout.date, weekday=False)}",
        author=handout.clinic.name,
        subject=f"Aftercare advice after {_modality_words(handout)}",
        creator="Needleplan",
        producer="Needleplan (ReportLab)",
        invariant=1,  # the same handout gives the same bytes
        # Never fall back on an unembedded base-14 font, even for empty text objects.
        initialFontName=styles.regular,
        initialFontSize=styles.sizes.body,
    )

    def footer(canvas: Any, document: Any) -> None:
        _footer(canvas, document, handout, styles)

    # No frame padding: text, tables and boxes all line up on the page margin.
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    story = _story(handout, styles, chart, doc.width, doc.height)
    # Binary streams, not ASCII85: a quarter smaller and quicker to write (any PDF reader and
    # printer takes them). Set on this document's canvas alone, not process-wide.
    doc.build(story, canvasmaker=FlateCanvas)
    return out.getvalue()


def _modality_words(handout: Handout) -> str:
    return "dry needling" if handout.modality.value == "dry-needling" else "acupuncture"


def _p(text: str) -> str:
    """Plain text as Paragraph markup."""
    return escape(text).replace("\n", "<br/>")


def _story(handout: Handout, s: Styles, chart: BodyChart, width: float, height: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    story: list[Any] = [*_header(handout, s, width)]
    story.append(_para(_p(handout.title), s.title))
    story.append(
        _para(
            f"For <b>{_p(handout.patient_name)}</b>&nbsp;&nbsp;·&nbsp;&nbsp;"
            f"{_p(long_date(handout.date))}",
            s.subtitle,
        )
    )
    story.append(Spacer(1, s.sizes.body * 0.4))
    story += _what_we_did(handout, s, chart, width, height)
    for section in handout.sections:
        if section.tone is Tone.PLAIN and section.kind is not SectionKind.EXERCISES:
            story += _plain_section(section, s)
        elif section.kind is SectionKind.EXERCISES:
            story += _exercises(section, s, width)
        else:
            story += _warning_box(section, s, width)
    if not _dates_beside(handout) and handout.next_appointments:
        story.append(KeepTogether(_appointments(handout, s)))
    if not _note_beside(handout) and handout.practitioner_note:
        story.append(KeepTogether(_note(handout, s)))
    return story


def _dates_beside(handout: Handout) -> bool:
    return len(handout.next_appointments) <= DATES_BESIDE_MAX


def _note_beside(handout: Handout) -> bool:
    return len(handout.practitioner_note) <= NOTE_BESIDE_MAX


# --- header and footer ----------------------------------------------------------------------


def _header(handout: Handout, s: Styles, width: float) -> list[Any]:
    from reportlab.platypus import HRFlowable

    from planner.pdf.layout import Columns

    clinic = handout.clinic
    left: list[Any] = []
    if clinic.logo is not None:
        left.append(_logo(clinic.logo))
    left.append(_para(_p(clinic.name), s.clinic_name))
    address = ", ".join(line.strip() for line in clinic.address.splitlines() if line.strip())
    contact = [f"Phone: {clinic.phone}"] if clinic.phone else []
    contact += [clinic.practitioner] if clinic.practitioner else []
    lines = [line for line in (address, " · ".join(contact)) if line]
    right = [_para(_p(line), s.clinic_line) for line in lines]
    # Bottom-aligned, so the clinic's name and its address sit on one baseline.
    table = Columns([left, right], [width * 0.42, width * 0.58], top=3, bottom=4, valign="BOTTOM")
    rule = HRFlowable(
        width="100%", thickness=1.2, color=_color(st.ACCENT), spaceBefore=2, spaceAfter=10
    )
    return [table, rule]


def _logo(path: Path) -> Any:
    """The clinic's logo, 16 mm high. Its size is read from the header before any pixel is
    decoded: a picture over LOGO_MAX_PIXELS is refused (a 12,000 x 12,000 one took 1.6 GB),
    one taller than LOGO_PIXELS_HIGH is scaled down (the sheet needs no more)."""
    from PIL import Image as Picture
    from reportlab.platypus import Image

    try:
        with Picture.open(path) as picture:  # lazy: the header only
            w, h = picture.size
            if w * h > LOGO_MAX_PIXELS:
                raise HandoutRenderError(
                    f"logo {path}: {w:,} x {h:,} pixels is too large to print; use a picture "
                    f"of at most {LOGO_MAX_PIXELS // 1_000_000} million pixels (such as "
                    "4,000 x 4,000)"
                )
            source: Any = str(path)
            if h > LOGO_PIXELS_HIGH:
                size = (max(1, round(w * LOGO_PIXELS_HIGH / h)), LOGO_PIXELS_HIGH)
                picture.draft(None, size)  # a JPEG decodes at a fraction of its size
                rgb = picture if picture.mode in ("RGB", "RGBA", "L") else picture.convert("RGBA")
                source = io.BytesIO()
                rgb.resize(size, Picture.Resampling.LANCZOS).save(source, "PNG")
                source.seek(0)
    except HandoutRenderError:
        raise
    except Exception as exc:  # PIL and ReportLab raise many kinds for a bad image
        raise HandoutRenderError(f"logo {path}: cannot read the image ({exc})") from None
    scale = LOGO_HEIGHT / h
    logo = Image(source, width=w * scale, height=LOGO_HEIGHT)
    logo.hAlign = "LEFT"
    return logo


def _footer(canvas: Any, doc: Any, handout: Handout, s: Styles) -> None:
    canvas.saveState()
    canvas.setFont(s.regular, s.sizes.small)
    canvas.setFillColor(_color(st.MUTED))
    y = MARGIN_BOTTOM - s.sizes.small * 1.8
    left = f"{handout.patient_name} · {long_date(handout.date, weekday=False)}"
    canvas.drawString(MARGIN_X, y, left)
    canvas.drawRightString(doc.pagesize[0] - MARGIN_X, y, f"Page {doc.page}")
    canvas.restoreState()


# --- what we did ----------------------------------------------------------------------------


# Of the page's height, the most the text beside the diagram may take; the rest follows
# below at full width, where it splits across pages (300 targets list many codes).
BESIDE_MAX = 0.6


def _what_we_did(
    handout: Handout, s: Styles, chart: BodyChart, width: float, height: float
) -> list[Any]:
    from planner.pdf.layout import Columns, stack

    text: list[Any] = [_para(_p(line), s.body_tight) for line in handout.summary]
    small = s.sizes.small
    for group in handout.areas:
        words = group.words[:1].upper() + group.words[1:]
        codes = ", ".join(group.codes)
        text.append(
            _para(
                f"{_p(words)} <font size={small} color='{st.MUTED}'>({_p(codes)})</font>",
                s.bullet,
                bulletText="•",
            )
        )
    if _dates_beside(handout) and handout.next_appointments:
        text += _appointments(handout, s)
    if _note_beside(handout) and handout.practitioner_note:
        text += _note(handout, s)
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
    return [stack([_para(_p(DIAGRAM_HEADING), s.heading), table], width), *below]


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
        lead = f"<b>{_p(block.title)}{stop}</b> "
    paragraphs = list(block.text) or [""]
    for i, para in enumerate(paragraphs):
        markup = (lead if i == 0 else "") + _p(para)
        if markup.strip():
            out.append(_para(markup, s.body))
    out += [_para(_p(item), s.bullet, bulletText="•") for item in block.items]
    return out


def _plain_section(section: Section, s: Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether

    flowables: list[Any] = []
    for block in section.blocks:
        flowables += _run_in(block, s)
    # The heading style keeps with the next paragraph, so it never ends a page alone; and
    # the last two items stay together, so no single line starts a page.
    if len(flowables) > 2:
        flowables[-2:] = [KeepTogether(flowables[-2:])]
    return [_para(_p(section.heading), s.heading), *flowables]


LIST_IN_COLUMNS = 5  # an emergency box lists this many signs or more in two columns


def _warning_box(section: Section, s: Styles, width: float) -> list[Any]:
    from planner.pdf.layout import Box, Columns, Rule

    emergency = section.tone is Tone.EMERGENCY
    ink, fill, edge = (
        (st.EMERGENCY_INK, st.EMERGENCY_FILL, st.EMERGENCY_EDGE)
        if emergency
        else (st.CLINIC_INK, st.CLINIC_FILL, st.CLINIC_EDGE)
    )
    heading_style = s.emergency_heading if emergency else s.clinic_heading
    inner: list[Any] = [_para(_p(section.heading), heading_style)]
    pad = s.sizes.body * 0.7
    inner_width = width - (pad + 2) - pad
    for block in section.blocks:
        inner += [_para(_p(t), s.body) for t in block.text]
        if block.title:
            inner.append(_para(f"<b>{_p(block.title)}</b>", s.body_tight))
        bullets = [_para(_p(i), s.bullet, bulletText="•") for i in block.items]
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
        inner.append(_para(f"<font color='{ink}'><b>{_p(section.footer)}</b></font>", s.body))
    box = Box(
        inner,
        width,
        fill=_color(fill),
        border=Rule(0.6, _color(edge)),
        bar=Rule(4, _color(edge)),
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
    card: list[Any] = [_para(_p(block.title), s.card_title)]
    card += [_para(_p(step), s.step, bulletText=str(i)) for i, step in enumerate(block.steps, 1)]
    if block.safety:
        card.append(_para(f"<b>Take care:</b> {_p(block.safety)}", s.safety))
    return card


def _exercises(section: Section, s: Styles, width: float) -> list[Any]:
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
    rule = Rule(0.5, _color(st.RULE))
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
    heading = _para(_p(section.heading), s.heading)
    return [heading, *intro, *grid]  # the heading style keeps with what follows


def _appointments(handout: Handout, s: Styles) -> list[Any]:
    from planner.pdf.layout import Columns, Rule

    rule = Rule(0.5, _color(st.RULE))
    rows = [
        Columns(
            [
                [_para(_p(long_date(d).split(" ", 1)[0]), s.body_tight)],
                [_para(_p(long_date(d, weekday=False)), s.body_tight)],
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
    return [_para(_p(NEXT_HEADING), s.heading), *rows]


def _note(handout: Handout, s: Styles) -> list[Any]:

    parts = [
        _para(_p(NOTE_HEADING), s.heading),
        _para(_p(handout.practitioner_note), s.body),
    ]
    if handout.practitioner:
        parts.append(_para(f"— {_p(handout.practitioner)}", s.safety))
    return parts


def _para(text: str, style: Any, **kw: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text, style, **kw)


@cache
def _color(value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(value)
