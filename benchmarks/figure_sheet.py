"""A contact sheet of every shipped exercise figure, to look at, and what each costs to draw
(not part of the test run or of `make bench`).

    .venv/bin/python -m benchmarks.figure_sheet OUT.pdf [--qt OUT.png] [--time]
    pdftoppm -png -r 100 OUT.pdf sheet

Each figure is drawn in a 35 mm box as a handout's story draws it (the cached operators), and
once larger through ReportLab's renderer (the Drawing's shapes), with its id. --qt paints the
same scenes with the app's widget into one image; --time prints milliseconds per scene.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BOX = 35 * 72 / 25.4  # points


def sheet(out: Path) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from planner.catalog.figures import load_figures
    from planner.pdf.exercise_figure import exercise_drawing

    figures = load_figures()
    canvas = Canvas(str(out), pagesize=A4)
    width, height = A4
    small, large = BOX, 60 * mm
    cols = 3
    cell_w, cell_h = (width - 20 * mm) / cols, large + small + 14 * mm
    rows = int((height - 20 * mm) // cell_h)
    for n, (ident, scene) in enumerate(figures.items()):
        k = n % (cols * rows)
        if n and k == 0:
            canvas.showPage()
        col, row = k % cols, k // cols
        x = 10 * mm + col * cell_w
        y = height - 10 * mm - (row + 1) * cell_h
        canvas.setFont("Helvetica", 8)
        canvas.drawString(x, y + cell_h - 8, ident)
        canvas.setStrokeColorRGB(0.85, 0.85, 0.85)
        canvas.rect(x, y + small + 4 * mm, large, large)
        renderPDF.draw(exercise_drawing(scene, large), canvas, x, y + small + 4 * mm)
        canvas.rect(x, y, small, small)
        exercise_drawing(scene, small).drawOn(canvas, x, y)
    canvas.save()


def qt_sheet(out: Path, size: int = 200, cols: int = 6) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    from planner.catalog.figures import load_figures
    from planner.ui.shared.exercise_figure import paint_scene

    app = QGuiApplication.instance() or QGuiApplication([])
    figures = list(load_figures().values())
    rows = -(-len(figures) // cols)
    image = QImage(cols * (size + 10), rows * (size + 10), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for n, scene in enumerate(figures):
        x, y = (n % cols) * (size + 10) + 5, (n // cols) * (size + 10) + 5
        painter.setPen(QColor("#dddddd"))
        painter.drawRect(x, y, size, size)
        paint_scene(painter, scene, QRectF(x, y, size, size))
    painter.end()
    image.save(str(out))
    del app


def timings() -> list[tuple[str, float]]:
    """Median milliseconds per scene."""
    from PySide6.QtGui import QGuiApplication
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    from planner.catalog.figures import load_figures
    from planner.domain.figure_draw import draw_scene
    from planner.pdf.exercise_figure import _paths, exercise_drawing, figure_operators
    from planner.ui.shared.exercise_figure import _filled, painted, render_image

    app = QGuiApplication.instance() or QGuiApplication([])
    scenes = list(load_figures().values())
    canvas = Canvas(io.BytesIO())

    def per_scene(work: Callable[[Any], object], clear: Callable[[], None] | None = None) -> float:
        times = []
        for _ in range(15):
            for scene in scenes:
                if clear:
                    clear()
                start = time.perf_counter()
                work(scene)
                times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    def cold_pdf() -> None:
        figure_operators.cache_clear()
        _paths.cache_clear()

    def cold_all() -> None:
        draw_scene.cache_clear()
        cold_pdf()
        _filled.cache_clear()
        painted.cache_clear()

    for scene in scenes:  # warm: imports, fonts, caches
        exercise_drawing(scene, BOX).drawOn(canvas, 0, 0)
        render_image(scene, 132)
    result = [
        ("domain: pose, outlines, fit (uncached)", per_scene(draw_scene, draw_scene.cache_clear)),
        (
            "pdf: in a story, cached",
            per_scene(lambda s: exercise_drawing(s, BOX).drawOn(canvas, 0, 0)),
        ),
        (
            "pdf: in a story, first time",
            per_scene(lambda s: exercise_drawing(s, BOX).drawOn(canvas, 0, 0), cold_pdf),
        ),
        (
            "pdf: renderPDF of the shapes",
            per_scene(lambda s: renderPDF.draw(exercise_drawing(s, BOX), canvas, 0, 0)),
        ),
        ("qt: paint 132 px (35 mm at 96 dpi), cached", per_scene(lambda s: render_image(s, 132))),
        ("qt: paint 300 px, cached", per_scene(lambda s: render_image(s, 300))),
        (
            "qt: paint 132 px, first time",
            per_scene(lambda s: render_image(s, 132), _filled.cache_clear),
        ),
        (
            "everything cold: domain + pdf + qt",
            per_scene(
                lambda s: (exercise_drawing(s, BOX).drawOn(canvas, 0, 0), render_image(s, 132)),
                cold_all,
            ),
        ),
    ]
    del app
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.figure_sheet")
    parser.add_argument("out", type=Path, nargs="?", default=Path("figures.pdf"))
    parser.add_argument("--qt", type=Path, help="also paint the scenes with Qt into this PNG")
    parser.add_argument("--time", action="store_true", help="print milliseconds per scene")
    args = parser.parse_args()
    sheet(args.out)
    if args.qt:
        qt_sheet(args.qt)
    if args.time:
        for name, ms in timings():
            print(f"{name}: {ms:.3f} ms per scene")


if __name__ == "__main__":
    main()
