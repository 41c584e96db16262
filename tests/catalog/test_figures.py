"""Loading the exercise figures: the shipped file, and a bad file naming its figure and field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.catalog.figures import load_figures
from planner.domain.catalog import CatalogError
from planner.domain.figure import FigureView
from planner.domain.figure_scene import ArrowKind, PropKind

EXERCISES = {
    "posture-reset",
    "chin-tuck",
    "upper-trapezius-stretch",
    "levator-scapulae-stretch",
    "neck-rotation",
    "neck-side-bend",
    "isometric-neck-holds",
    "shoulder-rolls",
    "shoulder-blade-squeeze",
    "scapular-setting",
    "thoracic-extension-chair",
    "doorway-pec-stretch",
    "wall-slides",
    "walking-break",
    "median-nerve-glide",
    "seated-thoracic-rotation",
}


def shipped() -> dict[str, Any]:
    text = resources.path("exercises", "figures.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def figures_with(tmp_path: Path, ident: str, change: dict[str, Any]) -> Path:
    """A copy of the shipped file with one figure's fields changed (None removes one)."""
    doc = shipped()
    (figure,) = [f for f in doc["figures"] if f["id"] == ident]
    for key, value in change.items():
        if value is None:
            figure.pop(key)
        else:
            figure[key] = value
    path = tmp_path / "figures.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_every_exercise_has_its_figure() -> None:
    assert set(load_figures()) == EXERCISES


def test_every_figure_draws_an_exercise_of_the_library() -> None:
    library = json.loads(resources.path("exercises", "exercises.json").read_text("utf-8"))
    assert set(load_figures()) <= {e["id"] for e in library["exercises"]}


def test_the_shipped_figures_are_read_as_written() -> None:
    figures = load_figures()
    chin = figures["chin-tuck"]
    assert chin.view is FigureView.SIDE
    assert chin.start.angle("neck_flexion") > 0
    assert chin.end.angle("neck_flexion") == 0
    assert chin.arrows[0].point == "chin"
    assert chin.crop is not None
    chair = figures["thoracic-extension-chair"]
    assert chair.prop is not None
    assert chair.prop.kind is PropKind.CHAIR
    holds = figures["isometric-neck-holds"]
    assert holds.arrows[0].kind is ArrowKind.PRESS


def test_the_schema_is_a_valid_json_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.path("schema", "figures.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)


def test_the_figures_are_read_once() -> None:
    assert load_figures() is load_figures()


def test_importing_the_loader_leaves_jsonschema_for_the_first_load() -> None:
    code = "import sys, planner.catalog.figures; print('jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def arrow(**fields: Any) -> list[dict[str, Any]]:
    return [{"point": "chin", "offset": [0.05, 0.0], **fields}]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"end": {"angles": {"nek_flexion": 10}}},
            "figures.json: chin-tuck: end.angles.nek_flexion: 'nek_flexion' is not a known "
            "angle; did you mean 'neck_flexion'?",
        ),
        (
            {"start": {"angles": {"neck_flexion": 95}}},
            "chin-tuck: start.angles.neck_flexion: 95 is outside -60..60",
        ),
        (
            {"start": {"angles": {"elbow_flexion_left": -10, "neck_flexion": 30}}},
            "chin-tuck: start.angles.elbow_flexion_left: -10 is outside 0..150",
        ),
        (
            {"arrows": arrow(point="nose")},
            "chin-tuck: arrows[0].point: 'nose' is not a known point",
        ),
        (
            {"arrows": arrow(point="waist")},
            "chin-tuck: arrows[0].point: the waist moves 0.000 in this view; an arrow needs 0.02",
        ),
        ({"arrows": arrow(push=[0.05, 0])}, "chin-tuck: arrows[0].push: only a press arrow"),
        ({"arrows": arrow(kind="press")}, "chin-tuck: arrows[0].push: a press needs a push"),
        ({"arrows": arrow(bend=3)}, "chin-tuck: arrows[0].bend: 3 is greater than the maximum"),
        ({"arrows": []}, "chin-tuck: arrows: [] should be non-empty"),
        ({"prop": {"kind": "sofa"}}, "chin-tuck: prop.kind: 'sofa' is not a known prop"),
        ({"view": "top"}, "chin-tuck: view: 'top' is not one of side, front, back"),
        ({"crop": 0.05}, "chin-tuck: crop: 0.05 is less than the minimum of 0.2"),
        ({"arrows": None}, "chin-tuck: arrows: is required"),
        ({"colour": "red"}, "chin-tuck: colour: is not a known field"),
        ({"id": "posture-reset"}, "figures[1]: id: 'posture-reset' is listed twice"),
    ],
)
def test_a_bad_figure_is_named(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogError) as error:
        load_figures(figures_with(tmp_path, "chin-tuck", change))
    assert message in str(error.value)


def test_a_figure_that_does_not_move_is_refused(tmp_path: Path) -> None:
    (chin,) = [f for f in shipped()["figures"] if f["id"] == "chin-tuck"]
    path = figures_with(tmp_path, "chin-tuck", {"end": chin["start"]})
    with pytest.raises(CatalogError, match="chin-tuck: end: the same as the start"):
        load_figures(path)


def test_a_file_of_another_format_is_refused(tmp_path: Path) -> None:
    doc = shipped()
    doc["format"] = "needleplan-figures/2"
    path = tmp_path / "figures.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CatalogError, match="format: 'needleplan-figures/2' should be"):
        load_figures(path)


def test_a_file_that_is_not_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "figures.json"
    path.write_text('{"format": \n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"figures\.json: line 2: not valid JSON"):
        load_figures(path)
