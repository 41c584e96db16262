"""Type sizes, colours and paragraph styles of the handout (normal and large print).

Body text is 12 pt (14.5 pt in large print), as health-literacy guidance asks; only labels
that are not reading text (codes in brackets, the diagram's legend, the page footer) are
smaller, and never below 10 pt (12 pt in large print).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from planner.pdf.fonts import register_fonts

INK = "#1f2933"
MUTED = "#56636d"
ACCENT = "#1d6b66"  # calm teal for headings and rules
RULE = "#c9d3d6"
EMERGENCY_INK, EMERGENCY_FILL, EMERGENCY_EDGE = "#8a1c12", "#fdecea", "#c0392b"
CLINIC_INK, CLINIC_FILL, CLINIC_EDGE = "#6b4200", "#fff4dc", "#d48806"
REGION_FILL = "#bfe3dd"
POINT_MARK = "#1f4e79"
MUSCLE_MARK = "#c8581a"
OUTLINE_FILL, OUTLINE_EDGE, DETAIL_EDGE = "#f4efe9", "#3a3a3a", "#a39d96"


@dataclass(frozen=True)
class Sizes:
    body: float
    leading: float
    heading: float
    title: float
    clinic: float
    small: float
    label: float  # words drawn inside the diagram


NORMAL = Sizes(body=12, leading=14.6, heading=15, title=21, clinic=16, small=10, label=9)
LARGE = Sizes(body=14.5, leading=19, heading=18, title=25, clinic=18, small=12, label=11)


@dataclass(frozen=True)
class Styles:
    sizes: Sizes
    regular: str
    bold: str
    body: Any
    body_tight: Any
    bullet: Any
    step: Any
    heading: Any
    card_title: Any
    title: Any
    subtitle: Any
    clinic_name: Any
    clinic_line: Any
    small: Any
    caption: Any
    safety: Any
    emergency_heading: Any
    clinic_heading: Any


@cache
def make_styles(large_print: bool) -> Styles:
    """Built once per size: styles are read-only once made."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    def c(hex_colour: str) -> Any:
        # Colour objects, not strings: ReportLab would parse a string on every paragraph.
        return HexColor(hex_colour)

    regular, bold = register_fonts()
    s = LARGE if large_print else NORMAL
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=s.body,
        leading=s.leading,
        textColor=c(INK),
        spaceAfter=s.body * 0.3,
        # Bullets in our font and size too (ReportLab's default is 10 pt Helvetica).
        bulletFontName=regular,
        bulletFontSize=s.body,
        allowWidows=0,
        allowOrphans=0,
    )
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontName=bold,
        fontSize=s.heading,
        leading=s.heading * 1.25,
        textColor=c(ACCENT),
        spaceBefore=s.body * 0.75,
        spaceAfter=s.body * 0.35,
        keepWithNext=1,
    )
    return Styles(
        sizes=s,
        regular=regular,
        bold=bold,
        body=body,
        body_tight=ParagraphStyle("body_tight", parent=body, spaceAfter=s.body * 0.2),
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=s.body * 1.3,
            bulletIndent=s.body * 0.3,
            spaceAfter=s.body * 0.15,
        ),
        step=ParagraphStyle(
            "step",
            parent=body,
            leftIndent=s.body * 1.4,
            bulletIndent=0,
            bulletFontName=bold,
            bulletColor=c(ACCENT),
            spaceAfter=s.body * 0.2,
        ),
        heading=heading,
        card_title=ParagraphStyle(
            "card_title", parent=body, fontName=bold, spaceAfter=s.body * 0.2, keepWithNext=1
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=s.title,
            leading=s.title * 1.2,
            textColor=c(INK),
            spaceAfter=s.body * 0.15,
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, textColor=c(MUTED), spaceAfter=0),
        clinic_name=ParagraphStyle(
            "clinic_name",
            parent=body,
            fontName=bold,
            fontSize=s.clinic,
            leading=s.clinic * 1.2,
            textColor=c(ACCENT),
            spaceAfter=0,
        ),
        clinic_line=ParagraphStyle(
            "clinic_line", parent=body, textColor=c(MUTED), alignment=TA_RIGHT, spaceAfter=0
        ),
        small=ParagraphStyle(
            "small",
            parent=body,
            fontSize=s.small,
            leading=s.small * 1.3,
            textColor=c(MUTED),
            spaceAfter=0,
        ),
        caption=ParagraphStyle(
            "caption",
            parent=body,
            fontSize=s.small,
            leading=s.small * 1.3,
            textColor=c(MUTED),
            spaceAfter=0,
            alignment=TA_CENTER,
        ),
        safety=ParagraphStyle(
            "safety", parent=body, textColor=c(MUTED), spaceBefore=s.body * 0.2, spaceAfter=0
        ),
        emergency_heading=ParagraphStyle(
            "emergency_heading", parent=heading, textColor=c(EMERGENCY_INK), spaceBefore=0
        ),
        clinic_heading=ParagraphStyle(
            "clinic_heading", parent=heading, textColor=c(CLINIC_INK), spaceBefore=0
        ),
    )
