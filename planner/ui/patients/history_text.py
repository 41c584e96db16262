"""A patient's audit entries as the History dialog words them: when (local time), who, what
happened, and the values before and after. Presentation only: the sentences come from
planner.domain.audit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from planner.domain.audit import AuditEntry, changed_fields, describe, field_words
from planner.ui.shared.formatting import long_date

NOTHING = "—"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Words for detail keys the domain does not name (details of a handout or an erasure).
_DETAIL_WORDS = {"how": "how", "bytes": "PDF size", "plan_id": "plan", "audit_entries": "history"}


def when_text(at: datetime) -> str:
    """'4 Dec 2026, 14:32' in this computer's time zone."""
    local = at.astimezone()
    return f"{local.day} {local:%b %Y}, {local:%H:%M}"


def who_text(entry: AuditEntry) -> str:
    """The practitioner's label, else the account that wrote it ('login: maria')."""
    if entry.who:
        return entry.who
    return f"login: {entry.account}" if entry.account else "not recorded"


def plain(value: Any) -> str:
    """A snapshot's value as a person reads it: lists joined, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if _ISO_DAY.fullmatch(value):
            try:
                return long_date(date.fromisoformat(value))
            except ValueError:
                return value
        return value
    if isinstance(value, dict):
        parts = [f"{field_words(k)}: {plain(v)}" for k, v in value.items() if plain(v) != NOTHING]
        return ", ".join(parts) or NOTHING
    if isinstance(value, list | tuple):
        items = [plain(v) for v in value]
        return ("; " if any(isinstance(v, dict) for v in value) else ", ").join(items)
    return str(value)


@dataclass(frozen=True)
class Details:
    """What the lower half of the dialog shows for one entry."""

    headers: tuple[str, ...]  # ("Field", "Before", "After") or ("Field", "Value")
    rows: tuple[tuple[str, ...], ...]
    note: str = ""  # said when there are no rows


def _label(name: str, words: dict[str, str] | None = None) -> str:
    """A field's words as a table's first column says them: 'Pain after', 'NDI'."""
    text = (words or {}).get(name) or field_words(name)
    return text[:1].upper() + text[1:]


def _values(snapshot: dict[str, Any], words: dict[str, str] | None = None) -> Details:
    rows = tuple((_label(k, words), plain(v)) for k, v in snapshot.items() if plain(v) != NOTHING)
    return Details(("Field", "Value"), rows, "" if rows else "No values were recorded.")


def details(entry: AuditEntry) -> Details:
    before, after = entry.before, entry.after
    if before is not None and after is not None:
        rows = tuple(
            (_label(f), plain(before.get(f)), plain(after.get(f)))
            for f in changed_fields(before, after)
        )
        return Details(("Field", "Before", "After"), rows, "" if rows else "Nothing changed.")
    if after is not None:
        return _values(after)
    if before is not None:
        return _values(before)
    shown = dict(entry.details)
    if isinstance(shown.get("bytes"), int):
        shown["bytes"] = f"{max(1, round(shown['bytes'] / 1024))} KB"
    if not shown:
        return Details(("Field", "Value"), (), "Nothing more was recorded.")
    return _values(shown, _DETAIL_WORDS)


def entry_text(entry: AuditEntry) -> str:
    """The entry as plain text (the Copy button): when, who, what, and the values."""
    lines = [f"{when_text(entry.at)} · {who_text(entry)}", describe(entry)]
    if entry.who and entry.account:
        lines[0] += f" (login: {entry.account})"
    shown = details(entry)
    for row in shown.rows:
        if len(row) == 3:
            lines.append(f"  {row[0]}: {row[1]} → {row[2]}")
        else:
            lines.append(f"  {row[0]}: {row[1]}")
    if not shown.rows and shown.note:
        lines.append(f"  {shown.note}")
    return "\n".join(lines) + "\n"
