"""Exercises as domain records: a dose in words, its rules, and which exercises to suggest."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.domain.exercise import (
    ChosenExercise,
    Dose,
    Exercise,
    NotAdvised,
    default_choice,
    dose_problems,
    exercises_for,
    not_advised_for,
    word_dose,
)
from planner.domain.handout import MAX_EXERCISES, Area


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        (
            Dose(reps=3, hold_seconds=20, per_day=2, each_side=True),
            "Hold 20 seconds. Do 3 times on each side, 2 times a day.",
        ),
        (Dose(reps=10, hold_seconds=5, per_day=3), "Hold 5 seconds. Do 10 times, 3 times a day."),
        (Dose(reps=10, per_day=3), "Do 10 times, 3 times a day."),
        (Dose(reps=1, per_day=1), "Do once, once a day."),
        (Dose(reps=10, sets=2, per_day=1), "Do 2 sets of 10, once a day."),
        (Dose(reps=10, sets=1), "Do 10 times."),
        (Dose(reps=8, sets=3, each_side=True), "Do 3 sets of 8 on each side."),
        (Dose(hold_seconds=30), "Hold 30 seconds."),
        (
            Dose(hold_seconds=30, each_side=True, per_day=2),
            "Hold 30 seconds on each side. Do this 2 times a day.",
        ),
        (Dose(hold_seconds=10, every_minutes=30), "Hold 10 seconds. Do this every 30 minutes."),
        (Dose(hold_seconds=60), "Hold 1 minute."),
        (Dose(hold_seconds=120), "Hold 2 minutes."),
        (Dose(hold_seconds=90), "Hold 90 seconds."),
        (Dose(hold_seconds=1), "Hold 1 second."),
        (Dose(minutes=2, every_minutes=30), "Do this for 2 minutes, every 30 minutes."),
        (Dose(minutes=1, every_minutes=60), "Do this for 1 minute, every hour."),
        (Dose(minutes=5, every_minutes=120), "Do this for 5 minutes, every 2 hours."),
        (Dose(reps=5, every_minutes=45), "Do 5 times, every 45 minutes."),
        (Dose(), ""),
    ],
)
def test_a_dose_is_worded_from_its_numbers(dose: Dose, words: str) -> None:
    assert word_dose(dose) == words


def test_a_changed_dose_rewords_itself() -> None:
    stretch = _exercise("stretch", Area.NECK, dose=Dose(reps=3, hold_seconds=20, each_side=True))
    assert stretch.dose_text == "Hold 20 seconds. Do 3 times on each side."
    harder = replace(stretch, dose=replace(stretch.dose, hold_seconds=30, per_day=2))
    assert harder.dose_text == "Hold 30 seconds. Do 3 times on each side, 2 times a day."
    assert harder.dose_text in harder.words()


@pytest.mark.parametrize(
    ("dose", "field", "message"),
    [
        (Dose(reps=0), "dose.reps", "0 is below the minimum of 1"),
        (Dose(reps=51), "dose.reps", "51 is above the maximum of 50"),
        (Dose(hold_seconds=301), "dose.hold_seconds", "above the maximum of 300"),
        (Dose(reps=5, per_day=13), "dose.per_day", "above the maximum of 12"),
        (Dose(reps=5, sets=11), "dose.sets", "above the maximum of 10"),
        (Dose(minutes=61), "dose.minutes", "above the maximum of 60"),
        (Dose(minutes=2, every_minutes=4), "dose.every_minutes", "below the minimum of 5"),
        (Dose(per_day=2), "dose", "needs reps, hold_seconds or minutes"),
        (Dose(hold_seconds=5, sets=3), "dose.sets", "needs reps"),
        (Dose(hold_seconds=5, minutes=2), "dose.minutes", "not both"),
        (Dose(reps=5, per_day=2, every_minutes=30), "dose.every_minutes", "not both"),
    ],
)
def test_a_bad_dose_is_refused_naming_the_field(dose: Dose, field: str, message: str) -> None:
    problems = dose_problems(dose)
    assert [p.field for p in problems] == [field]
    assert message in problems[0].message


def test_a_good_dose_breaks_no_rule() -> None:
    assert dose_problems(Dose(reps=3, hold_seconds=20, per_day=2, each_side=True)) == ()
    assert dose_problems(Dose(minutes=2, every_minutes=30)) == ()


def _exercise(
    ident: str,
    *areas: Area,
    not_advised: tuple[NotAdvised, ...] = (),
    suggest: bool = True,
    dose: Dose | None = None,
) -> Exercise:
    return Exercise(
        id=ident,
        title=ident.replace("-", " ").capitalize(),
        steps=("Sit tall.", "Move slowly."),
        dose=dose or Dose(reps=5, per_day=2),
        stop_if="Stop if it hurts.",
        areas=areas,
        not_advised=not_advised,
        suggest=suggest,
    )


DIZZY = NotAdvised("dizziness-drop-attacks", "Turning the head can bring on a fall.")
BONES = NotAdvised("osteoporosis", "Twisting can harm weak bones.")
LIBRARY = (
    _exercise("posture", Area.NECK, Area.SHOULDER, Area.UPPER_BACK),
    _exercise("neck-turns", Area.NECK, not_advised=(DIZZY,)),
    _exercise("blade-squeeze", Area.SHOULDER, Area.UPPER_BACK),
    _exercise("back-turn", Area.UPPER_BACK, not_advised=(BONES,)),
    _exercise("nerve-glide", Area.NECK, Area.ARM, suggest=False),
    _exercise("chest-stretch", Area.CHEST),
)


def _ids(exercises: tuple[Exercise, ...]) -> list[str]:
    return [e.id for e in exercises]


def test_suggestions_serve_the_treated_areas_most_matches_first() -> None:
    found = exercises_for([Area.UPPER_BACK, Area.SHOULDER], [], [], LIBRARY)
    # two areas matched, then one; library order on ties
    assert _ids(found) == ["posture", "blade-squeeze", "back-turn"]
    assert _ids(exercises_for(["chest"], [], [], LIBRARY)) == ["chest-stretch"]
    assert exercises_for([Area.HAND], [], [], LIBRARY) == ()


def test_suggestions_leave_out_what_is_not_advised() -> None:
    neck = exercises_for([Area.NECK], [], [], LIBRARY)
    assert _ids(neck) == ["posture", "neck-turns"]
    dizzy = exercises_for([Area.NECK], [], ["dizziness-drop-attacks"], LIBRARY)
    assert _ids(dizzy) == ["posture"]
    back = exercises_for([Area.UPPER_BACK], ["anticoagulants"], ["osteoporosis"], LIBRARY)
    assert _ids(back) == ["posture", "blade-squeeze"]
    # a condition id counts as much as a red flag id
    assert "back-turn" not in _ids(exercises_for([Area.UPPER_BACK], ["osteoporosis"], [], LIBRARY))


def test_an_exercise_kept_for_the_library_is_never_suggested() -> None:
    assert "nerve-glide" not in _ids(exercises_for([Area.ARM, Area.NECK], [], [], LIBRARY))


def test_not_advised_for_says_why() -> None:
    turns = LIBRARY[1]
    assert not_advised_for(turns, ["pregnancy"], ["dizziness-drop-attacks"]) == (DIZZY,)
    assert not_advised_for(turns, ["pregnancy"], []) == ()


def test_the_default_choice_is_the_first_suggestions_with_their_doses() -> None:
    many = tuple(_exercise(f"e{i}", Area.NECK, dose=Dose(reps=i + 1)) for i in range(6))
    chosen = default_choice(many)
    assert len(chosen) == MAX_EXERCISES
    assert [(c.id, c.position) for c in chosen] == [("e0", 1), ("e1", 2), ("e2", 3), ("e3", 4)]
    assert chosen[2].dose == Dose(reps=3)
    assert default_choice(many[:2], limit=3) == (
        ChosenExercise("e0", Dose(reps=1), 1),
        ChosenExercise("e1", Dose(reps=2), 2),
    )


def test_a_chosen_exercise_checks_its_dose_and_place() -> None:
    assert ChosenExercise("chin-tuck", Dose(reps=10, per_day=3), 1).problems() == ()
    bad = ChosenExercise("chin-tuck", Dose(reps=0), 0).problems()
    assert [p.field for p in bad] == ["dose.reps", "position"]
