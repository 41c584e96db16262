"""The body diagram on the handout: the app's own chart outline, drawn as PDF vectors.

The figure comes from planner.catalog.bodychart (the same parsed SVG path data the Qt chart
draws): its cubic and line segments become PDF path operators (the static figure and the
treated regions, each formatted once per view and size), and so do the marks, written
straight onto the canvas rather than through ReportLab's graphics renderer, which formats
each number in pure Python. Each view is cropped to the part of the body that was treated
(the upper body, for neck and shoulder work), so the marks are large enough to read, and
clipped so the rest of the figure does not spill out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from planner.domain.bodychart import BodyChart, ChartView
from planner.domain.bodychart_paths import Cubic, PathData
from planner.domain.chart import View
from planner.domain.handout import Handout, TreatedTarget
from planner.pdf import styles as st

_MIN_CROP = 0.42  # always show at least head to waist: a patient needs the whole shape
_PAD = 28.0  # frame units below the lowest mark


@dataclass(frozen=True)
class Crop:
    top: float
    bottom: float  # frame units

    @property
    def height(self) -> float:
        return self.bottom - self.top


def crop_for(view: ChartView, targets: Sequence[TreatedTarget]) -> Crop:
    """From the top of the head to just below the lowest thing marked on this view."""
    lowest = view.height * _MIN_CROP
    for t in targets:
        for name in t.chart_regions:
            lowest = max(lowest, _region_bottom(view, name))
        for p in t.positions:
            if p.view is view.view:
                lowest = max(lowest, _mark_bottom(view, p.x, p.y))
    return Crop(max(0.0, _figure_top(view) - 8), min(view.height, lowest + _PAD))


@lru_cache(maxsize=64)
def _region_bottom(view: ChartView, name: str) -> float:
    path = view.regions.get(name)
    return path.bounds()[3] if path is not None else 0.0


@lru_cache(maxsize=1024)
def _mark_bottom(view: ChartView, x: float, y: float) -> float:
    """A point on the hand shows the whole hand (its region), not half of it."""
    point = (x * view.width, y * view.height)
    region = view.region_at(point)
    return max(point[1], _region_bottom(view, region) if region else 0.0)


@lru_cache(maxsize=8)
def _figure_top(view: ChartView) -> float:
    return min(path.bounds()[1] for path in view.outline)


def view_drawing(
    view: ChartView,
    targets: Sequence[TreatedTarget],
    crop: Crop,
    width: float,
    *,
    font: str,
    label_size: float,
) -> Any:
    """A clipped flowable of one cropped view, `width` points wide."""
    k = width / view.width
    height = crop.height * k
    x0, y0 = 0.0, crop.bottom * k  # frame y=crop.bottom sits on the drawing's bottom edge
    shaded = sorted({name for t in targets if t.view is view.view for name in t.chart_regions})
    tint = "\n".join(region_operators(view, name, crop.top, crop.bottom, width) for name in shaded)
    # Muscle spots first, so a needle point's dot on top of one stays visible.
    marks = [
        (t.kind, x0 + p.x * view.width * k, y0 - p.y * view.height * k)
        for t in sorted(targets, key=lambda t: t.kind == "point")
        for p in t.positions
        if p.view is view.view
    ]
    # Which side is which: on the back view the patient's left is on the viewer's left.
    left_x, right_x = (width - 1, 1.0) if view.view is View.FRONT else (1.0, width - 1)
    labels = [(text, x, x > width / 2) for text, x in (("Left", left_x), ("Right", right_x))]
    under, over = figure_operators(view, crop.top, crop.bottom, width)
    figure_class = _flowable_classes()[0]
    ops = (under, tint, over)
    return figure_class(width, height, ops, marks, max(2.8, width / 48), labels, font, label_size)


@lru_cache(maxsize=256)
def region_operators(view: ChartView, name: str, top: float, bottom: float, width: float) -> str:
    """A treated region's tint as PDF operators ("" if the view does not draw it)."""
    region = view.regions.get(name)
    if region is None:
        return ""
    k = width / view.width
    return f"q {_rgb(st.REGION_FILL)} rg\n{_operators(region, k, bottom * k)} f\nQ"


