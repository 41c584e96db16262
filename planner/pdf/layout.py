"""Two small platypus flowables that lay out the handout: cells side by side, and a tinted box.

They stand in for one-row ReportLab Tables. A Table lays out every flowable in its cells
twice (once to size the row, again to draw it) and builds a style object per cell; these
lay each flowable out once per wrap, exactly as a Table cell stacks them (the first item's
space before and the last one's space after are dropped), and draw where that wrap put them.
Like a one-row Table they never split: one that does not fit moves whole to the next page.

Nothing is cached between wraps: each wrap lays the contents out again for the cells'
widths, and draw() uses the sizes of the last wrap, which platypus always makes just before
drawing (drawing a Columns that was never wrapped is an error, not a guess).

Imported only while a handout is rendered: it imports ReportLab.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus.flowables import Flowable

# A Table's default height for laying out a cell's contents: room to measure, not a limit.
_MEASURE_HEIGHT = 72000.0


@dataclass(frozen=True)
class Rule:
    """A line drawn as a Table's line commands draw it (round caps)."""

    width: float
    color: Any


class Columns(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """One row of cells side by side; each cell is a list of flowables stacked top down.

    widths are the cells' outer widths; pad_left and pad_right (one each per cell) and top and
    bottom are the padding inside them, as in a Table. valign places each cell's contents
    in the row (TOP, BOTTOM or MIDDLE), align places each flowable in its cell (LEFT or
    CENTER). line_below draws a rule along the bottom edge of the row.
    """

    def __init__(
        self,
        cells: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        pad_left: Sequence[float] | None = None,
        pad_right: Sequence[float] | None = None,
        top: float = 0.0,
        bottom: float = 0.0,
        valign: str = "TOP",
        align: str = "LEFT",
        line_below: Rule | None = None,
    ) -> None:
        super().__init__()
        if len(cells) != len(widths):
            raise ValueError(f"{len(cells)} cells but {len(widths)} widths")
        if valign not in ("TOP", "BOTTOM", "MIDDLE") or align not in ("LEFT", "CENTER"):
            raise ValueError(f"valign {valign!r}, align {align!r}")
        n = len(cells)
        self.cells = [list(cell) for cell in cells]
        self.widths = list(widths)
        self.pad_left = list(pad_left) if pad_left is not None else [0.0] * n
        self.pad_right = list(pad_right) if pad_right is not None else [0.0] * n
        if len(self.pad_left) != n or len(self.pad_right) != n:
            raise ValueError("one left and one right padding per cell")
        self.top, self.bottom = top, bottom
        self.valign, self.align = valign, align
        self.line_below = line_below
        # Set by wrap, read by draw: per cell, (content height, [(w, h) of each flowable]).
        self._laid_out: list[tuple[float, list[tuple[float, float]]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        laid_out = []
        canv = getattr(self, "canv", None)  # set by wrapOn; a Table does the same
        for cell, width, left, right in zip(
            self.cells, self.widths, self.pad_left, self.pad_right, strict=True
        ):
            inner = width - left - right
            sizes = [f.wrapOn(canv, inner, _MEASURE_HEIGHT) for f in cell]
            laid_out.append((_stack_height(cell, sizes), sizes))
        self._laid_out = laid_out
        content = max((h for h, _ in laid_out), default=0.0)
        self.width = sum(self.widths)
        self.height = content + self.top + self.bottom
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        return []  # a row moves whole, as a one-row Table does

    def draw(self) -> None:
        self.draw_cells()
        if self.line_below is not None:
            _line(self.canv, self.line_below, 0, 0, self.width, 0)

    def draw_cells(self) -> None:
        if len(self._laid_out) != len(self.cells):
            raise ValueError("a Columns is drawn where its last wrap laid it out: wrap it first")
        canv = self.canv
        x = 0.0
        for cell, width, left, right, (content, sizes) in zip(
            self.cells, self.widths, self.pad_left, self.pad_right, self._laid_out, strict=True
        ):
            if self.valign == "TOP":
                y = self.height - self.top
            elif self.valign == "BOTTOM":
                y = self.bottom + content
            else:
                y = (self.height + self.bottom - self.top + content) / 2
            if cell:
                y += cell[0].getSpaceBefore()
            for f, (w, h) in zip(cell, sizes, strict=True):
                fx = x + left if self.align == "LEFT" else x + (width + left - right - w) / 2
                y -= f.getSpaceBefore() + h
                f.drawOn(canv, fx, y)
                y -= f.getSpaceAfter()
            x += width


class Box(Columns):
    """A single cell filled with a tint, a thin border all round and a thick bar on the left."""

    def __init__(
        self,
        contents: Sequence[Any],
        width: float,
        *,
        fill: Any,
        border: Rule,
        bar: Rule,
        pad_left: float,
        pad_right: float,
        top: float,
        bottom: float,
    ) -> None:
        super().__init__(
            [contents],
            [width],
            pad_left=[pad_left],
            pad_right=[pad_right],
            top=top,
            bottom=bottom,
        )
        self.fill, self.border, self.bar = fill, border, bar

    def draw(self) -> None:
        canv, w, h = self.canv, self.width, self.height
        canv.saveState()
        canv.setFillColor(self.fill)
        canv.rect(0, 0, w, h, stroke=0, fill=1)
        canv.restoreState()
        self.draw_cells()
        # Lines over the contents, in a Table's order: the bar, then the border.
        _line(self.canv, self.bar, 0, 0, 0, h)
        for x0, y0, x1, y1 in ((0, h, w, h), (0, 0, w, 0), (0, 0, 0, h), (w, 0, w, h)):
            _line(self.canv, self.border, x0, y0, x1, y1)


def stack(flowables: Sequence[Any], width: float) -> Columns:
    """Flowables one under another as a single piece that never splits, with the first one's
    space before and the last one's space after around it (as the frame would leave)."""
    column = Columns([flowables], [width])
    if flowables:
        column.spaceBefore = flowables[0].getSpaceBefore()
        column.spaceAfter = flowables[-1].getSpaceAfter()
    return column


def _stack_height(cell: Sequence[Any], sizes: Sequence[tuple[float, float]]) -> float:
    """Height of flowables stacked as in a Table cell: the spaces between them count, the
    first one's space before and the last one's space after do not."""
    if not cell:
        return 0.0
    total = sum(
        h + f.getSpaceBefore() + f.getSpaceAfter() for f, (_, h) in zip(cell, sizes, strict=True)
    )
    return float(total - cell[0].getSpaceBefore() - cell[-1].getSpaceAfter())


def _line(canv: Any, rule: Rule, x0: float, y0: float, x1: float, y1: float) -> None:
    canv.saveState()
    canv.setLineCap(1)
    canv.setLineJoin(1)
    canv.setStrokeColor(rule.color)
    canv.setLineWidth(rule.width)
    canv.line(x0, y0, x1, y1)
    canv.restoreState()
