"""The progress chart: pain before and after needling, NPRS and PSFS on 0-10 (left), NDI on
0-50 (right), the MCID band and the review decisions as labelled markers.

Series that meet at a point stay apart: each has its own colour, line style and marker shape
(so print and colour-blind eyes tell them apart), and a review is a hollow ring around the
pain score it was decided on. The date axis has a tick on each day something was measured.

QtCharts is imported here, at module level: this module is imported only when the Progress
tab is first shown (planner.ui.progress.build_progress_page), never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCharts import (
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from planner.ui.progress.data import Point, Progress, ReviewPoint

BAND_COLOR = QColor(26, 95, 180, 40)
MARKER_PX = 12
# Fewer ticks than this many days apart would print their labels over each other.
MAX_TICKS = 14


@dataclass(frozen=True)
class Look:
    name: str
    color: QColor
    line: Qt.PenStyle
    marker: str  # "circle", "triangle", "square", "diamond"


NPRS = Look("Pain before needling", QColor("#1a5fb4"), Qt.PenStyle.SolidLine, "circle")
AFTER = Look("Pain after needling", QColor("#7b3fb4"), Qt.PenStyle.DashLine, "triangle")
PSFS = Look("Function (PSFS mean)", QColor("#2e7d32"), Qt.PenStyle.DashDotLine, "square")
NDI = Look("Disability (NDI, right axis)", QColor("#c66300"), Qt.PenStyle.DotLine, "diamond")
# Decision -> (label, colour); the label is drawn next to the marker, never colour only.
DECISIONS: dict[str, tuple[str, QColor]] = {
    "continue": ("Continue", QColor("#00838f")),
    "taper": ("Taper", QColor("#2e7d32")),
    "adjust": ("Adjust", QColor("#b58900")),
    "discharge": ("Discharge", QColor("#6a1b9a")),
    "refer": ("Refer", QColor("#c62828")),
}


def _ms(day: date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def marker_image(shape: str, color: QColor, size: int = MARKER_PX) -> QImage:
    """A filled marker with a white rim, drawn once per series (QXYSeries' light marker)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("white"), 1.2))
    painter.setBrush(QBrush(color))
    inner, mid = size - 2.0, size / 2
    if shape == "circle":
        painter.drawEllipse(QPointF(mid, mid), inner / 2, inner / 2)
    elif shape == "square":
        painter.drawRect(1, 1, size - 2, size - 2)
    else:
        points = (
            [(mid, 1.0), (size - 1.0, size - 1.5), (1.0, size - 1.5)]
            if shape == "triangle"
            else [(mid, 0.5), (size - 0.5, mid), (mid, size - 0.5), (0.5, mid)]
        )
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    painter.end()
    return image


def _line(look: Look, points: Sequence[Point]) -> QLineSeries:
    series = QLineSeries()
    series.setName(look.name)
    series.setPen(QPen(look.color, 2.5, look.line))
    series.setColor(look.color)
    series.setMarkerSize(MARKER_PX)
    series.setLightMarker(marker_image(look.marker, look.color))
    for p in points:
        series.append(_ms(p.day), p.value)
    return series


def date_ticks(days: Sequence[date]) -> list[date]:
    """The days to label, earliest first: every one while they fit, else spread out."""
    if len(days) <= MAX_TICKS:
        return list(days)
    gap = (days[-1] - days[0]) / (MAX_TICKS - 1)
    kept = [days[0]]
    for day in days[1:-1]:
        if day - kept[-1] >= gap and days[-1] - day >= gap / 2:
            kept.append(day)
    return [*kept, days[-1]]


class ProgressChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setObjectName("progressChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.setBackgroundRoundness(0)
        self.setMinimumHeight(300)
        self.nprs_series: QLineSeries | None = None
        self.after_series: QLineSeries | None = None
        self.ndi_series: QLineSeries | None = None
        self.psfs_series: QLineSeries | None = None
        self.band: QAreaSeries | None = None
        self.review_series: dict[str, QScatterSeries] = {}
        self.ticks: list[date] = []

    def clear(self) -> None:
        self.chart_.removeAllSeries()
        for axis in self.chart_.axes():
            self.chart_.removeAxis(axis)
        self.nprs_series = self.after_series = self.ndi_series = self.psfs_series = None
        self.band = None
        self.review_series = {}
        self.ticks = []

    def show_progress(self, p: Progress) -> None:
        self.clear()
        days = p.days()
        if not days:
            self.chart_.setTitle("Nothing to draw yet: no pain, NDI or PSFS recorded")
            return
        self.chart_.setTitle("")
        start, end = days[0] - timedelta(days=3), days[-1] + timedelta(days=3)
        x = self._date_axis(days, start, end)
        left = QValueAxis()
        left.setRange(0, 10)
        left.setTickCount(6)
        left.setLabelFormat("%d")
        left.setTitleText("NPRS, PSFS (0–10)")
        right = QValueAxis()
        right.setRange(0, 50)
        right.setTickCount(6)
        right.setLabelFormat("%d")
        right.setTitleText("NDI (0–50)")
        right.setLinePenColor(NDI.color)
        right.setLabelsColor(NDI.color)
        self.chart_.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(left, Qt.AlignmentFlag.AlignLeft)
        self.chart_.addAxis(right, Qt.AlignmentFlag.AlignRight)

        def attach(series: QXYSeries | QAreaSeries, y: QValueAxis) -> None:
            self.chart_.addSeries(series)
            series.attachAxis(x)
            series.attachAxis(y)

        if p.baseline_nprs is not None and p.band_low is not None:
            upper, lower = QLineSeries(), QLineSeries()
            for day in (start, end):
                upper.append(_ms(day), p.baseline_nprs)
                lower.append(_ms(day), p.band_low)
            band = QAreaSeries(upper, lower)
            band.setName("Not yet a meaningful change")
            band.setBrush(QBrush(BAND_COLOR))
            band.setPen(QPen(Qt.PenStyle.NoPen))
            attach(band, left)
            # "From series" measures an area's label too short and cuts it: a plain swatch.
            for marker in self.chart_.legend().markers(band):
                marker.setShape(QLegend.MarkerShape.MarkerShapeRectangle)
            self.band = band
            self._keep = (upper, lower)  # QAreaSeries does not own its edges' Python wrappers
        self.nprs_series = _line(NPRS, p.nprs)
        attach(self.nprs_series, left)
        if p.nprs_after:
            self.after_series = _line(AFTER, p.nprs_after)
            attach(self.after_series, left)
        if p.psfs:
            self.psfs_series = _line(PSFS, p.psfs)
            attach(self.psfs_series, left)
        if p.ndi:
            self.ndi_series = _line(NDI, p.ndi)
            attach(self.ndi_series, right)
        for action, (label, color) in DECISIONS.items():
            at = [r for r in p.reviews if r.action == action and r.day is not None]
            if at:
                self.review_series[action] = self._reviews(label, color, at)
                attach(self.review_series[action], left)

    def _date_axis(self, days: Sequence[date], start: date, end: date) -> QCategoryAxis:
        """A tick and a label ('24 Nov') on each measured day, with a grid line there."""
        x = QCategoryAxis()
        x.setTitleText("Date")
        x.setRange(_ms(start), _ms(end))
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.ticks = date_ticks(days)
        for day in self.ticks:
            x.append(f"{day.day} {day:%b}", _ms(day))
        return x

    @staticmethod
    def _reviews(label: str, color: QColor, at: Sequence[ReviewPoint]) -> QScatterSeries:
        """Hollow rings around the pain scores the decisions were made on: the score shows."""
        series = QScatterSeries()
        series.setName(f"Review: {label}")
        series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeCircle)
        series.setMarkerSize(22)
        series.setColor(color)
        series.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        series.setPen(QPen(color, 2.5))
        for r in at:
            assert r.day is not None  # only reviews already held are drawn
            series.append(_ms(r.day), r.nprs if r.nprs is not None else 0)
        series.setPointLabelsVisible(True)
        series.setPointLabelsFormat(label)  # a literal: the decision beside its marker
        series.setPointLabelsColor(color)
        series.setPointLabelsClipping(False)
        return series