def _operators(data: PathData, k: float, y0: float) -> str:
    """Path construction operators of `data`: frame (x, y-down) -> PDF (x, y-up) at scale k."""

    def xy(p: tuple[float, float]) -> str:
        return f"{p[0] * k:.1f} {y0 - p[1] * k:.1f}"  # 0.1 pt: finer than print

    out: list[str] = []
    for sub in data.subpaths:
        out.append(f"{xy(sub.start)} m")
        for seg in sub.segments:
            if isinstance(seg, Cubic):
                out.append(f"{xy(seg.c1)} {xy(seg.c2)} {xy(seg.end)} c")
            else:
                out.append(f"{xy(seg.end)} l")
        if sub.closed:
            out.append("h")
    return "\n".join(out)


@lru_cache(maxsize=32)
def figure_operators(view: ChartView, top: float, bottom: float, width: float) -> tuple[str, str]:
    """The figure itself as PDF path operators: (outline fill, details and outline stroke).

    The same few hundred curves on every handout, so they are formatted once per view and
    size and reused (so are the region tints): ReportLab's graphics renderer formats each
    number in pure Python, which made the figure a third of the time of a whole handout.
    The marks and labels, which differ per patient, are ReportLab graphics shapes.
    """
    k = width / view.width
    y0 = bottom * k

    def ops(data: PathData) -> str:
        return _operators(data, k, y0)

    # Details wholly below the crop (knees, feet) are clipped away anyway: leave them out.
    details = [d for d in view.details if d.bounds()[1] < bottom]
    fill = f"q {_rgb(st.OUTLINE_FILL)} rg\n" + "\n".join(ops(o) + " f" for o in view.outline)
    stroke = (
        f"q {_rgb(st.DETAIL_EDGE)} RG 0.5 w 1 J 1 j\n"
        + "\n".join(ops(d) + " S" for d in details)
        + f"\n{_rgb(st.OUTLINE_EDGE)} RG 0.9 w\n"
        + "\n".join(ops(o) + " S" for o in view.outline)
    )
    return fill + "\nQ", stroke + "\nQ"


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return " ".join(f"{int(value[i : i + 2], 16) / 255:.3f}" for i in (0, 2, 4))


