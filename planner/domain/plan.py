"""What the practitioner intends to needle, and how."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from planner.domain import wording
from planner.domain.bounds import date_problem
from planner.domain.course.override import CourseOverride, override_problems
from planner.domain.errors import FieldProblem
from planner.domain.vocab import WEEKDAYS, Modality, Side, Technique


@dataclass(frozen=True)
class AcupointTarget:
    code: str  # WHO code or extra point code, e.g. "GB21", "EX-B2"
    side: Side = Side.BOTH
    technique: Technique = Technique.MANUAL
    retention_minutes: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class TriggerPointTarget:
    muscle: str  # catalog muscle id, e.g. "levator-scapulae"
    side: Side = Side.BOTH
    technique: Technique = Technique.MANUAL
    notes: str = ""


@dataclass(frozen=True)
class Override:
    """A practitioner's written decision to go ahead despite a blocking finding."""

    rule: str
    target: str  # acupoint code, "TP:<muscle>" or "electro"
    reason: str
    recorded_on: date | None = None


@dataclass(frozen=True)
class Plan:
    modality: Modality = Modality.ACUPUNCTURE
    electro: bool = False
    acupoints: tuple[AcupointTarget, ...] = ()
    trigger_points: tuple[TriggerPointTarget, ...] = ()
    session_minutes: int = 30
    start_date: date | None = None
    clinic_days: tuple[str, ...] = ()  # vocab.WEEKDAYS
    # The course planner's inputs (planner.domain.course.for_case.course_for_case reads them).
    preferred_days: tuple[str, ...] = ()  # the patient's weekdays; empty: any clinic day
    skip_dates: tuple[date, ...] = ()  # no session on these (holidays, closures)
    # Keep the course within NICE NG193's 300 minutes. None: the plan does not say, so the
    # clinic's default applies (clinic.json's nice_cap; planner.casefile.clinic).
    nice_cap: bool | None = None
    overrides: tuple[Override, ...] = ()
    course_override: CourseOverride | None = None  # the practitioner's changes to the course
    id: int | None = None
    version: int = 0

    def target_ids(self) -> list[str]:
        """Targets as findings name them: acupoint codes and 'TP:<muscle>'."""
        return [t.code for t in self.acupoints] + [f"TP:{t.muscle}" for t in self.trigger_points]


# --- Rules ----------------------------------------------------------------------------------

SESSION_MINUTES_MIN, SESSION_MINUTES_MAX = 5, 180
RETENTION_MINUTES_MIN, RETENTION_MINUTES_MAX = 1, 120
TARGET_NOTES_MAX = 1_000
REASON_MAX = 2_000

# WHO 2008: points per channel (REFERENCE.md section 1); GV and CV run on the midline.
CHANNEL_POINTS: dict[str, int] = {
    "LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
    "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
}  # fmt: skip
MIDLINE_CHANNELS = frozenset({"GV", "CV"})

# Written exactly as in resources/schema/case.schema.json (a test keeps them equal); always
# used with fullmatch, since Python's "$" also matches before a final newline.
_CODE = "(LU|LI|ST|SP|HT|SI|BL|KI|PC|TE|GB|LR|GV|CV)[1-9][0-9]?|EX-[A-Z]{1,3}[1-9][0-9]?"
_KEBAB = "[a-z0-9]+(-[a-z0-9]+)*"
ACUPOINT_CODE = re.compile(f"^({_CODE})$")
MUSCLE_ID = re.compile(f"^{_KEBAB}$")
RULE_ID = re.compile(f"^{_KEBAB}$")
OVERRIDE_TARGET = re.compile(f"^(electro|TP:{_KEBAB}|{_CODE})$")
ACUPOINT_EXAMPLES = ("GB21", "EX-B2")
MUSCLE_EXAMPLES = ("levator-scapulae", "upper-trapezius")
OVERRIDE_TARGET_EXAMPLES = ("GB21", "TP:levator-scapulae", "electro")
RULE_EXAMPLES = ("pregnancy-point",)

_MODALITIES = tuple(m.value for m in Modality)
_SIDES = tuple(s.value for s in Side)
_TECHNIQUES = tuple(t.value for t in Technique)


