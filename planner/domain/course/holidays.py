"""Public holidays within a course, from the `holidays` package, to offer as skip dates.

The package is imported inside public_holidays (it costs about 0.1 s): only when the
practitioner asks for the holidays, never at start-up or when the Course page opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.errors import ValidationError


@dataclass(frozen=True, order=True)
class Holiday:
    day: date
    name: str


def public_holidays(
    country: str, subdivision: str | None, first: date, last: date
) -> tuple[Holiday, ...]:
    """The public holidays of the country (and region) from first to last, earliest first.

    ValidationError naming the setting when the package does not know the place.
    """
    import holidays

    try:
        calendar = holidays.country_holidays(
            country, subdiv=subdivision, years=range(first.year, last.year + 1)
        )
    except NotImplementedError:  # the package's word for an unknown country or region
        place = f"{country}, {subdivision}" if subdivision else country
        raise ValidationError.single(
            "public_holidays", f"no public holidays are known for {place}"
        ) from None
    return tuple(sorted(Holiday(d, str(n)) for d, n in calendar.items() if first <= d <= last))
