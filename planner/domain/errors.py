"""Errors raised by domain and service code; the UI and CLI decide how to show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class DomainError(Exception):
    """Base class for errors a user can act on (never a programming bug)."""


@dataclass(frozen=True)
class FieldProblem:
    """One bad value: the dotted field path and what is wrong with it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ValidationError(DomainError):
    """Input that breaks a rule; names every offending field."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems: tuple[FieldProblem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("ValidationError needs at least one problem")
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([FieldProblem(field, message)])

    def first(self) -> FieldProblem:
        return self.problems[0]


class NotFoundError(DomainError):
    """A record that was asked for does not exist (or was deleted)."""


class ErasedError(NotFoundError):
    """A record known to have been stored is no longer in the database at all: only an
    erasure on request removes a patient's row."""


class ConflictError(DomainError):
    """Someone else saved the record since it was loaded (optimistic locking)."""

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version
