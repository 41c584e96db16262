from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Result:
    name: str
    value: float  # the ratio (or ms where the target is absolute)
    limit: float
    detail: str
    unit: str = "x"

    @property
    def ok(self) -> bool:
        return self.value <= self.limit

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        measured = f"{self.value:.2f}{self.unit} (limit {self.limit}{self.unit})"
        return f"{mark} {self.name}: {measured} - {self.detail}"