def acupoint_code_problem(code: str) -> str | None:
    """Why code is not a WHO or extra-point code, or None if it is well formed."""
    if not ACUPOINT_CODE.fullmatch(code):
        return wording.not_a(code, "acupoint code", ACUPOINT_CODE, ACUPOINT_EXAMPLES)
    channel, number = code[:2], code[2:]
    if channel in CHANNEL_POINTS and int(number) > CHANNEL_POINTS[channel]:
        return f"{code!r} is not an acupoint: {channel} has {CHANNEL_POINTS[channel]} points"
    return None


# (field below the prefix, message or None): the helpers' findings before plan_problems
# drops the Nones and adds the prefix.
_Found = list[tuple[str, "str | None"]]


def plan_problems(
    p: Plan, *, prefix: str = "plan.", known_target: Callable[[str], bool] | None = None
) -> list[FieldProblem]:
    """Every rule the plan breaks, each naming its dotted field.

    known_target, when given, is asked about each target as findings name it: the acupoint
    code ("GB21") or "TP:<muscle>" ("TP:levator-scapulae"); False means not in the catalog.
    """
    found: _Found = [("modality", _enum(p.modality, _MODALITIES, "modality"))]
    found.append(
        (
            "session_minutes",
            wording.out_of_range(p.session_minutes, SESSION_MINUTES_MIN, SESSION_MINUTES_MAX),
        )
    )
    for i, day in enumerate(p.clinic_days):
        problem = _enum(day, WEEKDAYS, "weekday")
        if problem is None and day in p.clinic_days[:i]:
            problem = wording.listed_twice(day)
        found.append((f"clinic_days[{i}]", problem))
    found += _calendar_problems(p)
    found += _acupoint_problems(p, known_target, prefix)
    found += _trigger_point_problems(p, known_target, prefix)
    found += _override_problems(p)
    problems = [FieldProblem(prefix + field, message) for field, message in found if message]
    if p.course_override is not None:
        problems += override_problems(p.course_override, prefix=f"{prefix}course_override.")
    return problems


def _calendar_problems(p: Plan) -> _Found:
    """The patient's preferred days (known, once each, open clinic days) and skipped dates."""
    found: _Found = []
    open_days = ", ".join(d for d in WEEKDAYS if d in p.clinic_days)
    for i, day in enumerate(p.preferred_days):
        problem = _enum(day, WEEKDAYS, "weekday")
        if problem is None and day in p.preferred_days[:i]:
            problem = wording.listed_twice(day)
        elif problem is None and p.clinic_days and day not in p.clinic_days:
            problem = f"{day!r} is not a clinic day (the clinic is open {open_days})"
        found.append((f"preferred_days[{i}]", problem))
    if p.start_date is not None:
        found.append(("start_date", date_problem(p.start_date)))
    for i, skipped in enumerate(p.skip_dates):
        if (problem := date_problem(skipped)) is not None:
            found.append((f"skip_dates[{i}]", problem))
        elif skipped in p.skip_dates[:i]:
            found.append((f"skip_dates[{i}]", wording.listed_twice(skipped.isoformat())))
    return found


def _acupoint_problems(p: Plan, known_target: Callable[[str], bool] | None, prefix: str) -> _Found:
    found: _Found = []
    planned: dict[str, list[tuple[int, str]]] = {}
    for i, point in enumerate(p.acupoints):
        field = f"acupoints[{i}]"
        code_problem = acupoint_code_problem(point.code)
        if code_problem is None and known_target is not None and not known_target(point.code):
            code_problem = f"{point.code!r} is not in the reference library"
        found.append((f"{field}.code", code_problem))
        side_problem = _enum(point.side, _SIDES, "side")
        found.append((f"{field}.side", side_problem or _side_problem(point.code, point.side)))
        if side_problem is None:
            found.append(
                (field, _overlap(planned, point.code, point.side, f"{prefix}acupoints", i))
            )
        found += _technique_and_notes(field, point.technique, point.notes, p)
        found.append((f"{field}.retention_minutes", _retention_problem(point, p)))
    return found


