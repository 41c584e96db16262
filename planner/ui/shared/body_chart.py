"""The body chart drawn in Qt: front and back side by side, from the domain's BodyChart.

One QGraphicsScene holds both views; each view is a frame item (placed side by side) with
one child group per drawing layer (outline, details, regions, hover, labels, ...), so later
work can add a layer (point markers) or zoom and pan without touching the others. Geometry
stays in the chart's frame units: the scene scales, the data never changes.

Hit-testing asks the domain (ChartView.region_at), the same code the rest of the app uses,
so what the practitioner clicks is exactly what is recorded.

In pain-drawing mode a left click marks the region under the cursor with the current brush
intensity (0-10) and a right click clears it; regions are shaded by intensity.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from enum import IntEnum

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from planner.domain.bodychart import BodyChart, ChartView
from planner.domain.bodychart_paths import Line, PathData, Point
from planner.domain.chart import View
from planner.ui.shared.labels import region_label

GAP = 40.0  # frame units between the front and the back view
CAPTION_SPACE = 34.0  # above the figures, for "Front" / "Back"
OUTLINE_FILL = QColor("#f3eee8")  # as body.svg draws it, so screen and handout agree
OUTLINE_STROKE = QColor("#2b2b2b")
DETAIL_STROKE = QColor("#9a948d")
REGION_EDGE = QColor(120, 120, 120, 110)
HOVER_EDGE = QColor("#1565c0")
HOVER_FILL = QColor(21, 101, 192, 40)
CAPTION_COLOR = QColor("#555555")
# A sequential scale, pale to dark, so intensity reads in greyscale print too.
INTENSITY_STOPS: tuple[tuple[float, QColor], ...] = (
    (1, QColor("#fde9a9")),
    (4, QColor("#f6b25b")),
    (7, QColor("#e0582f")),
    (10, QColor("#8e1b1b")),
)
INTENSITY_MAX = 10


class Layer(IntEnum):
    """Drawing layers, bottom to top (the value is the z-order)."""

    OUTLINE = 0
    DETAILS = 10
    REGIONS = 20
    HOVER = 30
    POINTS = 40  # for point markers (later work)
    LABELS = 50


def intensity_color(intensity: int) -> QColor:
    """The fill for a pain intensity 1-10 (0: transparent)."""
    if intensity <= 0:
        return QColor(0, 0, 0, 0)
    value = float(min(intensity, INTENSITY_MAX))
    for (lo, c1), (hi, c2) in itertools.pairwise(INTENSITY_STOPS):
        if value <= hi:
            t = 0.0 if hi == lo else (max(value, lo) - lo) / (hi - lo)
            return QColor(
                round(c1.red() + (c2.red() - c1.red()) * t),
                round(c1.green() + (c2.green() - c1.green()) * t),
                round(c1.blue() + (c2.blue() - c1.blue()) * t),
                215,
            )
    return INTENSITY_STOPS[-1][1]


def painter_path(data: PathData) -> QPainterPath:
    """The domain's parsed path (absolute lines and cubics) as a QPainterPath."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)  # the domain's hit test is even-odd too
    for sub in data.subpaths:
        path.moveTo(*sub.start)
        for seg in sub.segments:
            if isinstance(seg, Line):
                path.lineTo(*seg.end)
            else:
                path.cubicTo(*seg.c1, *seg.c2, *seg.end)
        if sub.closed:
            path.closeSubpath()
    return path


