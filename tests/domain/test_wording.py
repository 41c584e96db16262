"""Message helpers: a refused value is quoted and shortened, never echoed whole."""

from __future__ import annotations

from planner.domain import wording


def test_quoted_keeps_a_short_value_whole() -> None:
    assert wording.quoted("GB21") == "'GB21'"
    assert wording.quoted(7) == "7"


def test_quoted_shortens_a_long_value_and_gives_its_length() -> None:
    shown = wording.quoted("x" * 10_000_000)
    assert shown == "'" + "x" * 60 + "'… (10000000 characters)"
    assert wording.quoted(10**5000) == "a whole number of about 5001 digits"
    assert wording.quoted(10**100).endswith("… (101 characters)")


def test_quoted_escapes_control_characters() -> None:
    assert wording.quoted("a\x1b[31mb") == "'a\\x1b[31mb'"


def test_a_huge_unknown_value_is_shortened_and_not_compared() -> None:
    message = wording.not_known("p" * 1_000_000, "condition", ["pregnancy"])
    assert len(message) < 150
    assert "did you mean" not in message
    assert wording.above_maximum("9" * 5000, 10).startswith("9" * 60 + "…")
