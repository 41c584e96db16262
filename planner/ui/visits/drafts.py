"""A visit typed but not saved, as the draft keeps it: the form's fields with the visit they
edit (id, version, plan), and back onto the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.domain.visit import Visit
from planner.ui.visits.form import VisitForm


def draft_image(base: Visit, form: VisitForm) -> dict[str, Any]:
    return {
        "visit_id": base.id,
        "version": base.version,
        "plan_id": base.plan_id,
        "form": form.to_json(),
    }


def restore_into(form: VisitForm, data: dict[str, Any], today: date) -> tuple[Visit, str]:
    """The visit the draft edits, with its fields on the form; and what could not be
    restored ("" when all was)."""
    base = Visit(
        date=today,
        id=data.get("visit_id"),
        version=int(data.get("version") or 0),
        plan_id=data.get("plan_id"),
    )
    try:
        form.load(base)
        form.load_json(data.get("form", {}))
    except (KeyError, ValueError, TypeError) as exc:
        return base, f"Part of the unsaved visit could not be restored: {exc}"
    return base, ""
