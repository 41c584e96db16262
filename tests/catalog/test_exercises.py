"""The exercise library: the shipped file, and a bad file named by exercise and field."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import textstat

from planner import resources
from planner.catalog.exercises import MAX_SENTENCE_WORDS, load_exercises, sentence_lengths
from planner.domain.catalog import CatalogError
from planner.domain.exercise import DOSE_LIMITS, Dose, Exercise, exercises_for
from planner.domain.handout import Area
from tests.ui.helpers import loaded_at_start_up

# The figure drawings are keyed by these ids: renaming one breaks its picture.
IDS = {
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


@pytest.fixture(scope="module")
def library() -> tuple[Exercise, ...]:
    return load_exercises()


def _by_id(library: tuple[Exercise, ...], ident: str) -> Exercise:
    return next(e for e in library if e.id == ident)


def _patient_text(exercise: Exercise) -> str:
    return ". ".join(w.rstrip(".:") for w in exercise.words()) + "."


# --- the shipped library ---------------------------------------------------------------------


def test_the_shipped_library_has_the_exercises_the_drawings_are_keyed_by(
    library: tuple[Exercise, ...],
) -> None:
    assert len(library) >= 15
    assert {e.id for e in library} == IDS


def test_every_exercise_has_sources_steps_a_dose_and_a_stop_line(
    library: tuple[Exercise, ...],
) -> None:
    for e in library:
        assert e.sources, e.id
        assert all(s.url.startswith("https://") and s.citation for s in e.sources), e.id
        assert 2 <= len(e.steps) <= 5, e.id
        assert e.dose_text.startswith(("Hold", "Do")), e.id
        assert e.stop_if.startswith("Stop"), e.id
        assert e.areas, e.id


def test_articles_and_reviews_carry_a_doi(library: tuple[Exercise, ...]) -> None:
    cited = {s.id: s for e in library for s in e.sources}
    for source in cited.values():
        if not source.id.startswith("nhs-"):
            assert source.doi, source.id
            assert source.url == f"https://doi.org/{source.doi}", source.id
            assert source.year is not None, source.id


def test_every_exercise_reads_at_grade_8_or_below(library: tuple[Exercise, ...]) -> None:
    for e in library:
        assert textstat.flesch_kincaid_grade(_patient_text(e)) <= 8, e.id
    everything = "\n".join(_patient_text(e) for e in library)
    assert textstat.flesch_kincaid_grade(everything) <= 8


def test_every_sentence_is_short(library: tuple[Exercise, ...]) -> None:
    for e in library:
        for line in e.words():
            assert max(sentence_lengths(line)) <= MAX_SENTENCE_WORDS, (e.id, line)


def test_neck_movements_are_not_advised_with_dizziness_or_cord_signs(
    library: tuple[Exercise, ...],
) -> None:
    for ident in ("neck-rotation", "neck-side-bend", "upper-trapezius-stretch"):
        against = {n.id for n in _by_id(library, ident).not_advised}
        assert {"dizziness-drop-attacks", "myelopathy-signs"} <= against, ident
    neck = exercises_for([Area.NECK], [], ["dizziness-drop-attacks"], library)
    assert "neck-rotation" not in {e.id for e in neck}
    assert "chin-tuck" in {e.id for e in neck}


def test_the_nerve_glide_is_sourced_offered_on_request_and_not_with_a_growing_deficit(
    library: tuple[Exercise, ...],
) -> None:
    glide = _by_id(library, "median-nerve-glide")
    assert [s.id for s in glide.sources] == ["basson-2017"]
    assert "neck-arm pain" in glide.sources[0].note
    assert "progressive-neurological-deficit" in {n.id for n in glide.not_advised}
    assert not glide.suggest
    arm = exercises_for([Area.ARM, Area.HAND], [], [], library)
    assert "median-nerve-glide" not in {e.id for e in arm}


def test_suggestions_from_the_shipped_library_follow_the_treated_areas(
    library: tuple[Exercise, ...],
) -> None:
    upper_back = [e.id for e in exercises_for([Area.UPPER_BACK], [], [], library)]
    assert "seated-thoracic-rotation" in upper_back
    assert "neck-rotation" not in upper_back
    weak_bones = [e.id for e in exercises_for([Area.UPPER_BACK], [], ["osteoporosis"], library)]
    assert "seated-thoracic-rotation" not in weak_bones
    assert "thoracic-extension-chair" not in weak_bones


def test_the_schema_dose_bounds_are_the_domains() -> None:
    schema = json.loads(resources.path("schema", "exercises.schema.json").read_text("utf-8"))
    fields = schema["$defs"]["dose"]["properties"]
    bounds = {
        name: (spec["minimum"], spec["maximum"])
        for name, spec in fields.items()
        if "minimum" in spec
    }
    assert bounds == DOSE_LIMITS


def test_the_load_is_cached() -> None:
    assert load_exercises() is load_exercises()


def test_importing_the_loader_is_cheap_and_start_up_never_loads_it(tmp_path: Path) -> None:
    code = "import sys, planner.catalog.exercises; print('jsonschema' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
    assert loaded_at_start_up(tmp_path, ("planner.catalog.exercises",)) == []


# --- a bad file ------------------------------------------------------------------------------


def _library_with(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    doc = json.loads(shipped_text())
    change(doc)
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def shipped_text() -> str:
    return resources.path("exercises", "exercises.json").read_text(encoding="utf-8")


def _first(change: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc["exercises"][0].update(change)


def _dose(**change: Any) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc["exercises"][1]["dose"].update(change)


LONG = " ".join(["Sit"] * 21) + "."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _first({"areas": ["nek"]}),
            "exercises.json: posture-reset: areas[0]: 'nek' is not a known area; "
            "did you mean 'neck'?",
        ),
        (
            _first({"id": "chin-tuck"}),
            "exercises.json: exercises[1]: id: 'chin-tuck' is listed twice",
        ),
        (_dose(reps=0), "exercises.json: chin-tuck: dose.reps: 0 is less than the minimum of 1"),
        (_dose(reps=None, sets=3), "exercises.json: chin-tuck: dose.sets: needs reps"),
        (_dose(per_day=None, every_minutes=1), "chin-tuck: dose.every_minutes: 1 is less than"),
        (_dose(every_minutes=30), "chin-tuck: dose.every_minutes: give per_day or every_minutes"),
        (_dose(reps=None, hold_seconds=None), "chin-tuck: dose: needs reps, hold_seconds or"),
        (_dose(weeks=2), "chin-tuck: dose.weeks: is not a known field"),
        (
            _first({"steps": ["Sit tall.", LONG]}),
            "posture-reset: steps[1]: a sentence has 21 words; at most 20 are allowed",
        ),
        (
            _first({"stop_if": LONG}),
            "posture-reset: stop_if: a sentence has 21 words; at most 20 are allowed",
        ),
        (_first({"steps": ["1. Sit tall.", "Relax."]}), "posture-reset: steps[0]: is numbered"),
        (
            _first({"steps": ["Sit tall.", "Hold for 10 seconds."]}),
            "posture-reset: steps[1]: says a dose ('10 seconds')",
        ),
        (_first({"steps": ["Sit tall."]}), "posture-reset: steps: "),
        (_first({"title": "A" * 41}), "posture-reset: title: "),
        (
            _first({"not_advised": [{"id": "dizzy", "reason": "Falls."}]}),
            "posture-reset: not_advised[0].id: 'dizzy' is not a known condition or red flag",
        ),
        (
            _first({"not_advised": [{"id": "osteoporosis"}]}),
            "posture-reset: not_advised[0].reason: is required",
        ),
        (
            _first({"sources": ["nhs-backache"]}),
            "posture-reset: sources[0]: unknown source 'nhs-backache'",
        ),
        (_first({"sources": []}), "posture-reset: sources: "),
        (lambda doc: doc["exercises"][0].pop("stop_if"), "posture-reset: stop_if: is required"),
        (lambda doc: doc.update(format="exercises/2"), "format: 'exercises/2' should be"),
        (
            lambda doc: doc["sources"].append(dict(doc["sources"][0])),
            "sources[9]: id: 'blanpied-2017' is listed twice",
        ),
        (
            lambda doc: doc["sources"].append({**doc["sources"][0], "id": "unused-2020"}),
            "sources: unused-2020: is not cited by any exercise",
        ),
        (
            lambda doc: doc["sources"][0].update(url="http://doi.org/x"),
            "sources[0].url: 'http://doi.org/x' does not match",
        ),
    ],
)
def test_a_bad_library_is_refused_naming_the_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(CatalogError) as error:
        load_exercises(_library_with(tmp_path, change))
    assert message in str(error.value)


def test_a_file_that_is_not_json_is_named(tmp_path: Path) -> None:
    path = tmp_path / "exercises.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"exercises.json: line 1: not valid JSON"):
        load_exercises(path)


def test_the_loaded_dose_is_the_files(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["exercises"][1]["dose"] = {
            "reps": 8,
            "hold_seconds": 10,
            "sets": None,
            "per_day": 2,
            "each_side": True,
        }

    chin = load_exercises(_library_with(tmp_path, change))[1]
    assert chin.dose == Dose(reps=8, hold_seconds=10, per_day=2, each_side=True)
    assert chin.dose_text == "Hold 10 seconds. Do 8 times on each side, 2 times a day."
