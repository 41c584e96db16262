"""The exercise figure in the app: the widget paints every scene, where the domain says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from planner.catalog.figures import load_figures
from planner.domain.bodychart_paths import Cubic, Line, cubic_point
from planner.domain.figure_draw import Role, draw_scene
from planner.ui.shared.exercise_figure import ExerciseFigure, paint_scene, painted, render_image

SHIPPED = load_figures()
SIZE = 200


def ink_box(image: QImage, darker_than: int = 120) -> tuple[int, int, int, int] | None:
    """The bounding box (x0, y0, x1, y1) of the pixels darker than `darker_than`: the end
    pose and the arrows (the faded start and the props are lighter)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, stride = grey.width(), grey.bytesPerLine()
    data = bytes(grey.constBits())
    xs: list[int] = []
    ys: list[int] = []
    for y in range(grey.height()):
        row = data[y * stride : y * stride + width]
        dark = [x for x, v in enumerate(row) if v < darker_than]
        if dark:
            xs += (dark[0], dark[-1])
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def on_curve(seg: Line | Cubic, steps: int = 64) -> list[tuple[float, float]]:
    if isinstance(seg, Cubic):
        return [cubic_point(seg, t / steps) for t in range(steps + 1)]
    (x0, y0), (x1, y1) = seg.start, seg.end
    return [(x0 + (x1 - x0) * t / steps, y0 + (y1 - y0) * t / steps) for t in range(steps + 1)]


def expected_box(ident: str) -> tuple[float, float, float, float]:
    """Where the domain put the end pose and the arrows, in pixels."""
    points = [
        p
        for prim in draw_scene(SHIPPED[ident]).primitives
        if prim.role in (Role.FIGURE, Role.ARROW)
        for sp in prim.path.subpaths
        for seg in sp.segments
        for p in on_curve(seg)
    ]
    shown = [(x * SIZE, y * SIZE) for x, y in points if y <= 1]  # a cut figure's rest is clipped
    xs, ys = [x for x, _ in shown], [y for _, y in shown]
    return min(xs), min(ys), max(xs), min(max(ys), SIZE - 1)


@pytest.mark.parametrize("ident", sorted(SHIPPED))
def test_a_scene_paints_inside_its_box_where_the_domain_puts_it(ident: str) -> None:
    image = render_image(SHIPPED[ident], SIZE)
    box = ink_box(image)
    assert box is not None, "nothing drawn"
    x0, y0, x1, y1 = box
    ex0, ey0, ex1, ey1 = expected_box(ident)
    slack = 4  # the line's half width and antialiasing, in pixels
    assert ex0 - slack <= x0 <= ex0 + slack
    assert ey0 - slack <= y0 <= ey0 + slack
    assert ex1 - slack <= x1 <= ex1 + slack
    assert ey1 - slack <= y1 <= ey1 + slack
    if SHIPPED[ident].crop is None:  # a whole figure keeps clear of the edges
        assert x0 > 0
        assert x1 < SIZE - 1
        assert y0 > 0
        assert y1 < SIZE - 1


def test_the_widget_paints_every_scene(qtbot: QtBot) -> None:
    widget = ExerciseFigure()
    qtbot.addWidget(widget)
    widget.resize(180, 240)  # taller than wide: the figure stays square, centred
    widget.show()
    qtbot.waitExposed(widget)
    blank = widget.grab().toImage()
    assert ink_box(blank) is None
    for scene in SHIPPED.values():
        widget.set_scene(scene)
        image = widget.grab().toImage()
        box = ink_box(image)
        assert box is not None
        x0, y0, x1, y1 = box
        assert x0 >= 0
        assert x1 < 180
        top = (240 - 180) / 2
        assert top - 1 <= y0
        assert y1 <= top + 180


def test_the_widget_keeps_its_figure_square() -> None:
    widget = ExerciseFigure(SHIPPED["chin-tuck"])
    assert widget.hasHeightForWidth()
    assert widget.heightForWidth(150) == 150
    assert widget.scene() is SHIPPED["chin-tuck"]


def test_the_app_draws_the_primitives_the_pdf_draws() -> None:
    for scene in SHIPPED.values():
        primitives = draw_scene(scene).primitives
        qt = painted(scene)
        assert len(qt) == len(primitives)
        for (_, pen, brush), prim in zip(qt, primitives, strict=True):
            if prim.paint.stroke:
                assert pen.color().name() == prim.paint.stroke
                assert pen.widthF() == pytest.approx(prim.paint.width)
            if prim.paint.fill:
                assert brush.color().name() == prim.paint.fill


def test_a_cut_figure_is_clipped_at_the_box_edge() -> None:
    scene = SHIPPED["chin-tuck"]
    assert scene.crop is not None
    image = render_image(scene, SIZE, QColor("#ff00ff"))
    # Painted on magenta: outside the box nothing is drawn.
    big = QImage(SIZE + 40, SIZE + 40, QImage.Format.Format_ARGB32_Premultiplied)
    big.fill(QColor("#ff00ff"))
    painter = QPainter(big)
    paint_scene(painter, scene, QRectF(20, 20, SIZE, SIZE))
    painter.end()
    for x in range(big.width()):
        assert QColor(big.pixel(x, SIZE + 30)).name() == "#ff00ff"  # below the box
    assert QColor(image.pixel(SIZE // 2, SIZE - 2)).name() != "#ff00ff"  # the trunk, cut