def _trigger_point_problems(
    p: Plan, known_target: Callable[[str], bool] | None, prefix: str
) -> _Found:
    found: _Found = []
    planned: dict[str, list[tuple[int, str]]] = {}
    for i, tp in enumerate(p.trigger_points):
        field = f"trigger_points[{i}]"
        muscle_problem = None
        if not MUSCLE_ID.fullmatch(tp.muscle):
            muscle_problem = wording.not_a(tp.muscle, "muscle id", MUSCLE_ID, MUSCLE_EXAMPLES)
        elif known_target is not None and not known_target(f"TP:{tp.muscle}"):
            muscle_problem = f"{tp.muscle!r} is not in the reference library"
        found.append((f"{field}.muscle", muscle_problem))
        side_problem = _enum(tp.side, _SIDES, "side")
        found.append((f"{field}.side", side_problem))
        if side_problem is None:
            found.append(
                (field, _overlap(planned, tp.muscle, tp.side, f"{prefix}trigger_points", i))
            )
        found += _technique_and_notes(field, tp.technique, tp.notes, p)
    return found


def _override_problems(p: Plan) -> _Found:
    found: _Found = []
    for i, override in enumerate(p.overrides):
        field = f"overrides[{i}]"
        rule, target, reason = override.rule, override.target, override.reason
        if not rule.strip():
            found.append((f"{field}.rule", wording.REQUIRED))
        elif not RULE_ID.fullmatch(rule):
            found.append((f"{field}.rule", wording.not_a(rule, "rule id", RULE_ID, RULE_EXAMPLES)))
        if not target.strip():
            found.append((f"{field}.target", wording.REQUIRED))
        elif not OVERRIDE_TARGET.fullmatch(target):
            found.append(
                (
                    f"{field}.target",
                    wording.not_a(
                        target, "override target", OVERRIDE_TARGET, OVERRIDE_TARGET_EXAMPLES
                    ),
                )
            )
        if override.recorded_on is not None:
            found.append((f"{field}.recorded_on", date_problem(override.recorded_on)))
        if not reason.strip():
            found.append((f"{field}.reason", wording.REQUIRED))
        elif len(reason) > REASON_MAX:
            found.append((f"{field}.reason", wording.too_long(REASON_MAX)))
    return found


def _enum(value: str, known: tuple[str, ...], noun: str) -> str | None:
    # Typed callers cannot get these wrong; untyped ones (a form, a script) can.
    return None if value in known else wording.not_known(value, noun, known)


def _technique_and_notes(field: str, technique: str, notes: str, p: Plan) -> _Found:
    problem = _enum(technique, _TECHNIQUES, "technique")
    if problem is None and technique == Technique.ELECTRO and not p.electro:
        # The screening for pacemakers and implants looks at plan.electro: keep them in step.
        problem = "is 'electro' but plan.electro is false"
    found: _Found = [(f"{field}.technique", problem)]
    if len(notes) > TARGET_NOTES_MAX:
        found.append((f"{field}.notes", wording.too_long(TARGET_NOTES_MAX)))
    return found


def _retention_problem(point: AcupointTarget, p: Plan) -> str | None:
    minutes = point.retention_minutes
    if minutes is None:
        return None
    problem = wording.out_of_range(minutes, RETENTION_MINUTES_MIN, RETENTION_MINUTES_MAX)
    session_ok = SESSION_MINUTES_MIN <= p.session_minutes <= SESSION_MINUTES_MAX
    if problem is None and session_ok and minutes > p.session_minutes:
        problem = f"{minutes} is longer than the {p.session_minutes}-minute session"
    return problem


def _side_problem(code: str, side: str) -> str | None:
    # 'both' on a midline point is harmless (it is needled once); left or right is a mistake.
    channel = code[:2] if ACUPOINT_CODE.fullmatch(code) else ""
    if channel in MIDLINE_CHANNELS and side in (Side.LEFT, Side.RIGHT):
        return f"{code} lies on the midline; use 'midline', not '{side}'"
    if channel in CHANNEL_POINTS and channel not in MIDLINE_CHANNELS and side == Side.MIDLINE:
        return f"{code} is a bilateral point; use 'left', 'right' or 'both', not 'midline'"
    return None


def _overlap(
    planned: dict[str, list[tuple[int, str]]], key: str, side: str, field: str, index: int
) -> str | None:
    """A target planned twice on one side ('both' overlaps left and right)."""
    earlier = planned.setdefault(key, [])
    for other_index, other_side in earlier:
        if side == other_side or Side.BOTH in (side, other_side):
            return f"{key} ({side}) is already planned as {field}[{other_index}] ({other_side})"
    earlier.append((index, side))
    return None