def _pen(color: QColor, width: float, *, cosmetic: bool = False) -> QPen:
    pen = QPen(color, width)
    pen.setCosmetic(cosmetic)  # cosmetic: the same pixel width at any zoom
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class BodyChartWidget(QGraphicsView):
    # The region under the mouse ("" when none): for a status line or a caption.
    regionHovered = Signal(str)
    # Pain drawing: a region's intensity changed (region, intensity; 0 = cleared).
    painChanged = Signal(str, int)

    def __init__(
        self,
        chart: BodyChart,
        parent: QWidget | None = None,
        *,
        crop: tuple[float, float] | None = None,
    ) -> None:
        """crop: the frame's y range to show (e.g. the upper body), default all of it."""
        super().__init__(parent)
        self.chart = chart
        self._pain_mode = False
        self._brush = 5
        self._intensities: dict[str, int] = {}
        self._hovered: tuple[View, str] | None = None

        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)  # hover arrives through the viewport
        self.setMinimumSize(240, 260)
        self.setAccessibleName("Body chart")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users use the region list

        self.frames: dict[View, QGraphicsRectItem] = {}
        self.layers: dict[tuple[View, Layer], QGraphicsItemGroup] = {}
        self.region_items: dict[tuple[View, str], QGraphicsPathItem] = {}
        self._hover_item: dict[View, QGraphicsPathItem] = {}
        top, bottom = crop if crop is not None else (0.0, max(v.height for v in chart.views))
        self._top = top
        x = 0.0
        for view in (View.FRONT, View.BACK):
            cv = chart.view(view)
            frame = QGraphicsRectItem(0, 0, cv.width, cv.height)
            frame.setPen(QPen(Qt.PenStyle.NoPen))
            frame.setPos(x, 0)
            self.scene().addItem(frame)
            self.frames[view] = frame
            self._draw_view(cv, frame)
            x += cv.width + GAP
        self._visible = QRectF(0, top - CAPTION_SPACE, x - GAP, bottom - top + CAPTION_SPACE)
        self.setSceneRect(self._visible)
        self._update_description()

    # --- drawing --------------------------------------------------------------------------

    def layer(self, view: View, layer: Layer) -> QGraphicsItemGroup:
        """The group that holds one layer of one view (created on first use)."""
        group = self.layers.get((view, layer))
        if group is None:
            group = QGraphicsItemGroup(self.frames[view])
            group.setZValue(int(layer))
            self.layers[(view, layer)] = group
        return group

    def _add(self, view: View, layer: Layer, item: QGraphicsItem) -> None:
        item.setParentItem(self.layer(view, layer))

    def _draw_view(self, cv: ChartView, frame: QGraphicsRectItem) -> None:
        view = cv.view
        for data in cv.outline:
            item = QGraphicsPathItem(painter_path(data))
            item.setBrush(QBrush(OUTLINE_FILL))
            item.setPen(_pen(OUTLINE_STROKE, 1.1))
            self._add(view, Layer.OUTLINE, item)
        for data in cv.details:
            item = QGraphicsPathItem(painter_path(data))
            item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            item.setPen(_pen(DETAIL_STROKE, 0.6))
            self._add(view, Layer.DETAILS, item)
        # Larger regions first, so a smaller one drawn over it stays visible (and the
        # domain's hit test, smallest first, agrees with what is seen on top).
        for name, data in reversed(list(cv.regions.items())):
            item = QGraphicsPathItem(painter_path(data))
            item.setPen(_pen(REGION_EDGE, 0.8, cosmetic=True))
            item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            item.setToolTip(region_label(name))
            item.setData(0, name)
            self._add(view, Layer.REGIONS, item)
            self.region_items[(view, name)] = item
        hover = QGraphicsPathItem()
        hover.setPen(_pen(HOVER_EDGE, 2.0, cosmetic=True))
        hover.setBrush(QBrush(HOVER_FILL))
        hover.hide()
        self._add(view, Layer.HOVER, hover)
        self._hover_item[view] = hover
        self._draw_labels(cv)

    def _draw_labels(self, cv: ChartView) -> None:
        view = cv.view
        caption = QGraphicsSimpleTextItem("Front" if view is View.FRONT else "Back")
        font = QFont(self.font())
        font.setPixelSize(22)
        font.setBold(True)
        caption.setFont(font)
        caption.setBrush(QBrush(CAPTION_COLOR))
        width = caption.boundingRect().width()
        caption.setPos((cv.width - width) / 2, self._top - CAPTION_SPACE + 4)
        self._add(view, Layer.LABELS, caption)
        # The patient's sides: on the front view their right is the viewer's left.
        left_text, right_text = ("R", "L") if view is View.FRONT else ("L", "R")
        side_font = QFont(self.font())
        side_font.setPixelSize(18)
        for text, x in ((left_text, 8.0), (right_text, cv.width - 22.0)):
            item = QGraphicsSimpleTextItem(text)
            item.setFont(side_font)
            item.setBrush(QBrush(CAPTION_COLOR))
            item.setPos(x, self._top - CAPTION_SPACE + 6)
            item.setToolTip("Patient's right" if text == "R" else "Patient's left")
            self._add(view, Layer.LABELS, item)

    def _restyle(self, name: str) -> None:
        intensity = self._intensities.get(name, 0)
        for view in View:
            item = self.region_items.get((view, name))
            if item is None:
                continue
            if intensity > 0:
                item.setBrush(QBrush(intensity_color(intensity)))
                item.setToolTip(f"{region_label(name)}: pain {intensity}/10")
            else:
                item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
                item.setToolTip(region_label(name))
            # Region edges only help where a click does something.
            edge = REGION_EDGE if self._pain_mode or intensity > 0 else QColor(0, 0, 0, 0)
            item.setPen(_pen(edge, 0.8, cosmetic=True))

    # --- geometry -------------------------------------------------------------------------

    def height_for_width(self, width: int) -> int:
        """Tall enough to show the figures at this width, with no empty bands."""
        return max(
            self.minimumHeight(), round(width * self._visible.height() / self._visible.width())
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fitInView(self._visible, Qt.AspectRatioMode.KeepAspectRatio)

    def widget_point(self, view: View, frame_point: Point) -> QPoint:
        """Where a point in a view's frame units appears in this widget (for tests, popups)."""
        scene = self.frames[view].mapToScene(QPointF(*frame_point))
        return self.mapFromScene(scene)

    def hit(self, pos: QPoint) -> tuple[View, str] | None:
        """The view and region under a widget position (None off the regions)."""
        scene = self.mapToScene(pos)
        for view, frame in self.frames.items():
            local = frame.mapFromScene(scene)
            cv = self.chart.view(view)
            if 0 <= local.x() <= cv.width and 0 <= local.y() <= cv.height:
                region = cv.region_at((local.x(), local.y()))
                return (view, region) if region is not None else None
        return None

    # --- pain drawing ---------------------------------------------------------------------

    @property
    def pain_mode(self) -> bool:
        return self._pain_mode

    def set_pain_mode(self, on: bool) -> None:
        self._pain_mode = on
        self.setCursor(Qt.CursorShape.PointingHandCursor if on else Qt.CursorShape.ArrowCursor)
        for name in {n for _, n in self.region_items}:
            self._restyle(name)

    @property
    def brush_intensity(self) -> int:
        return self._brush

    def set_brush_intensity(self, value: int) -> None:
        self._brush = max(1, min(INTENSITY_MAX, value))

    def intensities(self) -> dict[str, int]:
        """Painted regions -> intensity 1-10, in the vocabulary's region ids."""
        return dict(self._intensities)

    def set_intensities(self, values: Mapping[str, int]) -> None:
        """Replace the drawing (no painChanged: the caller knows what it set)."""
        old = set(self._intensities)
        self._intensities = {k: v for k, v in values.items() if v > 0}
        for name in old | set(self._intensities):
            self._restyle(name)
        self._update_description()

    def set_intensity(self, region: str, intensity: int) -> None:
        """Mark one region (0 clears it), as a click would; emits painChanged on a change."""
        intensity = max(0, min(INTENSITY_MAX, intensity))
        if self._intensities.get(region, 0) == intensity:
            return
        if intensity:
            self._intensities[region] = intensity
        else:
            self._intensities.pop(region, None)
        self._restyle(region)
        self._update_description()
        self.painChanged.emit(region, intensity)

    def _update_description(self) -> None:
        painted = ", ".join(
            f"{region_label(name)} {value} of 10"
            for name, value in sorted(self._intensities.items())
        )
        self.setAccessibleDescription(
            f"Front and back views. Pain marked: {painted}." if painted else "No pain marked."
        )

    # --- mouse ----------------------------------------------------------------------------

    def _set_hover(self, hit: tuple[View, str] | None) -> None:
        if hit == self._hovered:
            return
        self._hovered = hit
        for view, item in self._hover_item.items():
            if hit is not None and hit[0] is view:
                item.setPath(self.region_items[hit].path())
                item.show()
            else:
                item.hide()
        self.regionHovered.emit(hit[1] if hit else "")

    def hovered_region(self) -> str:
        return self._hovered[1] if self._hovered else ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self.hit(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position().toPoint())
        if not self._pain_mode or hit is None:
            super().mousePressEvent(event)
            return
        region = hit[1]
        if event.button() == Qt.MouseButton.LeftButton:
            self.set_intensity(region, self._brush)
        elif event.button() == Qt.MouseButton.RightButton:
            self.set_intensity(region, 0)
        self._set_hover(hit)
        event.accept()
