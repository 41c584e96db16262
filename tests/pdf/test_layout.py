"""The handout's own flowables (planner.pdf.layout) against the ReportLab Tables they replace.

Columns and Box stand in for one-row Tables: every piece of text must land where the Table
put it (same cell geometry, paddings, vertical and horizontal alignment, spaces between
stacked flowables), a row must move whole to the next page as a one-row Table does, and
each wrap must lay the contents out afresh.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from planner.pdf.layout import Box, Columns, Rule, stack

WIDTH = 480.0
TEXT = "The places we treated may feel sore or have a dull ache for a day or two. " * 2

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=14.6, spaceAfter=3.6)
TIGHT = ParagraphStyle("tight", parent=BODY, spaceBefore=5, spaceAfter=1)
HEADING = ParagraphStyle(
    "heading", parent=BODY, fontName="Helvetica-Bold", fontSize=15, spaceBefore=9, spaceAfter=4
)


class Label(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A fixed-size piece of text, narrower than its cell (to test centring)."""

    def __init__(self, text: str, width: float = 60, height: float = 20) -> None:
        super().__init__()
        self.text, self.width, self.height = text, width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFont("Helvetica", 10)
        self.canv.drawString(0, 2, self.text)


def build(story: list[Any], height: float = 700) -> bytes:
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=(WIDTH + 100, height + 100), invariant=1)
    frame = Frame(50, 50, WIDTH, height, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)  # fmt: skip
    doc.addPageTemplates([PageTemplate(frames=[frame])])
    doc.build(story)
    return out.getvalue()


def positions(pdf: bytes) -> list[tuple[int, str, float, float]]:
    """(page, text, x, y) of every text run, x and y on the page."""
    runs: list[tuple[int, str, float, float]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):

        def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((number, text.strip(), round(x, 2), round(y, 2)))  # noqa: B023

        page.extract_text(visitor_text=visit)
    return runs


def assert_same_places(ours: bytes, table: bytes) -> None:
    a, b = positions(ours), positions(table)
    assert [(p, t) for p, t, _, _ in a] == [(p, t) for p, t, _, _ in b]
    for (_, text, x, y), (_, _, x2, y2) in zip(a, b, strict=True):
        assert (x, y) == pytest.approx((x2, y2), abs=0.01), text


def cells() -> list[list[Any]]:
    """Three cells of different heights: wrapped text with spaces between, a label, none."""
    return [
        [
            Paragraph("Heading <b>one</b>", HEADING),
            Paragraph(TEXT, BODY),
            Paragraph("• " + TEXT[:60], TIGHT),
        ],
        [Paragraph("Short", TIGHT), Label("label")],
        [],
    ]


@pytest.mark.parametrize("valign", ["TOP", "BOTTOM", "MIDDLE"])
@pytest.mark.parametrize("align", ["LEFT", "CENTER"])
def test_columns_put_every_line_where_a_one_row_table_does(valign: str, align: str) -> None:
    widths = [WIDTH * 0.5, WIDTH * 0.3, WIDTH * 0.2]
    left, right, top, bottom = [0, 4, 2], [10, 6, 0], 3.5, 4
    ours = Columns(
        cells(),
        widths,
        pad_left=left,
        pad_right=right,
        top=top,
        bottom=bottom,
        valign=valign,
        align=align,
    )
    table = Table([cells()], colWidths=widths)
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("ALIGN", (0, 0), (-1, -1), align),
    ]
    style += [("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom)]
    for i in range(3):
        style += [("LEFTPADDING", (i, 0), (i, 0), left[i])]
        style += [("RIGHTPADDING", (i, 0), (i, 0), right[i])]
    table.setStyle(TableStyle(style))
    before = [Paragraph("Above", BODY), Spacer(1, 7)]
    after = [Paragraph("Below", BODY)]
    assert_same_places(build([*before, ours, *after]), build([*before, table, *after]))
    assert (ours.width, ours.height) == pytest.approx((table._width, table._height))


def test_nested_columns_and_a_stack_match_nested_tables() -> None:
    def inner() -> list[Any]:
        return [[Paragraph("Friday", BODY)], [Paragraph("27 November 2026", BODY)]]

    def ours() -> Any:
        row = Columns(inner(), [100, 150], pad_right=[6, 6], top=3, bottom=3, valign="BOTTOM")
        text = [Paragraph(TEXT, BODY), Paragraph("Next visits", HEADING), row]
        block = Columns(
            [text, [Label("figure", 150, 200)]], [300, 180], pad_right=[10, 0], top=3, bottom=3
        )
        return stack([Paragraph("What we did today", HEADING), block], WIDTH)

    def tables() -> list[Any]:
        row = Table([inner()], colWidths=[100, 150], hAlign="LEFT")
        row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        text = [Paragraph(TEXT, BODY), Paragraph("Next visits", HEADING), row]
        block = Table([[text, [Label("figure", 150, 200)]]], colWidths=[300, 180])
        block.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), 10),
                    ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ]
            )
        )
        return [Paragraph("What we did today", HEADING), block]

    lead = [Paragraph("Title", BODY)]
    assert_same_places(build([*lead, ours()]), build([*lead, *tables()]))


