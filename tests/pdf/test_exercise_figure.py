"""The exercise figures on a PDF page: every shipped scene, as vectors, the same both ways."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Path
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from planner.catalog.figures import load_figures
from planner.domain.figure_draw import Role, draw_scene
from planner.pdf.exercise_figure import draw_figure, exercise_drawing, figure_operators

SHIPPED = load_figures()
BOX = 35 * mm
PAINTS = re.compile(r" (B|f|S)$", re.MULTILINE)  # a path painted: fill and stroke, fill, stroke


def page_of_figures(draw: Any) -> PdfReader:
    out = io.BytesIO()
    canvas = Canvas(out)
    for n, scene in enumerate(SHIPPED.values()):
        draw(canvas, scene, 20 + (n % 4) * (BOX + 10), 20 + (n // 4) * (BOX + 10))
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(out.getvalue()))


def no_images(reader: PdfReader) -> None:
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        kinds = [xobjects[name].get_object().get("/Subtype") for name in xobjects]
        assert "/Image" not in kinds


@pytest.mark.parametrize(
    "draw",
    [
        pytest.param(lambda c, s, x, y: draw_figure(c, s, x, y, BOX), id="operators"),
        pytest.param(
            lambda c, s, x, y: renderPDF.draw(exercise_drawing(s, BOX), c, x, y), id="shapes"
        ),
    ],
)
def test_every_shipped_figure_renders_as_vectors(draw: Any) -> None:
    reader = page_of_figures(draw)
    assert len(reader.pages) == 1
    no_images(reader)
    content = reader.pages[0].get_contents()
    assert content is not None
    data = content.get_data().decode("latin-1")
    assert data.count(" c\n") + data.count(" c ") > 100  # curves, not pixels
    teal = re.findall(r"0?\.11\d* 0?\.4[12]\d* 0?\.4\d* rg", data)  # arrowheads, #1d6b66
    assert len(teal) >= len(SHIPPED)


def test_a_figure_in_a_story_prints_the_same_paths_as_its_shapes() -> None:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out)
    doc.build([exercise_drawing(scene, BOX) for scene in SHIPPED.values()])
    reader = PdfReader(io.BytesIO(out.getvalue()))
    no_images(reader)
    text = "".join(p.get_contents().get_data().decode("latin-1") for p in reader.pages)  # type: ignore[union-attr]
    painted = len(PAINTS.findall(text))
    assert painted == sum(len(draw_scene(s).primitives) for s in SHIPPED.values())


@pytest.mark.parametrize("ident", sorted(SHIPPED))
def test_each_primitive_is_one_path_in_the_drawing(ident: str) -> None:
    scene = SHIPPED[ident]
    drawing = exercise_drawing(scene, BOX)
    assert (drawing.width, drawing.height) == (BOX, BOX)
    (group,) = drawing.getContents()
    paths = [p for p in group.contents if isinstance(p, Path) and not p.isClipPath]
    picture = draw_scene(scene)
    assert len(paths) == len(picture.primitives)
    assert any(p.isClipPath for p in group.contents) is picture.clip
    operators = figure_operators(scene, BOX)
    assert len(PAINTS.findall(operators)) == len(picture.primitives)
    assert ("re W n" in operators) is picture.clip
    # Every point lies in the box (a cut figure runs below it, and is clipped there).
    for path in paths:
        xs, ys = path.points[0::2], path.points[1::2]
        assert min(xs) >= 0
        assert max(xs) <= BOX
        assert max(ys) <= BOX
        assert min(ys) >= 0 or picture.clip


def test_the_arrows_are_drawn_last_and_teal() -> None:
    scene = SHIPPED["chin-tuck"]
    (group,) = exercise_drawing(scene, BOX).getContents()
    last = group.contents[-2:]
    roles = [p.role for p in draw_scene(scene).primitives][-2:]
    assert roles == [Role.ARROW, Role.ARROW]
    assert last[0].strokeColor.hexval() == "0x1d6b66"
    assert last[1].fillColor.hexval() == "0x1d6b66"
