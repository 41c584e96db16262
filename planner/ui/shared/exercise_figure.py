"""An exercise's figure drawn with QPainter: the same primitives the handout draws.

planner.domain.figure_draw decides every line, fill and colour in a unit box; this module
only scales that box to the widget (keeping it square and centred) and paints the paths in
order, antialiased, so the app shows exactly what the PDF prints.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.domain.bodychart_paths import Cubic, PathData
from planner.domain.figure_draw import Paint
from planner.domain.figure_scene import Scene

Painted = tuple[QPainterPath, QPen, QBrush]


def painter_path(data: PathData) -> QPainterPath:
    """Path data in box units as a QPainterPath; overlapping outlines fill as one."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for sub in data.subpaths:
        path.moveTo(*sub.start)
        for seg in sub.segments:
            if isinstance(seg, Cubic):
                path.cubicTo(QPointF(*seg.c1), QPointF(*seg.c2), QPointF(*seg.end))
            else:
                path.lineTo(*seg.end)
        if sub.closed:
            path.closeSubpath()
    return path


def _pen(paint: Paint) -> QPen:
    if paint.stroke is None:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(QColor(paint.stroke), paint.width)  # box units: the painter scales it
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _brush(colour: str | None) -> QBrush:
    return QBrush(QColor(colour)) if colour else QBrush(Qt.BrushStyle.NoBrush)


@lru_cache(maxsize=64)
def painted(scene: Scene) -> tuple[Painted, ...]:
    """The scene's primitives as Qt paths, pens and brushes, in drawing order (kept: a
    widget repaints often)."""
    return tuple(
        (painter_path(p.path), _pen(p.paint), _brush(p.paint.fill))
        for p in scene.picture().primitives
    )


@lru_cache(maxsize=64)
def _filled(scene: Scene) -> tuple[tuple[QPainterPath, QBrush], ...]:
    """What `painted` draws, as fills only: each line is outlined once (in box units, which
    the painter only scales), since filling an outline costs Qt far less than stroking a
    wide curved line on every paint."""
    out: list[tuple[QPainterPath, QBrush]] = []
    for (path, pen, brush), prim in zip(painted(scene), scene.picture().primitives, strict=True):
        if prim.paint.fill:
            out.append((path, brush))
        if prim.paint.stroke:
            stroker = QPainterPathStroker(pen)
            out.append((stroker.createStroke(path), _brush(prim.paint.stroke)))
    return tuple(out)


def paint_scene(painter: QPainter, scene: Scene, rect: QRectF) -> None:
    """Draws the scene in the largest square centred in `rect`."""
    side = min(rect.width(), rect.height())
    if side <= 0:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2)
    painter.scale(side, side)
    if scene.picture().clip:
        painter.setClipRect(QRectF(0, 0, 1, 1))
    painter.setPen(Qt.PenStyle.NoPen)
    for path, brush in _filled(scene):
        painter.fillPath(path, brush)
    painter.restore()


def render_image(scene: Scene, size: int, background: QColor | None = None) -> QImage:
    """The scene on a `size` x `size` image (white unless `background` says otherwise)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background or QColor("white"))
    painter = QPainter(image)
    try:
        paint_scene(painter, scene, QRectF(0, 0, size, size))
    finally:
        painter.end()
    return image


class ExerciseFigure(QWidget):
    """Shows one exercise's figure, square, scaled to the widget; empty without a scene."""

    def __init__(self, scene: Scene | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self.setMinimumSize(64, 64)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def scene(self) -> Scene | None:
        return self._scene

    def set_scene(self, scene: Scene | None) -> None:
        self._scene = scene
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._scene is None:
            return
        painter = QPainter(self)
        try:
            paint_scene(painter, self._scene, QRectF(self.rect()))
        finally:
            painter.end()
