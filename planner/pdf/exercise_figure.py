"""An exercise's figure as a ReportLab Drawing: vector paths, no image.

It draws exactly the primitives of planner.domain.figure_draw (the Qt widget draws the same
ones), scaled to the box and flipped to PDF's y-up. The Drawing holds them as
reportlab.graphics Path shapes (for renderPDF, SVG, inspection), built when first asked
for; placed in a platypus story it writes the same paths as PDF operators formatted once
per scene and size: ReportLab's renderer formats every number in pure Python, which would
cost milliseconds per figure on every handout (planner.pdf.diagram does the same for the
body chart). `draw_figure` puts the operators on a canvas for a hand-made flowable.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from planner.domain.bodychart_paths import Cubic
from planner.domain.figure_draw import Paint
from planner.domain.figure_scene import Scene

_Shape = tuple[tuple[float, ...], tuple[int, ...], Paint]  # points, operators, paint
# ReportLab's path operators, and what each is in a PDF content stream.
_MOVE, _LINE, _CURVE, _CLOSE = 0, 1, 2, 3
_PDF_OPS = {_MOVE: (2, "m"), _LINE: (2, "l"), _CURVE: (6, "c"), _CLOSE: (0, "h")}


def exercise_drawing(scene: Scene, size: float) -> Any:
    """A `size` x `size` point Drawing of the scene (about 99 pt for a 35 mm box)."""
    return _drawing_class()(scene, size)


def draw_figure(canvas: Any, scene: Scene, x: float, y: float, size: float) -> None:
    """The scene drawn on a canvas with its lower left corner at (x, y)."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.addLiteral(figure_operators(scene, size))
    canvas.restoreState()


@lru_cache(maxsize=128)
def figure_operators(scene: Scene, size: float) -> str:
    """The whole figure as PDF content-stream operators, in a q ... Q block."""
    out = ["q 1 J 1 j"]
    if scene.picture().clip:
        out.append(f"0 0 {size:.2f} {size:.2f} re W n")
    for points, operators, paint in _paths(scene, size):
        style = []
        if paint.fill:
            style.append(f"{_rgb(paint.fill)} rg")
        if paint.stroke:
            style.append(f"{_rgb(paint.stroke)} RG {paint.width * size:.2f} w")
        words: list[str] = []
        i = 0
        for op in operators:
            n, name = _PDF_OPS[op]
            words.extend(f"{v:.2f}" for v in points[i : i + n])
            words.append(name)
            i += n
        paint_op = "B" if paint.fill and paint.stroke else "f" if paint.fill else "S"
        out.append(f"{' '.join(style)} {' '.join(words)} {paint_op}")
    out.append("Q")
    return "\n".join(out)


@lru_cache(maxsize=128)
def _paths(scene: Scene, size: float) -> tuple[_Shape, ...]:
    """Each primitive's points (PDF points, y up), operators and paint."""
    out = []
    for prim in scene.picture().primitives:
        points: list[tuple[float, float]] = []
        ops: list[int] = []
        for sub in prim.path.subpaths:
            points.append(sub.start)
            ops.append(_MOVE)
            for seg in sub.segments:
                if isinstance(seg, Cubic):
                    points += (seg.c1, seg.c2, seg.end)
                    ops.append(_CURVE)
                else:
                    points.append(seg.end)
                    ops.append(_LINE)
            if sub.closed:
                ops.append(_CLOSE)
        flat = tuple(v for x, y in points for v in (x * size, (1.0 - y) * size))
        out.append((flat, tuple(ops), prim.paint))
    return tuple(out)


def exercise_shapes(scene: Scene, size: float) -> Any:
    """The figure as a Group of reportlab.graphics Paths (clipped to the box if cut)."""
    from reportlab.graphics.shapes import Group, Path
    from reportlab.pdfgen.canvas import FILL_NON_ZERO

    group = Group()
    if scene.picture().clip:
        box = [0.0, 0.0, size, 0.0, size, size, 0.0, size]
        clip = Path(box, [_MOVE, _LINE, _LINE, _LINE, _CLOSE], isClipPath=1)
        clip.fillColor = clip.strokeColor = None
        group.add(clip)
    for points, operators, paint in _paths(scene, size):
        group.add(
            Path(
                list(points),
                list(operators),
                fillColor=_colour(paint.fill),
                strokeColor=_colour(paint.stroke),
                strokeWidth=paint.width * size,
                strokeLineCap=1,
                strokeLineJoin=1,
                fillMode=FILL_NON_ZERO,
                autoclose="pdf",
            )
        )
    return group


@cache
def _drawing_class() -> type:
    from reportlab.graphics.shapes import Drawing

    class FigureDrawing(Drawing):  # type: ignore[misc]  # reportlab has no type hints
        """The figure's Drawing: its shapes are made on first use; in a story it writes the
        cached operators instead of rendering them one number at a time."""

        def __init__(self, scene: Scene, size: float) -> None:
            super().__init__(size, size)
            self._scene, self._size, self._built = scene, size, False

        def getContents(self) -> list[Any]:
            if not self._built:
                self._built = True
                self.add(exercise_shapes(self._scene, self._size))
            return super().getContents()  # type: ignore[no-any-return]

        def draw(self, showBoundary: Any = None) -> None:
            self.canv.addLiteral(figure_operators(self._scene, self._size))

    return FigureDrawing


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return " ".join(f"{int(value[i : i + 2], 16) / 255:.3f}" for i in (0, 2, 4))


@cache
def _colour(value: str | None) -> Any:
    if value is None:
        return None
    from reportlab.lib.colors import HexColor

    return HexColor(value)
