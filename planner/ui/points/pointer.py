"""The pointer over the chart's markers: one rule for hover and click, the nearest centre.

Markers crowd at fit zoom (the upper back holds dozens within a few pixels), so Qt's own
item hit test (the topmost shape under the cursor) would light one marker and add another.
Here the marker whose centre is nearest the pointer, within HIT_RADIUS, is the one lit and
the one a click adds. Nothing moves because of hover: the chart's geometry never depends on
what is hovered (see PointsPageView's hover caption).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip

from planner.ui.points.marker_items import HIT_RADIUS, MarkerItem

if TYPE_CHECKING:
    from planner.ui.points.markers import MarkerLayer

CLICK_SLOP = 4.0  # pixels a press may travel and still count as a click, not a pan


class ChartPointer(QObject):
    """Watches the chart's viewport: lights the nearest marker, adds it on a click."""

    def __init__(self, layer: MarkerLayer) -> None:
        super().__init__(layer)
        self.layer = layer
        self.chart = layer.chart
        self._pressed: tuple[MarkerItem, QPointF] | None = None
        self.chart.viewport().installEventFilter(self)

    def nearest(self, pos: QPointF) -> MarkerItem | None:
        """The visible marker whose centre is nearest this viewport position, if within reach."""
        to_view = self.chart.viewportTransform()
        best: tuple[float, MarkerItem] | None = None
        limit = HIT_RADIUS * HIT_RADIUS
        for items in self.layer.markers.values():
            for item in items:
                if not item.isVisible():
                    continue
                d = to_view.map(item.scenePos()) - pos
                distance = d.x() * d.x() + d.y() * d.y()
                if distance <= limit and (best is None or distance < best[0]):
                    best = (distance, item)
        return best[1] if best else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Leave:
            self._hover(None)
            return False
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            # The nearest marker's name, the one lit (the scene would name the topmost).
            item = self.nearest(QPointF(event.pos()))
            if item is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), item.tip, self.chart.viewport())
            return True
        if not isinstance(event, QMouseEvent):
            return False
        pos = event.position()
        if kind == QEvent.Type.MouseMove:
            if not event.buttons():
                self._hover(self.nearest(pos))
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        # The press and release go on to the view, so a drag that starts on a marker still
        # pans; a release where the press was is a click on the marker pressed.
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            item = self.nearest(pos)
            self._pressed = (item, pos) if item is not None else None
        elif kind == QEvent.Type.MouseButtonRelease and self._pressed is not None:
            item, start = self._pressed
            self._pressed = None
            moved = pos - start
            if abs(moved.x()) <= CLICK_SLOP and abs(moved.y()) <= CLICK_SLOP:
                self.layer.clicked.emit(item.key.target, str(item.key.side))
        return False

    def _hover(self, item: MarkerItem | None) -> None:
        viewport = self.chart.viewport()
        # Over a marker a click adds it; elsewhere a drag pans (the view's open hand).
        hand = Qt.CursorShape.OpenHandCursor if item is None else Qt.CursorShape.PointingHandCursor
        viewport.setCursor(hand)
        self.layer.set_hovered(item.key if item is not None else None)
