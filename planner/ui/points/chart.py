"""The body chart with zoom (wheel, keys, fit) and pan (drag), for the marker layer.

Composes the assessment page's BodyChartWidget: its resize behaviour changes (it fits on
every resize; here it fits only at zoom 1), drag-to-pan is switched on, and regions are not
outlined under the pointer (only markers answer it here).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from planner.domain.bodychart import BodyChart
from planner.ui.shared.body_chart import BodyChartWidget

ZOOM_STEP = 1.25
ZOOM_MAX = 16.0


class ZoomableChart(BodyChartWidget):
    # Zoom relative to "fit" (1.0 = the whole figure shows).
    zoomChanged = Signal(float)
    # The visible part moved (pan, zoom, resize): screen positions of markers changed.
    viewportChanged = Signal()

    def __init__(self, chart: BodyChart, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self._zoom = 1.0
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAccessibleName("Body chart with points")
        self.horizontalScrollBar().valueChanged.connect(self.viewportChanged)
        self.verticalScrollBar().valueChanged.connect(self.viewportChanged)

    @property
    def zoom(self) -> float:
        return self._zoom

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        # Not BodyChartWidget's: its region outline under the pointer is for the pain
        # drawing; here a region is not clicked, and the markers' highlight is what counts.
        QGraphicsView.mouseMoveEvent(self, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        QGraphicsView.resizeEvent(self, event)  # not BodyChartWidget's: it always fits
        self._apply(self.mapToScene(self.viewport().rect().center()))

    def _apply(self, center: QPointF) -> None:
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self._zoom != 1.0:
            self.scale(self._zoom, self._zoom)
            self.centerOn(center)
        self.viewportChanged.emit()

    def set_zoom(self, zoom: float, focus: QPointF | None = None) -> None:
        """Zoom to `zoom` x fit, keeping `focus` (scene point; default: the centre) in view."""
        zoom = max(1.0, min(ZOOM_MAX, zoom))
        if abs(zoom - self._zoom) < 1e-6:
            return
        center = focus if focus is not None else self.mapToScene(self.viewport().rect().center())
        self._zoom = zoom
        self._apply(center)
        self.zoomChanged.emit(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def fit(self) -> None:
        self.set_zoom(1.0)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if not steps:
            event.ignore()
            return
        # Keep the point under the mouse under the mouse.
        under = self.mapToScene(event.position().toPoint())
        before = self._zoom
        self.set_zoom(self._zoom * ZOOM_STEP**steps, under)
        if self._zoom != before:
            shift = self.mapToScene(event.position().toPoint()) - under
            self.centerOn(self.mapToScene(self.viewport().rect().center()) - shift)
        event.accept()
