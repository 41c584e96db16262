"""A case file that cannot be read: every problem, by line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.errors import DomainError

_SHOWN = 20  # problems spelled out in str(error); .problems holds them all


@dataclass(frozen=True)
class LineProblem:
    """One problem in a case file.

    line is where the record starts (1-based; for invalid JSON, where the parser stopped),
    or None for the file as a whole. field is a dotted path, or "" for the record as a whole.
    """

    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{self.message}"


class CaseFileError(DomainError):
    """A case file with at least one bad record; nothing from it should be used.

    omitted counts problems found beyond those kept in .problems (a reader keeps a bounded
    number, so a file of a million bad records does not fill memory with them).
    """

    def __init__(self, problems: Iterable[LineProblem], *, omitted: int = 0) -> None:
        self.problems: tuple[LineProblem, ...] = tuple(problems)
        self.omitted = omitted
        if not self.problems:
            raise ValueError("CaseFileError needs at least one problem")
        lines = [str(p) for p in self.problems[:_SHOWN]]
        more = len(self.problems) - len(lines) + omitted
        if more:
            lines.append(f"... and {more} more problem{'s' if more != 1 else ''}")
        super().__init__("\n".join(lines))

    def lines(self) -> list[int]:
        """The distinct line numbers with a problem, in order."""
        return sorted({p.line for p in self.problems if p.line is not None})