def test_a_box_puts_its_text_where_a_one_cell_table_does() -> None:
    def contents() -> list[Any]:
        return [Paragraph("Get help now", HEADING), Paragraph(TEXT, BODY), Label("999")]

    edge = HexColor("#c0392b")
    ours = Box(
        contents(),
        WIDTH,
        fill=HexColor("#fdecea"),
        border=Rule(0.6, edge),
        bar=Rule(4, edge),
        pad_left=10.4,
        pad_right=8.4,
        top=6.7,
        bottom=2.5,
    )
    table = Table([[contents()]], colWidths=[WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 10.4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8.4),
                ("TOPPADDING", (0, 0), (-1, -1), 6.7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    for box in (ours, table):
        box.spaceBefore, box.spaceAfter = 12, 3.6
    lead, tail = [Paragraph("Before", BODY)], [Paragraph("After", BODY)]
    assert_same_places(build([*lead, ours, *tail]), build([*lead, table, *tail]))


def test_a_row_that_does_not_fit_moves_whole_to_the_next_page() -> None:
    row = Columns(
        [[Paragraph(TEXT, BODY), Paragraph("left end", BODY)], [Paragraph("right", BODY)]],
        [WIDTH / 2, WIDTH / 2],
    )
    _, h = row.wrap(WIDTH, 700)
    assert row.split(WIDTH, h - 1) == []  # never split, like a one-row Table
    # Leave room for all but the last few points of the row on page 1.
    pdf = build([Spacer(1, 700 - h + 5), row, Paragraph("after", BODY)])
    pages = {text: page for page, text, _, _ in positions(pdf)}
    assert pages["left end"] == pages["right"] == pages["after"] == 2
    assert all(page == 2 for page, *_ in positions(pdf))


def test_each_wrap_lays_the_contents_out_again() -> None:
    para = Paragraph(TEXT, BODY)
    row = Columns([[para]], [WIDTH])
    _, tall = row.wrap(WIDTH, 700)
    # Someone else lays the same paragraph out narrower in between (nothing in the
    # handout does, but the row must not trust a layout it did not make)...
    para.wrap(100, 700)
    # ...and the row's next wrap lays it out for its own cell again.
    assert row.wrap(WIDTH, 700) == (WIDTH, tall)
    assert para.width == WIDTH


def test_a_row_cannot_be_drawn_before_it_is_laid_out() -> None:
    row = Columns([[Paragraph("text", BODY)]], [WIDTH])
    with pytest.raises(ValueError, match="wrap it first"):
        row.draw_cells()


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="widths"):
        Columns([[], []], [10])
    with pytest.raises(ValueError, match="padding"):
        Columns([[], []], [10, 10], pad_left=[0])
    with pytest.raises(ValueError, match="valign"):
        Columns([[]], [10], valign="CENTRE")
