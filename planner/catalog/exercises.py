"""Reads the home exercise library (resources/exercises/exercises.json) into domain records.

The file is checked against its JSON Schema, then against what a schema cannot know: unique
ids, the handout's areas, the conditions and red flags (vocab), the file's own source list,
the dose rules (planner.domain.exercise.dose_problems) and the plain-words rules: sentences of
at most MAX_SENTENCE_WORDS words, steps without numbering or a dose of their own (the layout
numbers the steps, and the dose is worded from its numbers). A bad file fails as a whole with
a message naming the file, the exercise and the field:
`exercises.json: chin-tuck: areas[0]: 'nek' is not a known area; did you mean 'neck'? ...`.
Nothing imports this module at start-up; jsonschema is imported on first use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from planner import resources
from planner.catalog.handouts import read_json, schema_problems
from planner.catalog.problems import field_path
from planner.domain import wording
from planner.domain.catalog import CatalogError
from planner.domain.exercise import Dose, Exercise, ExerciseSource, NotAdvised, dose_problems
from planner.domain.handout.model import Area
from planner.domain.vocab import CONDITIONS, RED_FLAGS

EXERCISES_FILE = "exercises.json"
EXERCISES_SCHEMA = "exercises.schema.json"
MAX_SENTENCE_WORDS = 20

_AREAS = tuple(a.value for a in Area)
_NOT_ADVISED_IDS = CONDITIONS + RED_FLAGS
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[\w'’-]+")
_NUMBERED = re.compile(r"^\s*(\d+|[a-z])[.):]\s", re.IGNORECASE)
_DOSE_WORDS = re.compile(
    r"\b\d+\s*(times?|seconds?|secs?|minutes?|mins?|hours?|reps?|repetitions?|sets?)\b",
    re.IGNORECASE,
)


def shipped_exercises() -> Path:
    return resources.path("exercises", EXERCISES_FILE)


@cache
def load_exercises(path: Path | None = None) -> tuple[Exercise, ...]:
    """The exercises in `path` (default: the shipped file), in file order.

    Raises CatalogError naming the file, the exercise and the field of every problem."""
    path = path or shipped_exercises()
    name = path.name
    document = read_json(path, CatalogError)
    found = schema_problems(EXERCISES_SCHEMA, document, "exercises")
    problems = [f"{name}: {where}: {message}" for where, message in found]
    if not problems:
        problems = [f"{name}: {p}" for p in _library_problems(document)]
    if problems:
        raise CatalogError.from_problems(problems)
    sources = {raw["id"]: _source(raw) for raw in document["sources"]}
    return tuple(_exercise(raw, sources) for raw in document["exercises"])


def _exercise(raw: Mapping[str, Any], sources: Mapping[str, ExerciseSource]) -> Exercise:
    return Exercise(
        id=raw["id"],
        title=raw["title"],
        steps=tuple(raw["steps"]),
        dose=_dose(raw["dose"]),
        stop_if=raw["stop_if"],
        areas=tuple(Area(a) for a in raw["areas"]),
        not_advised=tuple(NotAdvised(n["id"], n["reason"]) for n in raw["not_advised"]),
        sources=tuple(sources[s] for s in raw["sources"]),
        suggest=raw.get("suggest", True),
    )


def _dose(raw: Mapping[str, Any]) -> Dose:
    return Dose(
        reps=raw["reps"],
        hold_seconds=raw["hold_seconds"],
        sets=raw["sets"],
        per_day=raw["per_day"],
        each_side=raw.get("each_side", False),
        minutes=raw.get("minutes"),
        every_minutes=raw.get("every_minutes"),
    )


def _source(raw: Mapping[str, Any]) -> ExerciseSource:
    return ExerciseSource(
        id=raw["id"],
        label=raw["label"],
        citation=raw["citation"],
        year=raw["year"],
        url=raw["url"],
        doi=raw.get("doi", ""),
        note=raw["note"],
    )


# --- the checks a schema cannot make ---------------------------------------------------------


def _library_problems(document: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    source_ids: list[str] = []
    for i, raw in enumerate(document["sources"]):
        if raw["id"] in source_ids:
            problems.append(f"sources[{i}]: id: {wording.listed_twice(raw['id'])}")
        source_ids.append(raw["id"])
    cited: set[str] = set()
    seen: set[str] = set()
    for i, raw in enumerate(document["exercises"]):
        label = raw["id"]
        if label in seen:
            problems.append(f"exercises[{i}]: id: {wording.listed_twice(label)}")
        seen.add(label)
        cited.update(raw["sources"])
        problems += [f"{label}: {p}" for p in _exercise_problems(raw, source_ids)]
    for source in source_ids:
        if source not in cited:
            problems.append(f"sources: {source}: is not cited by any exercise")
    return problems


def _exercise_problems(raw: Mapping[str, Any], source_ids: list[str]) -> list[str]:
    problems: list[str] = []
    for j, area in enumerate(raw["areas"]):
        if area not in _AREAS:
            problems.append(
                f"{field_path(['areas', j])}: {wording.not_known(area, 'area', _AREAS)}"
            )
    listed: set[str] = set()
    for j, item in enumerate(raw["not_advised"]):
        where = field_path(["not_advised", j, "id"])
        ident = item["id"]
        if ident not in _NOT_ADVISED_IDS:
            known = wording.not_known(ident, "condition or red flag", _NOT_ADVISED_IDS)
            problems.append(f"{where}: {known}")
        elif ident in listed:
            problems.append(f"{where}: {wording.listed_twice(ident)}")
        listed.add(ident)
    for j, source in enumerate(raw["sources"]):
        if source not in source_ids:
            where = field_path(["sources", j])
            problems.append(f"{where}: unknown source {source!r} (not in the file's sources)")
    problems += [str(p) for p in dose_problems(_dose(raw["dose"]))]
    problems += _text_problems(raw)
    return problems


def _text_problems(raw: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    lines: list[tuple[str, str]] = [("title", raw["title"]), ("stop_if", raw["stop_if"])]
    lines += [(field_path(["steps", j]), step) for j, step in enumerate(raw["steps"])]
    for where, text in lines:
        longest = max(sentence_lengths(text), default=0)
        if longest > MAX_SENTENCE_WORDS:
            problems.append(
                f"{where}: a sentence has {longest} words; at most {MAX_SENTENCE_WORDS} are allowed"
            )
    for j, step in enumerate(raw["steps"]):
        where = field_path(["steps", j])
        if _NUMBERED.match(step):
            problems.append(f"{where}: is numbered; the layout numbers the steps")
        dose = _DOSE_WORDS.search(step)
        if dose:
            problems.append(f"{where}: says a dose ({dose.group(0)!r}); the dose belongs in dose")
    return problems


def sentence_lengths(text: str) -> list[int]:
    """Words in each sentence of `text`."""
    return [len(_WORD.findall(s)) for s in _SENTENCE_END.split(text.strip()) if s]
