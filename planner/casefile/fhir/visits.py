"""Each visit as an Encounter (ambulatory, on its date), a Procedure (the needling: what, where
on which side, any adverse event and what was done about it, the SOAP notes) and the pain
before and after as Observations in that encounter.

A deleted visit stays on record in the app; here it is entered-in-error. A visit without
targets records no needling, so its Procedure's status is unknown rather than completed.
"""

from __future__ import annotations

from planner.casefile.fhir.careplans import plan_assessment
from planner.casefile.fhir.codes import (
    ACT_CODE,
    JSON,
    Urns,
    coding,
    entry,
    notes,
    nprs,
    ref,
    score,
    text_concept,
)
from planner.casefile.fhir.words import modality_words, target_words
from planner.domain.catalog import Catalog
from planner.domain.history import PatientHistory, VisitRecord
from planner.domain.visit import AdverseEvent, Visit


def visit_entries(
    h: PatientHistory,
    urns: Urns,
    patient: str,
    conditions: dict[int, str],
    careplans: dict[int, str],
    catalog: Catalog,
) -> list[JSON]:
    found: list[JSON] = []
    for number, record in enumerate(h.visits, 1):
        v = record.visit
        error = v.deleted_at is not None
        plan = h.plans[record.plan - 1] if record.plan is not None else None
        made_from = plan_assessment(h, plan) if plan is not None else None
        reason = [ref(conditions[made_from])] if made_from is not None else []
        encounter = urns("encounter", number)
        found.append(entry(encounter, _encounter(v, patient, reason, error)))
        procedure = _procedure(h, record, patient, encounter, catalog, error)
        if reason:
            procedure["reasonReference"] = reason
        if record.plan is not None:
            procedure["basedOn"] = [ref(careplans[record.plan])]
        found.append(entry(urns("procedure", number), procedure))
        when = v.date.isoformat()
        pain = (("before", v.nprs_before), ("after", v.nprs_after))
        for name, value in pain:
            if value is not None:
                code = nprs(f"Pain {name} treatment (NPRS 0-10)")
                resource = score(patient, code, value, when, error=error, encounter=encounter)
                found.append(entry(urns("observation", "visit", number, name), resource))
    return found


def _encounter(v: Visit, patient: str, reason: list[JSON], error: bool) -> JSON:
    resource: JSON = {
        "resourceType": "Encounter",
        "status": "entered-in-error" if error else "finished",
        "class": coding(ACT_CODE, "AMB", "ambulatory"),
        "subject": ref(patient),
        "period": {"start": v.date.isoformat(), "end": v.date.isoformat()},
    }
    if reason:
        resource["reasonReference"] = reason
    return resource


def _procedure(
    h: PatientHistory,
    record: VisitRecord,
    patient: str,
    encounter: str,
    catalog: Catalog,
    error: bool,
) -> JSON:
    v = record.visit
    plan = h.plans[record.plan - 1].plan if record.plan is not None else None
    status = "entered-in-error" if error else "completed" if v.targets else "unknown"
    resource: JSON = {
        "resourceType": "Procedure",
        "status": status,
        "code": text_concept(modality_words(plan)),
        "subject": ref(patient),
        "encounter": ref(encounter),
        "performedDateTime": v.date.isoformat(),
    }
    sites = [text_concept(target_words(catalog, t.target, t.side)) for t in v.targets]
    if sites:
        resource["bodySite"] = sites
    if v.adverse_events:
        resource["complication"] = [text_concept(_event_words(e)) for e in v.adverse_events]
        follow_ups = [text_concept(e.follow_up) for e in v.adverse_events if e.follow_up.strip()]
        if follow_ups:
            resource["followUp"] = follow_ups
    written = notes(
        *(f"Adverse event: {_event_words(e)}{_follow_up(e)}" for e in v.adverse_events),
        *(f"{label}: {text}" if text.strip() else "" for label, text in _soap(v)),
    )
    if written:
        resource["note"] = written
    return resource


def _event_words(e: AdverseEvent) -> str:
    """'Bruise (small, at GB21)': the kind in words, then what the practitioner wrote."""
    kind = str(e.kind).replace("-", " ")
    kind = kind[:1].upper() + kind[1:]
    return f"{kind} ({e.description.strip()})" if e.description.strip() else kind


def _follow_up(e: AdverseEvent) -> str:
    return f". Follow-up: {e.follow_up.strip()}" if e.follow_up.strip() else ""


def _soap(v: Visit) -> tuple[tuple[str, str], ...]:
    return (
        ("Subjective", v.subjective),
        ("Objective", v.objective),
        ("Assessment", v.assessment),
        ("Plan", v.plan),
    )
