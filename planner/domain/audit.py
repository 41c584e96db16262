"""The audit trail: who did what to which record, when, and the record before and after.

The store appends an entry in the same transaction as every change it makes (it can only
append: planner.store.audit); this module holds the entry and says it in plain words for the
History view and `needleplan history`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class Action:
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    RESTORE = "restore"  # a deleted record brought back
    CORRECT = "correct"  # an assessment replaced by a corrected version
    CLEARANCE = "clearance"  # a red flag cleared by a practitioner
    OVERRIDE = "override"  # a safety finding or the course overridden
    HANDOUT = "handout"  # a handout printed, saved or given
    IMPORT = "import"
    ERASE = "erase"  # a patient erased on request: the one entry left, with no personal data


class Kind:
    PATIENT = "patient"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    VISIT = "visit"
    PROTOCOL = "protocol"
    HANDOUT = "handout"
    PRACTITIONER = "practitioner"
    DATABASE = "database"


Snapshot = dict[str, Any]  # a record's fields as JSON values


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    action: str
    kind: str
    who: str  # the practitioner's label then, or "" when none was chosen
    account: str  # the database role (PostgreSQL) or the computer's login (SQLite)
    record_id: int | None = None
    patient_id: int | None = None
    before: Snapshot | None = None
    after: Snapshot | None = None
    practitioner_id: int | None = None
    id: int | None = None
    details: Snapshot = field(default_factory=dict)  # what the action needs to be worded

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "who": self.who,
            "account": self.account,
            "practitioner_id": self.practitioner_id,
            "action": self.action,
            "kind": self.kind,
            "record_id": self.record_id,
            "patient_id": self.patient_id,
            "summary": describe(self),
            "changed": changed_fields(self.before, self.after),
            "before": self.before,
            "after": self.after,
        }


_KIND_WORDS = {
    Kind.PATIENT: "the patient's details",
    Kind.ASSESSMENT: "an assessment",
    Kind.PLAN: "the treatment plan",
    Kind.VISIT: "a visit",
    Kind.PROTOCOL: "a protocol",
    Kind.HANDOUT: "the aftercare handout",
    Kind.PRACTITIONER: "a practitioner's profile",
    Kind.DATABASE: "the database",
}
_FIELD_WORDS = {
    "birth_date": "date of birth",
    "nprs_before": "pain before",
    "nprs_after": "pain after",
    "pain_now": "pain now",
    "pain_best": "pain at best",
    "pain_worst": "pain at worst",
    "ndi_total": "NDI",
    "psfs": "PSFS",
    "pain_regions": "pain drawing",
    "red_flags": "red flags",
    "adverse_events": "adverse events",
    "assessment_note": "assessment note",
    "plan_note": "plan note",
    "course_override": "course",
    "session_minutes": "session length",
    "start_date": "start date",
    "onset_date": "onset",
    "consent_date": "consent date",
    "pregnancy_weeks": "pregnancy",
    "registration": "registration number",
    "handout_given": "handout given",
}


def field_words(name: str) -> str:
    return _FIELD_WORDS.get(name, name.replace("_", " "))


def changed_fields(before: Snapshot | None, after: Snapshot | None) -> list[str]:
    """The fields whose value differs, by name (PostgreSQL's JSONB keeps no key order)."""
    if before is None or after is None:
        return []
    return sorted(k for k in {*before, *after} if before.get(k) != after.get(k))


def _dated(entry: AuditEntry) -> str:
    for snap in (entry.after, entry.before):
        if snap and isinstance(snap.get("date"), str):
            return f" of {snap['date']}"
    return ""


def describe(entry: AuditEntry) -> str:
    """The entry as one sentence without its time and author, e.g. "Changed the patient's
    details: phone, notes." The History view and `needleplan history` print it."""
    what = _KIND_WORDS.get(entry.kind, entry.kind)
    d = entry.details
    if entry.kind in (Kind.ASSESSMENT, Kind.VISIT):
        what += _dated(entry)
    if entry.action == Action.CREATE:
        return f"Recorded {what}." if entry.kind != Kind.PATIENT else "Added the patient."
    if entry.action == Action.CHANGE:
        fields = ", ".join(field_words(f) for f in changed_fields(entry.before, entry.after))
        return f"Changed {what}: {fields}." if fields else f"Saved {what} unchanged."
    if entry.action == Action.DELETE:
        return f"Deleted {what} (kept on record, can be restored)."
    if entry.action == Action.RESTORE:
        if entry.kind == Kind.DATABASE:
            return "Restored the whole database from a backup."
        return f"Restored {what}."
    if entry.action == Action.CORRECT:
        return f"Corrected {what}; the earlier version is kept."
    if entry.action == Action.CLEARANCE:
        flag = str(d.get("flag", "a red flag")).replace("-", " ")
        return f"Cleared the red flag '{flag}' after assessment."
    if entry.action == Action.OVERRIDE:
        return f"Overrode {d.get('what', 'a safety finding')}."
    if entry.action == Action.HANDOUT:
        how = {"printed": "Printed", "saved": "Saved"}.get(str(d.get("how")), "Gave")
        return f"{how} the aftercare handout."
    if entry.action == Action.IMPORT:
        return "Imported the patient's records."
    if entry.action == Action.ERASE:
        return "Erased a patient's records completely, on request."
    return f"{entry.action} {what}."