@cache
def _hex(value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(value)


_KAPPA = 0.5522847498  # a quarter circle as one cubic Bezier curve


def mark_operators(kind: str, cx: float, cy: float, r: float) -> str:
    """A mark as PDF operators: a needle point is a dot, a trigger-point spot in a muscle is
    a diamond; both edged in white, so that marks side by side stay apart. (Formatted here,
    as the figure is: ReportLab's path methods format each number in pure Python.)"""

    def xy(x: float, y: float) -> str:
        return f"{x:.2f} {y:.2f}"

    if kind == "muscle":
        d = r * 1.25
        path = f"{xy(cx, cy + d)} m {xy(cx + d, cy)} l {xy(cx, cy - d)} l {xy(cx - d, cy)} l h"
        fill = _rgb(st.MUSCLE_MARK)
    else:
        k = r * _KAPPA
        path = (
            f"{xy(cx + r, cy)} m "
            f"{xy(cx + r, cy + k)} {xy(cx + k, cy + r)} {xy(cx, cy + r)} c "
            f"{xy(cx - k, cy + r)} {xy(cx - r, cy + k)} {xy(cx - r, cy)} c "
            f"{xy(cx - r, cy - k)} {xy(cx - k, cy - r)} {xy(cx, cy - r)} c "
            f"{xy(cx + k, cy - r)} {xy(cx + r, cy - k)} {xy(cx + r, cy)} c h"
        )
        fill = _rgb(st.POINT_MARK)
    return f"q {fill} rg 1 1 1 RG 0.8 w {path} B Q"


@cache
def _flowable_classes() -> tuple[type, type]:
    from reportlab.platypus import Flowable

    class FigureFlowable(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """Clips to its own box (the crop hides the legs) and paints the figure's fill, the
        treated regions, the figure's lines, then the marks and the Left/Right labels,
        straight onto the canvas."""

        def __init__(
            self,
            width: float,
            height: float,
            ops: tuple[str, str, str],
            marks: list[tuple[str, float, float]],
            radius: float,
            labels: list[tuple[str, float, bool]],
            font: str,
            label_size: float,
        ) -> None:
            super().__init__()
            self.width, self.height = width, height
            self.under, self.tint, self.over = ops  # fill, treated regions, lines
            self.marks, self.radius = marks, radius  # (kind, x, y)
            self.labels = labels  # (text, x, right-aligned)
            self.font, self.label_size = font, label_size

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            canvas = self.canv
            canvas.saveState()
            box = canvas.beginPath()
            box.rect(0, 0, self.width, self.height)
            canvas.clipPath(box, stroke=0, fill=0)
            canvas.addLiteral(self.under)
            if self.tint:
                canvas.addLiteral(self.tint)
            canvas.addLiteral(self.over)
            r = self.radius
            marks = "\n".join(mark_operators(kind, x, y, r) for kind, x, y in self.marks)
            if marks:
                canvas.addLiteral(marks)
            canvas.setFont(self.font, self.label_size)
            canvas.setFillColor(_hex(st.MUTED))
            y = self.height - self.label_size * 1.2
            for text, x, right_aligned in self.labels:
                if right_aligned:
                    canvas.drawRightString(x, y, text)
                else:
                    canvas.drawString(x, y, text)
            canvas.restoreState()

    class LegendFlowable(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """The key: one line per kind of mark, its symbol then its words."""

        def __init__(
            self, width: float, rows: list[tuple[str, str]], font: str, size: float
        ) -> None:
            super().__init__()
            self.rows, self.font, self.size = rows, font, size
            self.line = size * 1.45
            self.width, self.height = width, self.line * len(rows)

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            canvas, size, n = self.canv, self.size, len(self.rows)
            r = size * 0.32
            cx = r * 1.6
            canvas.saveState()
            symbols = []
            for i, (kind, _) in enumerate(self.rows):
                cy = self.line * (n - i - 0.5)
                if kind == "region":
                    box = f"{cx - r * 1.4:.2f} {cy - r * 1.1:.2f} {r * 2.8:.2f} {r * 2.2:.2f}"
                    symbols.append(f"q {_rgb(st.REGION_FILL)} rg {box} re f Q")
                else:
                    symbols.append(mark_operators(kind, cx, cy, r))
            canvas.addLiteral("\n".join(symbols))
            canvas.setFont(self.font, size)
            canvas.setFillColor(_hex(st.INK))
            for i, (_, text) in enumerate(self.rows):
                cy = self.line * (n - i - 0.5)
                canvas.drawString(cx + r * 2.6, cy - size * 0.35, text)
            canvas.restoreState()

    return FigureFlowable, LegendFlowable


def legend_drawing(width: float, *, font: str, size: float, kinds: set[str]) -> Any:
    """The small key under the figure: only the marks that appear."""
    rows: list[tuple[str, str]] = [("region", "Area we treated")]
    if "point" in kinds:
        rows.append(("point", "Needle point"))
    if "muscle" in kinds:
        rows.append(("muscle", "Tight spot in a muscle"))
    return _flowable_classes()[1](width, rows, font, size)


def body_diagram(
    handout: Handout,
    chart: BodyChart,
    *,
    width: float,
    max_height: float,
    font: str,
    label_size: float,
    caption_style: Any,
) -> list[Any]:
    """Flowables: the treated view(s) side by side with captions, then the legend."""
    from reportlab.platypus import Paragraph

    from planner.pdf.layout import Columns

    views = [chart.view(v) for v in (handout.views or (View.BACK,))]
    crops = [crop_for(v, handout.targets) for v in views]
    gap = 8.0
    per_view = (width - gap * (len(views) - 1)) / len(views)
    for v, c in zip(views, crops, strict=True):  # no taller than max_height
        per_view = min(per_view, max_height * v.width / c.height)
    figures = [
        view_drawing(v, handout.targets, c, per_view, font=font, label_size=label_size)
        for v, c in zip(views, crops, strict=True)
    ]
    captions = [
        Paragraph("Front" if v.view is View.FRONT else "Back", caption_style) for v in views
    ]

    # The views side by side, bottoms aligned, each centred over its caption.
    def row(cells: list[Any]) -> Any:
        n = len(cells)
        return Columns(
            [[cell] for cell in cells],
            [per_view + gap] * n,
            pad_left=[gap / 2] * n,
            pad_right=[gap / 2] * n,
            bottom=2,
            valign="BOTTOM",
            align="CENTER",
        )

    figure_row, caption_row = row(figures), row(captions)
    kinds = {t.kind for t in handout.targets if t.positions}
    legend = legend_drawing(width, font=font, size=caption_style.fontSize, kinds=kinds)
    return [figure_row, caption_row, legend]
