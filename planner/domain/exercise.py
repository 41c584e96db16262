"""Home exercises: the shipped library's records, how a dose is worded, and which to suggest.

An Exercise is what resources/exercises/exercises.json describes (planner.catalog.exercises
loads it): short steps in our own words, a default Dose, a "stop if" line, the handout areas
it serves, and the conditions or red flags it is not advised with. The dose is words made
from numbers (word_dose), so a practitioner's changed dose re-words itself. A plan keeps the
practitioner's choice as ChosenExercise records (id, dose, place on the sheet).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.domain import wording
from planner.domain.errors import FieldProblem
from planner.domain.handout.blocks import MAX_EXERCISES
from planner.domain.handout.model import Area

# Bounds of each dose number, as the schema and the practitioner's dose editor hold them.
DOSE_LIMITS: dict[str, tuple[int, int]] = {
    "reps": (1, 50),
    "hold_seconds": (1, 300),
    "sets": (1, 10),
    "per_day": (1, 12),
    "minutes": (1, 60),
    "every_minutes": (5, 480),
}


@dataclass(frozen=True)
class Dose:
    """How much of an exercise, as numbers; None where a number does not apply.

    reps: times to do it (per set); hold_seconds: how long each hold lasts; sets: rounds of
    reps; per_day: times a day; each_side: the counts are for each side; minutes: how long a
    timed activity lasts (a walk); every_minutes: how often through the day, instead of
    per_day (a break every 30 minutes).
    """

    reps: int | None = None
    hold_seconds: int | None = None
    sets: int | None = None
    per_day: int | None = None
    each_side: bool = False
    minutes: int | None = None
    every_minutes: int | None = None


def dose_problems(dose: Dose, prefix: str = "dose") -> tuple[FieldProblem, ...]:
    """Every rule the dose breaks, each naming its field (`dose.sets`)."""
    problems: list[FieldProblem] = []
    for name, (low, high) in DOSE_LIMITS.items():
        value = getattr(dose, name)
        if value is not None:
            message = wording.out_of_range(value, low, high)
            if message:
                problems.append(FieldProblem(f"{prefix}.{name}", message))
    if dose.reps is None and dose.hold_seconds is None and dose.minutes is None:
        problems.append(FieldProblem(prefix, "needs reps, hold_seconds or minutes"))
    if dose.sets is not None and dose.reps is None:
        problems.append(FieldProblem(f"{prefix}.sets", "needs reps (sets of how many?)"))
    if dose.hold_seconds is not None and dose.minutes is not None:
        problems.append(FieldProblem(f"{prefix}.minutes", "give hold_seconds or minutes, not both"))
    if dose.per_day is not None and dose.every_minutes is not None:
        problems.append(
            FieldProblem(f"{prefix}.every_minutes", "give per_day or every_minutes, not both")
        )
    return tuple(problems)


def word_dose(dose: Dose) -> str:
    """The dose in plain words: `Hold 20 seconds. Do 3 times on each side, 2 times a day.`"""
    side = " on each side" if dose.each_side else ""
    sentences: list[str] = []
    if dose.hold_seconds is not None:
        alone = dose.reps is None and dose.minutes is None
        sentences.append(f"Hold {_duration(dose.hold_seconds)}{side if alone else ''}")
    if dose.reps is not None:
        if dose.sets is not None and dose.sets > 1:
            sentences.append(f"Do {dose.sets} sets of {dose.reps}{side}")
        else:
            sentences.append(f"Do {_times(dose.reps)}{side}")
    elif dose.minutes is not None:
        sentences.append(f"Do this for {_duration(dose.minutes * 60)}{side}")
    how_often = _how_often(dose)
    if how_often and sentences:
        if dose.reps is None and dose.minutes is None:
            sentences.append(f"Do this {how_often}")  # a hold alone: a sentence of its own
        else:
            sentences[-1] += f", {how_often}"
    return " ".join(s + "." for s in sentences)


def _how_often(dose: Dose) -> str:
    if dose.per_day is not None:
        return f"{_times(dose.per_day)} a day"
    if dose.every_minutes is not None:
        minutes = dose.every_minutes
        if minutes % 60 == 0:
            hours = minutes // 60
            return "every hour" if hours == 1 else f"every {hours} hours"
        return f"every {minutes} minutes"
    return ""


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _duration(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return "1 second" if seconds == 1 else f"{seconds} seconds"


@dataclass(frozen=True)
class NotAdvised:
    """A condition or red flag (vocab ids) with which the exercise is not advised, and why."""

    id: str
    reason: str


@dataclass(frozen=True)
class ExerciseSource:
    """A checkable reference the library cites (the file's `sources` list)."""

    id: str
    label: str  # "Blanpied 2017"
    citation: str
    year: int | None = None
    url: str = ""
    doi: str = ""
    note: str = ""  # what we take from it


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    steps: tuple[str, ...]  # numbered by the layout, not in the text
    dose: Dose
    stop_if: str
    areas: tuple[Area, ...]
    not_advised: tuple[NotAdvised, ...] = ()
    sources: tuple[ExerciseSource, ...] = ()
    # False: offered in the library only, never suggested (the nerve glide: only when the
    # practitioner judges arm symptoms come from the neck).
    suggest: bool = True

    @property
    def dose_text(self) -> str:
        return word_dose(self.dose)

    def words(self) -> tuple[str, ...]:
        """Every patient-facing string: title, steps, dose and the stop line."""
        return tuple(s for s in (self.title, *self.steps, self.dose_text, self.stop_if) if s)


def not_advised_for(
    exercise: Exercise, conditions: Iterable[str], red_flags: Iterable[str]
) -> tuple[NotAdvised, ...]:
    """Why the exercise is not advised for this patient (empty: nothing against it)."""
    recorded = {*conditions, *red_flags}
    return tuple(n for n in exercise.not_advised if n.id in recorded)


def exercises_for(
    areas: Iterable[Area | str],
    conditions: Iterable[str],
    red_flags: Iterable[str],
    library: Iterable[Exercise],
) -> tuple[Exercise, ...]:
    """The exercises to suggest: those serving any treated area and not advised against for
    this patient, most treated areas matched first, library order on ties (as the handout's
    blocks are ranked). The sheet prints the first MAX_EXERCISES by default."""
    treated = {Area(a) for a in areas}
    recorded = (tuple(conditions), tuple(red_flags))
    fitting = [
        e
        for e in library
        if e.suggest and treated & set(e.areas) and not not_advised_for(e, *recorded)
    ]
    # sorted() is stable: library order on ties.
    return tuple(sorted(fitting, key=lambda e: -len(treated & set(e.areas))))


@dataclass(frozen=True)
class ChosenExercise:
    """One exercise a practitioner chose for a plan: which, how much, and its place on the
    sheet (1 first)."""

    id: str
    dose: Dose
    position: int

    def problems(self) -> tuple[FieldProblem, ...]:
        found = list(dose_problems(self.dose))
        if self.position < 1:
            found.append(FieldProblem("position", wording.below_minimum(self.position, 1)))
        return tuple(found)


def default_choice(
    suggested: Sequence[Exercise], limit: int = MAX_EXERCISES
) -> tuple[ChosenExercise, ...]:
    """What the sheet carries until the practitioner changes it: the first `limit` suggestions
    with their default doses, in order."""
    return tuple(
        ChosenExercise(e.id, e.dose, position) for position, e in enumerate(suggested[:limit], 1)
    )
