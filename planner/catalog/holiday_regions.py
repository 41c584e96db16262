"""The places whose public holidays the `holidays` package knows: countries and their regions
(subdivisions), named for a person to choose from.

The package is imported only when a function here is called (it costs ~0.1 s): the clinic's
settings and the course planner's skip dates use it, start-up never does.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from planner.domain.errors import FieldProblem

COUNTRY_FIELD = "holiday_country"
SUBDIVISION_FIELD = "holiday_subdivision"


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """(ISO 3166 alpha-2 code, English name) of every supported country, sorted by name."""
    from holidays.registry import COUNTRIES

    # The registry names each country by its class ("UnitedKingdom"): words are its capitals.
    found = {entry[1]: _words(entry[0]) for entry in COUNTRIES.values()}
    return tuple(sorted(found.items(), key=lambda item: item[1].casefold()))


def country_name(code: str) -> str:
    """The country's English name, or the code itself when the package does not know it."""
    return dict(countries()).get(code, code)


@cache
def subdivisions(country: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the country's regions with holidays of their own, sorted by name;
    empty when the country has none or is unknown."""
    calendar = _calendar(country)
    if calendar is None:
        return ()
    aliases: dict[str, list[str]] = calendar.get_subdivision_aliases()
    named = [(code, _region_name(code, aliases.get(code, []))) for code in calendar.subdivisions]
    return tuple(sorted(named, key=lambda item: item[1].casefold()))


def place_problems(country: str | None, subdivision: str | None) -> list[FieldProblem]:
    """What is wrong with a chosen country and region, by the settings' field names."""
    if not country:
        if subdivision:
            return [FieldProblem(SUBDIVISION_FIELD, "needs a country")]
        return []
    if country not in dict(countries()):
        return [FieldProblem(COUNTRY_FIELD, f"{country!r} is not a country with known holidays")]
    if subdivision and subdivision not in dict(subdivisions(country)):
        return [
            FieldProblem(
                SUBDIVISION_FIELD, f"{subdivision!r} is not a region of {country_name(country)}"
            )
        ]
    return []


def _calendar(country: str) -> Any:
    import holidays

    try:
        return holidays.country_holidays(country)
    except NotImplementedError:  # the package's word for an unknown country
        return None


def _region_name(code: str, aliases: list[str]) -> str:
    # Aliases mix codes ("GP", "GUA") with names ("Guadeloupe"): the longest is the name.
    names = [a for a in aliases if not a.isupper() or " " in a]
    return max(names, key=len) if names else code


def _words(class_name: str) -> str:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", class_name)
    spaced = spaced.replace("Mc ", "Mc")  # "Heard Island and McDonald Islands"
    return re.sub(r"(?<= )(And|Of|The|Da)(?= )", lambda m: m.group(1).lower(), spaced)
