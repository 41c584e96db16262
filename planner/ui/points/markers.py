"""The catalog's points and trigger-point regions as markers on the body chart.

Markers and labels ignore the view's transformation, so they keep one screen size at every
zoom: small dots when the whole figure shows, labels only where there is room. The upper
back holds dozens of points within a few pixels at fit zoom, so labels are placed greedily
in screen space (selected and hovered first, then others once zoomed in) and a label that
would cover another label or a dot is moved aside with a leader line, or left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QFont

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, Target
from planner.domain.chart import ChartPosition
from planner.domain.protocol import is_midline_code
from planner.domain.vocab import Side
from planner.ui.points.chart import ZoomableChart
from planner.ui.points.marker_items import (
    LabelItem,
    MarkerItem,
    MarkerKey,
    short_label,
)
from planner.ui.points.pointer import ChartPointer
from planner.ui.shared.body_chart import Layer

LABEL_ZOOM = 3.0  # from this zoom (x fit) unselected markers get labels where they fit


def target_positions(
    target: Target, chart_positions: Mapping[str, tuple[ChartPosition, ...]]
) -> tuple[ChartPosition, ...]:
    """The target's chart positions: its own, else the chart's (Jiaji levels gathered)."""
    if target.positions:
        return target.positions
    found = chart_positions.get(target.target_id, ())
    if not found and isinstance(target, Acupoint) and target.levels:
        found = tuple(
            p for level in target.levels for p in chart_positions.get(f"{target.code}-{level}", ())
        )
    return found


def covers(planned: Side, dot: Side) -> bool:
    """Whether a target planned on `planned` is needled at the dot on side `dot`."""
    if planned is Side.BOTH:
        return True
    return planned is dot


def _candidate_offsets(w: float, h: float, r: float) -> Iterable[tuple[QPointF, bool]]:
    """Where a label may go around its dot, nearest first; True: needs a leader line."""
    gap = r + 3
    yield QPointF(gap, -h / 2), False
    yield QPointF(-gap - w, -h / 2), False
    yield QPointF(-w / 2, -gap - h), False
    yield QPointF(-w / 2, gap), False
    for distance in (22.0, 40.0, 60.0):
        for dy in (0.0, -(h + 2), h + 2, -2 * (h + 2), 2 * (h + 2)):
            yield QPointF(distance, dy - h / 2), True
            yield QPointF(-distance - w, dy - h / 2), True


def _z(item: MarkerItem) -> float:
    """Above the regions and hover outline; selected on top, regions over plain points."""
    return float(Layer.POINTS) + (3 if item.selected else 1 if item.trigger else 0)


class MarkerLayer(QObject):
    """Builds the markers on a ZoomableChart and keeps them in step with the plan."""

    # A marker was clicked: target id and the dot's side ("left", "right", "midline").
    clicked = Signal(str, str)
    hovered = Signal(str)  # target id, "" when the mouse leaves

    def __init__(
        self,
        chart: ZoomableChart,
        catalog: Catalog,
        chart_positions: Mapping[str, tuple[ChartPosition, ...]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.chart = chart
        self.catalog = catalog
        self.markers: dict[MarkerKey, list[MarkerItem]] = {}
        self.labels: dict[MarkerKey, LabelItem] = {}
        self._hovered: MarkerKey | None = None
        self._visible: Callable[[Target], bool] = lambda _t: True
        self.font = QFont(chart.font())
        self.font.setPixelSize(11)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        for target in catalog:
            self._add(target, target_positions(target, chart_positions))
        # Relayout once per burst of changes (a wheel spin emits many).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.relayout)
        chart.viewportChanged.connect(self._timer.start)
        chart.zoomChanged.connect(self._timer.start)
        self.pointer = ChartPointer(self)

    def _add(self, target: Target, positions: tuple[ChartPosition, ...]) -> None:
        midline = is_midline_code(target.target_id)
        for pos in positions:
            if midline or abs(pos.x - 0.5) < 1e-3:
                dots = [(Side.MIDLINE, pos)]
            else:
                dots = [(Side.LEFT, pos), (Side.RIGHT, pos.mirrored())]
            for side, p in dots:
                key = MarkerKey(target.target_id, side)
                items = self.markers.setdefault(key, [])
                item = MarkerItem(self, key, target, first=not items)
                # On the view's frame, not in the layer's QGraphicsItemGroup: a group takes
                # its children's mouse and hover events, and markers need their own.
                item.setParentItem(self.chart.frames[p.view])
                cv = self.chart.chart.view(p.view)
                item.setPos(p.x * cv.width, p.y * cv.height)
                item.setZValue(_z(item))
                items.append(item)

    @staticmethod
    def tooltip(target: Target, side: Side) -> str:
        where = {Side.LEFT: "patient's left", Side.RIGHT: "patient's right"}.get(side, "midline")
        if isinstance(target, Acupoint):
            names = " ".join(n for n in (target.pinyin, target.hanzi) if n)
            english = f" ({target.english})" if target.english else ""
            return f"{target.code} {names}{english} · {where}"
        return f"{target.name} (trigger-point region, {target.muscle}) · {where}"

    # --- state from the plan ----------------------------------------------------------

    def items(self, target: str, side: Side) -> list[MarkerItem]:
        return self.markers.get(MarkerKey(target, side), [])

    def set_planned(
        self, planned: Mapping[str, Iterable[Side]], severity: Mapping[str, str]
    ) -> None:
        """Which targets are in the plan (on which sides) and each one's worst finding."""
        for key, items in self.markers.items():
            sides = list(planned.get(key.target, ()))
            on = any(
                covers(s, key.side) or (s is Side.MIDLINE and key.side is Side.MIDLINE)
                for s in sides
            )
            for item in items:
                changed = item.selected != on or item.severity != (
                    severity.get(key.target) if on else None
                )
                item.selected = on
                item.severity = severity.get(key.target) if on else None
                item.setZValue(_z(item))
                if changed:
                    item.update()
        self._timer.start()

    def set_filter(self, visible: Callable[[Target], bool]) -> None:
        """Show only the markers whose target passes (selected ones always show)."""
        self._visible = visible
        for items in self.markers.values():
            for item in items:
                item.setVisible(item.selected or visible(item.target))
        self._timer.start()

    def hovered_key(self) -> MarkerKey | None:
        return self._hovered

    def set_hovered(self, key: MarkerKey | None) -> None:
        if key == self._hovered:
            return
        for old in self.markers.get(self._hovered, []) if self._hovered else []:
            old.hovered = False
            old.update()
        self._hovered = key
        for new in self.markers.get(key, []) if key else []:
            new.hovered = True
            new.update()
        self.hovered.emit(key.target if key else "")
        self.relayout()

    def flash(self, target: str) -> None:
        """Hover-highlight a target from elsewhere (the library's current row)."""
        side = Side.MIDLINE if is_midline_code(target) else Side.LEFT
        key = MarkerKey(target, side)
        self.set_hovered(key if key in self.markers else None)

    # --- labels ------------------------------------------------------------------------

    def relayout(self) -> None:
        """Place the labels that fit, most important first; hide the rest."""
        view = self.chart
        viewport = QRectF(view.viewport().rect())
        dots: list[QRectF] = []
        wanted: list[tuple[int, MarkerItem]] = []
        zoomed = view.zoom >= LABEL_ZOOM
        for key, items in self.markers.items():
            for item in items:
                if not item.isVisible():
                    continue
                p = QPointF(view.mapFromScene(item.scenePos()))
                if not viewport.contains(p):
                    continue
                r = item.radius
                dots.append(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
                if not item.first:
                    continue
                if key == self._hovered:
                    wanted.append((0, item))
                elif item.selected:
                    wanted.append((1, item))
                elif zoomed:
                    wanted.append((2 + int(item.trigger), item))
        wanted.sort(key=lambda pair: (pair[0], pair[1].scenePos().y(), pair[1].scenePos().x()))
        placed: list[QRectF] = []
        shown: set[MarkerKey] = set()
        for priority, item in wanted:
            p = QPointF(view.mapFromScene(item.scenePos()))
            label = self._label(item, emphasis=priority <= 1)
            w, h = label.size.width(), label.size.height()
            spot = self._free_spot(p, w, h, item.radius, placed, dots, viewport, priority)
            if spot is None:
                continue
            offset, leader = spot
            label.place(offset, leader)
            label.setParentItem(item.parentItem())
            label.setPos(item.pos())
            label.setZValue(float(Layer.LABELS) + 5)
            label.show()
            placed.append(label.rect().translated(p))
            shown.add(item.key)
        for key, label in self.labels.items():
            if key not in shown:
                label.hide()

    def _label(self, item: MarkerItem, emphasis: bool) -> LabelItem:
        label = self.labels.get(item.key)
        text = short_label(item.target)
        if label is None or label.emphasis != emphasis:
            if label is not None and label.scene() is not None:
                label.scene().removeItem(label)
            label = LabelItem(text, self.bold if emphasis else self.font, emphasis)
            self.labels[item.key] = label
        return label

    @staticmethod
    def _free_spot(
        p: QPointF,
        w: float,
        h: float,
        r: float,
        placed: list[QRectF],
        dots: list[QRectF],
        viewport: QRectF,
        priority: int,
    ) -> tuple[QPointF, bool] | None:
        # Optional labels (priority 2+) take only the spots right beside their dot.
        options = list(_candidate_offsets(w, h, r))
        if priority >= 2:
            options = options[:2]
        reach = 80.0 + w  # no candidate lies farther than this from its dot
        dots = [
            d
            for d in dots
            if abs(d.center().x() - p.x()) < reach and abs(d.center().y() - p.y()) < reach
        ]
        placed = [
            o
            for o in placed
            if abs(o.center().x() - p.x()) < reach + o.width()
            and abs(o.center().y() - p.y()) < reach
        ]
        for offset, leader in options:
            rect = QRectF(p + offset, QRectF(0, 0, w, h).size())
            if not viewport.contains(rect):
                continue
            if any(rect.intersects(other) for other in placed):
                continue
            if any(rect.intersects(d) for d in dots):
                continue
            return offset, leader
        return None
