"""A long list of ids kept small."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class IdRuns:
    """Ids in the order they came, kept as runs of consecutive numbers: the ids of a million
    imported patients take a few runs, not a million ints."""

    def __init__(self) -> None:
        self._runs: list[range] = []
        self._count = 0

    def extend(self, ids: Iterable[int]) -> None:
        for i in ids:
            last = self._runs[-1] if self._runs else None
            if last is not None and last.stop == i:
                self._runs[-1] = range(last.start, i + 1)
            else:
                self._runs.append(range(i, i + 1))
            self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        for run in self._runs:
            yield from run
