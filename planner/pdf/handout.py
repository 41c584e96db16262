"""Lays out a domain Handout as a PDF with ReportLab platypus.

A calm page: the clinic's header, the patient's name and the date, "What we did today" beside
the body diagram, the warnings in tinted boxes (emergency red, call-the-clinic amber), the
self-care advice, the exercises as numbered steps, the next visits and the practitioner's
note. All words come from the Handout; nothing here decides content.

This module holds the document: its page template, margins, header and footer, and the order
of the story; the flowables of the sections below the header are in planner.pdf.sections.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from planner.domain.bodychart import BodyChart
from planner.domain.errors import DomainError
from planner.domain.handout import Handout, Paper, SectionKind, Tone, long_date
from planner.pdf import styles as st
from planner.pdf.sections import (
    appointments,
    as_markup,
    color,
    dates_beside,
    exercises,
    note,
    note_beside,
    paragraph,
    plain_section,
    warning_box,
    what_we_did,
)
from planner.pdf.styles import Styles, make_styles

MM = 72 / 25.4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * MM, 11 * MM, 14 * MM
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


def _story(handout: Handout, s: Styles, chart: BodyChart, width: float, height: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    story: list[Any] = [*_header(handout, s, width)]
    story.append(paragraph(as_markup(handout.title), s.title))
    story.append(
        paragraph(
            f"For <b>{as_markup(handout.patient_name)}</b>&nbsp;&nbsp;·&nbsp;&nbsp;"
            f"{as_markup(long_date(handout.date))}",
            s.subtitle,
        )
    )
    story.append(Spacer(1, s.sizes.body * 0.4))
    story += what_we_did(handout, s, chart, width, height)
    for section in handout.sections:
        if section.tone is Tone.PLAIN and section.kind is not SectionKind.EXERCISES:
            story += plain_section(section, s)
        elif section.kind is SectionKind.EXERCISES:
            story += exercises(section, s, width)
        else:
            story += warning_box(section, s, width)
    if not dates_beside(handout) and handout.next_appointments:
        story.append(KeepTogether(appointments(handout, s)))
    if not note_beside(handout) and handout.practitioner_note:
        story.append(KeepTogether(note(handout, s)))
    return story


# --- header and footer ----------------------------------------------------------------------


def _header(handout: Handout, s: Styles, width: float) -> list[Any]:
    from reportlab.platypus import HRFlowable

    from planner.pdf.layout import Columns

    clinic = handout.clinic
    left: list[Any] = []
    if clinic.logo is not None:
        left.append(_logo(clinic.logo))
    left.append(paragraph(as_markup(clinic.name), s.clinic_name))
    address = ", ".join(line.strip() for line in clinic.address.splitlines() if line.strip())
    contact = [f"Phone: {clinic.phone}"] if clinic.phone else []
    contact += [clinic.practitioner] if clinic.practitioner else []
    lines = [line for line in (address, " · ".join(contact)) if line]
    right = [paragraph(as_markup(line), s.clinic_line) for line in lines]
    # Bottom-aligned, so the clinic's name and its address sit on one baseline.
    table = Columns([left, right], [width * 0.42, width * 0.58], top=3, bottom=4, valign="BOTTOM")
    rule = HRFlowable(
        width="100%", thickness=1.2, color=color(st.ACCENT), spaceBefore=2, spaceAfter=10
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
    canvas.setFillColor(color(st.MUTED))
    y = MARGIN_BOTTOM - s.sizes.small * 1.8
    left = f"{handout.patient_name} · {long_date(handout.date, weekday=False)}"
    canvas.drawString(MARGIN_X, y, left)
    canvas.drawRightString(doc.pagesize[0] - MARGIN_X, y, f"Page {doc.page}")
    canvas.restoreState()
