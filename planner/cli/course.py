"""`needleplan course CASE.json`: the recommended course of one case, and its .ics calendar."""

from __future__ import annotations

import argparse
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.output import emit_json, fail, refuse_output, write_output

if TYPE_CHECKING:
    from planner.domain.case import Case
    from planner.domain.course.recommendation import CourseRecommendation
    from planner.domain.findings import Finding


def register(commands: Any) -> None:
    p = commands.add_parser(
        "course", help="the recommended course of a case: sessions, reviews and dates"
    )
    p.add_argument(
        "case",
        type=Path,
        help="a case document holding one patient: needleplan-case/1, or /2 as "
        "export -o FILE.json writes",
    )
    p.add_argument("--json", action="store_true", help="print the course as JSON")
    p.add_argument("--ics", type=Path, metavar="OUT.ics", help="also write the dates as a calendar")
    p.add_argument(
        "--start",
        type=_day,
        metavar="DATE",
        help="plan a new course from DATE (YYYY-MM-DD, not in the past) instead of the "
        "plan's start date",
    )
    # --prefer, --skip and --nice-cap replace the plan's preferred_days, skip_dates, nice_cap.
    p.add_argument(
        "--prefer",
        type=_weekdays,
        default=None,
        metavar="DAYS",
        help="the patient's days: mon,thu (instead of the plan's)",
    )
    p.add_argument(
        "--skip",
        type=_days,
        action="extend",
        default=None,
        metavar="DATES",
        help="dates without sessions (holidays): 2026-12-25,2027-01-01; may be repeated "
        "(instead of the plan's)",
    )
    p.add_argument(
        "--response",
        type=_scores,
        default=(),
        metavar="NPRS",
        help="pain (0-10) at each review so far, oldest first: 6,5",
    )
    p.add_argument(
        "--nice-cap",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="keep the course within NICE NG193's 300 minutes of clinician time, or not "
        "(default: as the plan says, else the clinic's default in clinic.json)",
    )
    add_clinic_option(p)
    p.add_argument("--clinic-name", default="", help="the events' location in the calendar")
    p.add_argument(
        "--time", type=_time, default=time(9, 0), metavar="HH:MM", help="session time (09:00)"
    )
    p.set_defaults(handler=cmd_course)


def cmd_course(args: argparse.Namespace) -> int:
    # Imported here so `needleplan --help` and the GUI do not pay for them.
    from planner.casefile import read_cases
    from planner.catalog import load_catalog
    from planner.catalog.rules import load_rules
    from planner.domain.course.for_case import course_for_case
    from planner.domain.screening import screen_case

    if not args.case.is_file():
        return fail(f"{args.case}: no such file")
    if args.clinic is not None and not args.clinic.is_file():
        return fail(f"--clinic: {args.clinic}: no such file")
    if args.ics is not None and (refused := refuse_output("--ics", args.ics)) is not None:
        return refused  # a missing folder, a device such as /dev/full: before any work
    catalog = load_catalog()
    cases = read_cases(args.case, known_target=lambda t: catalog.target(t) is not None)
    if len(cases) != 1:
        return fail(f"{args.case}: course takes one case; the file holds {len(cases)}")
    case = cases[0]
    findings = screen_case(case, catalog, load_rules())
    # A ValidationError (a DomainError) names the field; main() prints it, exit 2.
    course = course_for_case(
        case,
        findings,
        today=date.today() if args.start else None,
        start_date=args.start,
        preferred_days=args.prefer,
        skip_dates=args.skip,
        review_nprs=args.response,
        nice_cap=nice_cap_for(case, args.nice_cap, args.clinic),
    )
    if course is None:
        return fail(_refer_message(findings))
    if args.ics is not None:
        from planner.casefile.ics import course_to_ics

        data = course_to_ics(
            case.patient.name,
            course.dates,
            course.calendar.session_minutes,
            args.clinic_name,
            args.time,
        )
        failed = write_output("--ics", args.ics, data)  # private (0600): it names the patient
        if failed is not None:
            return failed
    if args.json:
        emit_json(course.as_json())
    else:
        print("\n".join(course_lines(course)))
    return 0


def add_clinic_option(p: Any) -> None:
    p.add_argument(
        "--clinic",
        type=Path,
        metavar="FILE",
        help="clinic.json whose nice_cap is the default for a plan that does not say (default: "
        "clinic.json in your config folder, if present)",
    )


def nice_cap_for(case: Case, given: bool | None, clinic: Path | None) -> bool | None:
    """Whether NICE NG193's cap applies: --nice-cap when given, else the plan's nice_cap,
    else the clinic's default (clinic.json; a bad file raises ValidationError naming the
    field). None when there is no plan (course_for_case then says what is missing)."""
    if given is not None:
        return given
    if case.plan is None:
        return None
    if case.plan.nice_cap is not None:
        return case.plan.nice_cap
    from planner.casefile.clinic import nice_cap_default
    from planner.catalog.handouts import default_clinic_path

    return nice_cap_default(clinic or default_clinic_path())


def review_course(
    case: Case, findings: list[Finding], nice_cap: bool | None = None
) -> CourseRecommendation | None:
    """The course `needleplan review` shows: None while the safety gate stops the plan, or
    when the case lacks what a course needs (an onset date, a start date, clinic days)."""
    from planner.domain.course.for_case import course_for_case
    from planner.domain.errors import ValidationError

    try:
        return course_for_case(case, findings, nice_cap=nice_cap)
    except ValidationError:
        return None


def course_lines(course: CourseRecommendation) -> list[str]:
    """The course for a person: the numbers, the dates, why, and the sources."""
    from planner.domain.course.words import phase_text

    phases = ", then ".join(phase_text(p) for p in course.phases)
    reviews = ", ".join(str(n) for n in course.reviews_after)
    lines = [
        f"Course: {course.sessions} sessions (range {course.min_sessions}-"
        f"{course.max_sessions}); {phases}; reviews after sessions {reviews}",
    ]
    marks = set(course.reviews_after)
    for number, day in enumerate(course.dates, start=1):
        review = "  review" if number in marks else ""
        lines.append(f"  {number:>2}. {day.strftime('%a')} {day.isoformat()}{review}")
    lines.append(f"Why: {course.rationale}")
    lines.append(f"Sources: {'; '.join(course.sources)}")
    return lines


def _refer_message(findings: list[Finding]) -> str:
    from planner.domain.gate import describe_stop, stopping_findings

    return f"no course: {describe_stop(stopping_findings(findings))}"


# --- argument types: argparse turns a ValueError into a one-line usage error (exit 2) ------


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _days(text: str) -> list[date]:
    return [_day(part.strip()) for part in text.split(",") if part.strip()]


def _weekdays(text: str) -> tuple[str, ...]:
    from planner.domain.vocab import WEEKDAYS

    days = tuple(part.strip().lower()[:3] for part in text.split(",") if part.strip())
    for day in days:
        if day not in WEEKDAYS:
            raise argparse.ArgumentTypeError(f"{day!r} is not a weekday ({', '.join(WEEKDAYS)})")
    return days


def _scores(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of scores like 6,5") from None


def _time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time (HH:MM)") from None
