"""The chart's marker and label items: how one dot and one name look and answer the mouse.

MarkerLayer (markers.py) creates them, keeps them in step with the plan and places labels.
Both ignore the view's transformation, so they keep one screen size at every zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from planner.domain.catalog_entries import Acupoint, Target
from planner.domain.vocab import Side

if TYPE_CHECKING:
    from planner.ui.points.markers import MarkerLayer

POINT_COLOR = QColor("#455a64")
TRIGGER_COLOR = QColor("#7b1fa2")
SELECTED_COLOR = QColor("#1565c0")
HOVER_COLOR = QColor("#ff6f00")
# Rings by severity: the same hues as the screening cards (planner.ui.shared.findings_view).
SEVERITY_RING: dict[str, QColor] = {
    "refer": QColor("#c62828"),
    "block": QColor("#b34700"),
    "caution": QColor("#f2b600"),
    "info": QColor("#6b6b6b"),
}
DOT_RADIUS = 3.0  # pixels, at any zoom
SELECTED_RADIUS = 5.5
# A click within this many pixels of a centre takes the nearest marker (ChartPointer), so
# a small dot is still an easy target at fit zoom.
HIT_RADIUS = 11.0
LABEL_PAD = 2.0


@dataclass(frozen=True)
class MarkerKey:
    target: str  # "GB21", "TP:levator-scapulae"
    side: Side  # LEFT, RIGHT or MIDLINE: which dot of the target


def short_label(target: Target) -> str:
    if isinstance(target, Acupoint):
        return target.code
    return target.name.removesuffix(" muscle")


class MarkerItem(QGraphicsItem):
    def __init__(self, layer: MarkerLayer, key: MarkerKey, target: Target, first: bool) -> None:
        super().__init__()
        self.layer = layer
        self.key = key
        self.target = target
        self.first = first  # the dot that carries the label (Jiaji has 17 per side)
        self.trigger = not isinstance(target, Acupoint)
        self.selected = False
        self.hovered = False
        self.severity: str | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        # The pointer is ChartPointer's: hover and click both go to the nearest centre.
        self.setAcceptHoverEvents(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.tip = layer.tooltip(target, key.side)  # ChartPointer shows the nearest one's

    @property
    def radius(self) -> float:
        base = SELECTED_RADIUS if self.selected else DOT_RADIUS
        return base + (1.5 if self.trigger else 0.0) + (1.0 if self.hovered else 0.0)

    def boundingRect(self) -> QRectF:
        r = SELECTED_RADIUS + 7  # a selected, hovered region's diamond with its ring
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.radius
        # One ring per target side: Jiaji's 17 levels in a column would merge into a bar.
        if self.severity is not None and self.first:
            ring = QPen(SEVERITY_RING.get(self.severity, SEVERITY_RING["info"]), 2.4)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 2.8, r + 2.8)
        color = SELECTED_COLOR if self.selected else TRIGGER_COLOR if self.trigger else POINT_COLOR
        if self.hovered:
            color = HOVER_COLOR
        fill = QColor(color)
        if not self.selected and self.trigger:
            fill.setAlpha(150)
        painter.setBrush(QBrush(fill))
        painter.setPen(QPen(QColor("#ffffff"), 1.2 if self.selected else 0.7))
        if self.trigger:
            diamond = QPainterPath()
            diamond.moveTo(0, -r)
            diamond.lineTo(r, 0)
            diamond.lineTo(0, r)
            diamond.lineTo(-r, 0)
            diamond.closeSubpath()
            painter.drawPath(diamond)
        else:
            painter.drawEllipse(QPointF(0, 0), r, r)


class LabelItem(QGraphicsItem):
    """A marker's name at a pixel offset from it, with a leader line when moved aside."""

    def __init__(self, text: str, font: QFont, emphasis: bool) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.emphasis = emphasis
        metrics = QFontMetricsF(font)
        self.size = QRectF(
            0, 0, metrics.horizontalAdvance(text) + 2 * LABEL_PAD + 2, metrics.height()
        )
        self.offset = QPointF(6, -self.size.height() / 2)
        self.leader = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach the markers
        self.setAcceptHoverEvents(False)

    def place(self, offset: QPointF, leader: bool) -> None:
        self.prepareGeometryChange()
        self.offset = offset
        self.leader = leader

    def rect(self) -> QRectF:
        return self.size.translated(self.offset)

    def boundingRect(self) -> QRectF:
        return self.rect().united(QRectF(-1, -1, 2, 2)).adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect()
        if self.leader:
            painter.setPen(QPen(QColor(60, 60, 60, 170), 0.9))
            end = QPointF(rect.left() if rect.left() > 0 else rect.right(), rect.center().y())
            painter.drawLine(QPointF(0, 0), end)
        painter.setPen(QPen(QColor(0, 0, 0, 60), 0.6))
        background = QColor("#e3f2fd") if self.emphasis else QColor(255, 255, 255, 225)
        painter.setBrush(QBrush(background))
        painter.drawRoundedRect(rect, 3, 3)
        painter.setFont(self.font)
        painter.setPen(QPen(QColor("#0d3c78") if self.emphasis else QColor("#212121")))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)
