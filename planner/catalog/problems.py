"""Problem messages that name the file, the entry and the field.

`acupoints.json: GB21: flags[1]: 'lungs' is not one of lung-risk, vessel-risk, ...`
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from planner.domain.catalog import CatalogError

# Which key names an entry in each file's list, for messages.
ENTRY_KEYS: dict[str, str] = {
    "acupoints": "code",
    "details": "code",
    "extra_points": "code",
    "trigger_regions": "muscle",
    "sources": "id",
}


def field_path(parts: Iterable[str | int]) -> str:
    """('flags', 1) -> 'flags[1]'; ('depth', 'cun', 0) -> 'depth.cun[0]'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def entry_label(document: Any, path: Sequence[str | int]) -> tuple[str | None, Sequence[str | int]]:
    """The entry a path points into (its code, muscle or id) and the rest of the path."""
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        list_key, index = path[0], path[1]
        label = f"{list_key}[{index}]"
        if isinstance(document, Mapping):
            entries = document.get(list_key)
            if isinstance(entries, list) and index < len(entries):
                entry = entries[index]
                key = ENTRY_KEYS.get(list_key)
                if isinstance(entry, Mapping) and key and isinstance(entry.get(key), str):
                    label = entry[key]
        return label, path[2:]
    return None, path


def message(file: str, entry: str | None, field: str, text: str) -> str:
    return ": ".join(part for part in (file, entry, field, text) if part)


class Problems:
    """Collects problems; `raise_if_any` raises one CatalogError naming the first."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: str, entry: str | None, field: str, text: str) -> None:
        self.items.append(message(file, entry, field, text))

    def raise_if_any(self) -> None:
        if self.items:
            raise CatalogError.from_problems(self.items)
