"""The progress chart: NPRS and PSFS on 0-10 (left), NDI on 0-50 (right), the MCID band
and the review decisions as labelled markers.

QtCharts is imported here, at module level: this module is imported only when the Progress
tab is first shown (planner.ui.progress.build_progress_page), never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from planner.ui.progress.data import Point, Progress

NPRS_COLOR = QColor("#1a5fb4")
PSFS_COLOR = QColor("#2e7d32")
NDI_COLOR = QColor("#c66300")
BAND_COLOR = QColor(26, 95, 180, 40)
# Decision -> (label, colour, marker); the label is drawn next to the marker, never colour only.
DECISIONS: dict[str, tuple[str, QColor, QScatterSeries.MarkerShape]] = {
    "continue": (
        "Continue",
        QColor("#00838f"),
        QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle,
    ),
    "taper": ("Taper", QColor("#2e7d32"), QScatterSeries.MarkerShape.MarkerShapeTriangle),
    "adjust": ("Adjust", QColor("#b58900"), QScatterSeries.MarkerShape.MarkerShapeRectangle),
    "discharge": ("Discharge", QColor("#6a1b9a"), QScatterSeries.MarkerShape.MarkerShapeStar),
    "refer": ("Refer", QColor("#c62828"), QScatterSeries.MarkerShape.MarkerShapePentagon),
}


def _ms(day: date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def _line(name: str, color: QColor, points: Sequence[Point]) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    pen = QPen(color, 2.5)
    series.setPen(pen)
    series.setColor(color)
    series.setPointsVisible(True)
    series.setMarkerSize(8)
    for p in points:
        series.append(_ms(p.day), p.value)
    return series


class ProgressChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setObjectName("progressChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.setBackgroundRoundness(0)
        self.setMinimumHeight(300)
        self.nprs_series: QLineSeries | None = None
        self.ndi_series: QLineSeries | None = None
        self.psfs_series: QLineSeries | None = None
        self.band: QAreaSeries | None = None
        self.review_series: dict[str, QScatterSeries] = {}

    def clear(self) -> None:
        self.chart_.removeAllSeries()
        for axis in self.chart_.axes():
            self.chart_.removeAxis(axis)
        self.nprs_series = self.ndi_series = self.psfs_series = None
        self.band = None
        self.review_series = {}

    def show_progress(self, p: Progress) -> None:
        self.clear()
        days = [pt.day for pt in (*p.nprs, *p.ndi, *p.psfs)]
        days += [r.day for r in p.reviews if r.day is not None]
        if not days:
            self.chart_.setTitle("Nothing to draw yet: no pain, NDI or PSFS recorded")
            return
        self.chart_.setTitle("")
        start, end = min(days) - timedelta(days=3), max(days) + timedelta(days=3)

        x = QDateTimeAxis()
        x.setFormat("d MMM")
        x.setTitleText("Date")
        x.setRange(
            QDateTime(QDate(start.year, start.month, start.day), QTime(0, 0)),
            QDateTime(QDate(end.year, end.month, end.day), QTime(0, 0)),
        )
        x.setTickCount(min(8, max(3, (end - start).days // 7 + 1)))
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
        right.setLinePenColor(NDI_COLOR)
        right.setLabelsColor(NDI_COLOR)
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
            self.band = band
            self._keep = (upper, lower)  # QAreaSeries does not own its edges' Python wrappers
        self.nprs_series = _line("Pain (NPRS)", NPRS_COLOR, p.nprs)
        attach(self.nprs_series, left)
        if p.psfs:
            self.psfs_series = _line("Function (PSFS mean)", PSFS_COLOR, p.psfs)
            attach(self.psfs_series, left)
        if p.ndi:
            self.ndi_series = _line("Disability (NDI, right axis)", NDI_COLOR, p.ndi)
            attach(self.ndi_series, right)
        for action, (label, color, shape) in DECISIONS.items():
            at = [r for r in p.reviews if r.action == action and r.day is not None]
            if not at:
                continue
            series = QScatterSeries()
            series.setName(f"Review: {label}")
            series.setMarkerShape(shape)
            series.setMarkerSize(15)
            series.setColor(color)
            series.setBorderColor(QColor("white"))
            for r in at:
                assert r.day is not None
                series.append(_ms(r.day), r.nprs if r.nprs is not None else 0)
            series.setPointLabelsVisible(True)
            series.setPointLabelsFormat(f"{label}")  # a literal: the decision beside its marker
            series.setPointLabelsColor(color)
            series.setPointLabelsClipping(False)
            attach(series, left)
            self.review_series[action] = series
