"""The FHIR R4 export of a patient's whole history (issue 14): a collection Bundle that the
fhir.resources R4B models accept, entry by entry, with LOINC-coded scores, references that
resolve inside the bundle, and the same bytes every time."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from planner.casefile.fhir import patient_bundle
from planner.catalog.loader import load_catalog
from planner.catalog.rules import load_rules
from planner.domain.assessment import Assessment, PainRegion, PainScores
from planner.domain.catalog import Catalog
from planner.domain.history import AssessmentRecord, PatientHistory, PlanRecord, VisitRecord
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.screening_rules import Rule
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit, VisitTarget
from planner.domain.vocab import Modality, Sex, Side

NPRS, NDI = "72514-3", "82237-9"


@cache
def _library() -> tuple[Catalog, tuple[Rule, ...]]:
    catalog = load_catalog()
    return catalog, load_rules(catalog=catalog)


def _at(day: int, month: int = 9) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


PATIENT = Patient("Ana López", date(1984, 3, 2), Sex.FEMALE, "+1 555 0100", "ana@example.org")
FIRST = Assessment(
    date(2026, 9, 1),
    complaint="Right neck pain",
    onset_date=date(2026, 8, 1),
    pain=PainScores(6, 3, 8),
    ndi_total=18,
    pain_regions=(PainRegion("neck-right", 6), PainRegion("scapula-right", 4)),
)
NECK_PLAN = Plan(
    acupoints=(AcupointTarget("GB21", Side.RIGHT),),
    trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
    start_date=date(2026, 9, 2),
    clinic_days=("mon", "wed", "fri"),
)
TRAPEZIUS_PLAN = Plan(
    modality=Modality.DRY_NEEDLING,
    trigger_points=(TriggerPointTarget("upper-trapezius", Side.BOTH),),
    start_date=date(2026, 10, 5),
    clinic_days=("mon", "wed", "fri"),
)


def _history() -> PatientHistory:
    """3 assessments (the first corrected by the second), 2 plans, 5 visits (one deleted,
    one without targets)."""
    correction = replace(FIRST, complaint="Right neck and shoulder-blade pain")
    later = Assessment(
        date(2026, 10, 1), "Neck pain, no better", date(2026, 8, 1), PainScores(5, None, 7), 20
    )
    gb21 = VisitTarget("GB21", Side.RIGHT)
    bruise = AdverseEvent(AdverseEventKind.BRUISE, "small, at GB21", "ice for 10 minutes")
    visits = (
        VisitRecord(Visit(date(2026, 9, 2), (gb21,), 6, 4, adverse_events=(bruise,)), 1),
        VisitRecord(
            Visit(
                date(2026, 9, 4),
                (gb21, VisitTarget("TP:levator-scapulae", Side.RIGHT)),
                5,
                3,
                subjective="Slept better",
            ),
            1,
        ),
        VisitRecord(Visit(date(2026, 9, 7), (gb21,), 5, deleted_at=_at(8)), 1),
        VisitRecord(Visit(date(2026, 10, 5), (VisitTarget("TP:upper-trapezius"),), 4), 2),
        VisitRecord(Visit(date(2026, 10, 7)), 2),
    )
    return PatientHistory(
        PATIENT,
        (
            AssessmentRecord(FIRST, None, _at(1)),
            AssessmentRecord(correction, 1, _at(1, 9).replace(hour=13)),
            AssessmentRecord(later, None, _at(1, 10)),
        ),
        (
            PlanRecord(NECK_PLAN, 2, _at(1, 9).replace(hour=14)),
            PlanRecord(TRAPEZIUS_PLAN, 3, _at(2, 10)),
        ),
        visits,
    )


def _bundle(h: PatientHistory, patient_id: int = 7) -> dict[str, Any]:
    catalog, rules = _library()
    return patient_bundle(h, catalog, rules, patient_id=patient_id)


def _validated(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle, after R4B's Bundle model and each entry's own resource model took it."""
    Bundle.model_validate(bundle)
    for e in bundle["entry"]:
        resource = e["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return bundle


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _references(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference":
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def _codes(resource: dict[str, Any]) -> list[str]:
    return [c["code"] for c in resource["code"].get("coding", [])]


def test_a_whole_history_validates_with_the_r4b_models() -> None:
    bundle = _validated(_bundle(_history()))
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    assert "timestamp" not in bundle  # nothing of "now" in an export that must repeat


def test_three_assessments_and_five_visits_give_the_right_counts() -> None:
    kinds = Counter(e["resource"]["resourceType"] for e in _bundle(_history())["entry"])
    # Observations: 4 + 4 + 3 from the assessments (the third has no least pain), then the
    # visits' pain before and after: 2 + 2 + 1 + 1 + 0.
    assert kinds == {
        "Patient": 1,
        "Condition": 3,
        "CarePlan": 2,
        "Encounter": 5,
        "Procedure": 5,
        "Observation": 17,
    }


def test_a_patient_without_records_is_a_valid_bundle_of_the_patient_alone() -> None:
    bundle = _validated(_bundle(PatientHistory(Patient("Bo Ek"))))
    [patient] = [e["resource"] for e in bundle["entry"]]
    assert patient == {"resourceType": "Patient", "name": [{"text": "Bo Ek"}], "gender": "unknown"}


def test_the_patient_carries_name_birth_date_gender_and_contacts() -> None:
    [patient] = _resources(_bundle(_history()), "Patient")
    assert patient["name"] == [{"text": "Ana López"}]
    assert (patient["birthDate"], patient["gender"]) == ("1984-03-02", "female")
    assert patient["telecom"] == [
        {"system": "phone", "value": "+1 555 0100"},
        {"system": "email", "value": "ana@example.org"},
    ]


def test_pain_now_and_the_visits_pain_carry_loinc_72514_3_and_the_ndi_82237_9() -> None:
    observations = _resources(_bundle(_history()), "Observation")
    by_text = Counter((o["code"]["text"], tuple(_codes(o))) for o in observations)
    assert by_text[("Pain now (NPRS 0-10)", (NPRS,))] == 3
    assert by_text[("Neck Disability Index, raw total (0-50)", (NDI,))] == 3
    assert by_text[("Pain before treatment (NPRS 0-10)", (NPRS,))] == 4
    assert by_text[("Pain after treatment (NPRS 0-10)", (NPRS,))] == 2
    # Least and worst pain have no verified LOINC code of their own: text only.
    assert by_text[("Least pain (NPRS 0-10)", ())] == 2
    assert by_text[("Worst pain (NPRS 0-10)", ())] == 3
    for o in observations:
        assert o["category"][0]["coding"][0]["code"] == "survey"
        assert isinstance(o["valueInteger"], int)
    ndi = next(o for o in observations if NDI in _codes(o) and o["status"] == "final")
    assert (ndi["valueInteger"], ndi["interpretation"][0]["text"]) == (
        18,
        "moderate disability (Vernon and Mior)",
    )


def test_every_reference_resolves_to_an_entry_and_full_urls_are_unique_urns() -> None:
    bundle = _bundle(_history())
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(u.startswith("urn:uuid:") for u in urls)
    references = list(_references([e["resource"] for e in bundle["entry"]]))
    assert len(references) > 40
    assert set(references) <= set(urls)


def test_the_export_is_the_same_every_time_and_differs_by_patient() -> None:
    first, again = _bundle(_history()), _bundle(_history())
    assert json.dumps(first, sort_keys=False) == json.dumps(again, sort_keys=False)
    other = _bundle(_history(), patient_id=8)
    assert {e["fullUrl"] for e in other["entry"]}.isdisjoint(e["fullUrl"] for e in first["entry"])


def test_a_condition_per_assessment_with_onset_body_sites_and_evidence() -> None:
    bundle = _bundle(_history())
    urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    _, correction, later = _resources(bundle, "Condition")
    assert correction["code"] == {"text": "Right neck and shoulder-blade pain"}
    assert correction["clinicalStatus"]["coding"][0]["code"] == "active"
    assert correction["verificationStatus"]["coding"][0]["code"] == "confirmed"
    assert (correction["onsetDateTime"], correction["recordedDate"]) == ("2026-08-01", "2026-09-01")
    assert correction["bodySite"] == [
        {"text": "Right side of the neck"},
        {"text": "Right shoulder blade"},
    ]
    evidence = [urls[r["reference"]] for r in correction["evidence"][0]["detail"]]
    assert [o["valueInteger"] for o in evidence] == [6, 3, 8, 18]
    assert "bodySite" not in later


def test_a_blank_complaint_is_named_by_the_pain_drawing() -> None:
    blank = replace(FIRST, complaint=" ")
    bare = replace(FIRST, complaint="", pain_regions=())
    h = PatientHistory(PATIENT, (AssessmentRecord(blank), AssessmentRecord(bare)))
    texts = [c["code"]["text"] for c in _resources(_validated(_bundle(h)), "Condition")]
    assert texts == [
        "Pain: right side of the neck, right shoulder blade",
        "Pain (no complaint recorded)",
    ]


def test_a_corrected_assessment_and_its_scores_are_entered_in_error() -> None:
    bundle = _bundle(_history())
    first = _resources(bundle, "Condition")[0]
    assert first["verificationStatus"]["coding"][0]["code"] == "entered-in-error"
    assert "clinicalStatus" not in first  # R4 con-5
    statuses = Counter(o["status"] for o in _resources(bundle, "Observation"))
    assert statuses == {"entered-in-error": 4 + 1, "final": 12}  # its 4, the deleted visit's 1


def test_an_encounter_per_visit_ambulatory_on_its_date() -> None:
    encounters = _resources(_bundle(_history()), "Encounter")
    assert [e["status"] for e in encounters] == ["finished"] * 2 + ["entered-in-error"] + [
        "finished"
    ] * 2
    for e in encounters:
        assert e["class"]["code"] == "AMB"
        assert e["class"]["system"] == "http://terminology.hl7.org/CodeSystem/v3-ActCode"
        assert e["period"]["start"] == e["period"]["end"]
    assert encounters[3]["period"]["start"] == "2026-10-05"


def test_a_procedure_per_visit_with_the_modality_sites_and_adverse_events() -> None:
    bundle = _bundle(_history())
    urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    procedures = _resources(bundle, "Procedure")
    assert [p["code"]["text"] for p in procedures] == ["Acupuncture"] * 3 + ["Dry needling"] * 2
    assert [p["status"] for p in procedures] == [
        "completed",
        "completed",
        "entered-in-error",
        "completed",
        "unknown",  # no target recorded: no needling on record
    ]
    first, second = procedures[0], procedures[1]
    assert first["performedDateTime"] == "2026-09-02"
    assert urls[first["encounter"]["reference"]]["resourceType"] == "Encounter"
    assert urls[first["basedOn"][0]["reference"]]["resourceType"] == "CarePlan"
    assert [s["text"] for s in second["bodySite"]] == [
        "GB21 Jiānjǐng, right (shoulder)",
        "Levator scapulae trigger points, right (neck)",
    ]
    assert procedures[3]["bodySite"] == [
        {"text": "Upper trapezius trigger points, both sides (shoulder)"}
    ]
    assert first["complication"] == [{"text": "Bruise (small, at GB21)"}]
    assert first["followUp"] == [{"text": "ice for 10 minutes"}]
    assert first["note"] == [
        {"text": "Adverse event: Bruise (small, at GB21). Follow-up: ice for 10 minutes"}
    ]
    assert second["note"] == [{"text": "Subjective: Slept better"}]
    assert "complication" not in second


def test_careplans_the_latest_active_the_earlier_replaced_with_a_session_per_date() -> None:
    bundle = _bundle(_history())
    urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    neck, trapezius = _resources(bundle, "CarePlan")
    assert (neck["status"], trapezius["status"]) == ("revoked", "active")
    assert urls[trapezius["replaces"][0]["reference"]] is neck
    assert urls[neck["addresses"][0]["reference"]]["code"]["text"].startswith("Right neck and")
    assert neck["intent"] == "plan"
    assert neck["description"].startswith(
        "Acupuncture, sessions of 30 minutes: GB21 Jiānjǐng, right (shoulder); "
        "Levator scapulae trigger points, right (neck). Course: "
    )
    details = [a["detail"] for a in neck["activity"]]
    days = [d["scheduledPeriod"]["start"] for d in details]
    assert (neck["period"]["start"], neck["period"]["end"]) == (days[0], days[-1])
    assert days[:3] == ["2026-09-02", "2026-09-04", "2026-09-07"]
    # Held on its date: completed; the deleted visit of 7 Sep does not count; the rest of a
    # replaced plan was cancelled.
    assert [d["status"] for d in details[:3]] == ["completed", "completed", "cancelled"]
    assert {d["status"] for d in details[3:]} <= {"cancelled"}
    assert all(d["kind"] == "Appointment" for d in details)
    later = [
        (a["detail"]["scheduledPeriod"]["start"], a["detail"]["status"])
        for a in trapezius["activity"]
    ]
    # Weekly: the visit of 7 Oct fell on no session's date, so it completes none.
    assert later == [
        ("2026-10-05", "completed"),
        ("2026-10-12", "scheduled"),
        ("2026-10-19", "scheduled"),
    ]


def test_a_plan_made_before_its_assessment_was_corrected_addresses_the_correction() -> None:
    h = _history()
    h = replace(h, plans=(replace(h.plans[0], assessment=1), *h.plans[1:]))
    bundle = _bundle(h)
    urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    careplan = _resources(bundle, "CarePlan")[0]
    encounter = _resources(bundle, "Encounter")[0]
    for reference in (careplan["addresses"][0], encounter["reasonReference"][0]):
        condition = urls[reference["reference"]]
        assert condition["code"]["text"] == "Right neck and shoulder-blade pain"
        assert condition["verificationStatus"]["coding"][0]["code"] == "confirmed"


def test_a_plan_the_safety_gate_stops_has_no_sessions_and_says_why() -> None:
    flagged = Assessment(date(2026, 9, 1), "Neck pain", date(2026, 8, 1), red_flags=("fever",))
    h = PatientHistory(
        PATIENT, (AssessmentRecord(flagged, None, _at(1)),), (PlanRecord(NECK_PLAN, 1, _at(2)),)
    )
    [careplan] = _resources(_validated(_bundle(h)), "CarePlan")
    assert "activity" not in careplan
    assert "No course: " in careplan["description"]
    assert "fever" in careplan["description"]
    assert careplan["period"] == {"start": "2026-09-02"}


def test_a_plan_without_clinic_days_has_no_course_and_names_the_field() -> None:
    plan = replace(NECK_PLAN, clinic_days=())
    h = PatientHistory(
        PATIENT, (AssessmentRecord(FIRST, None, _at(1)),), (PlanRecord(plan, 1, _at(2)),)
    )
    [careplan] = _resources(_validated(_bundle(h)), "CarePlan")
    assert "activity" not in careplan
    assert "No course: plan.clinic_days" in careplan["description"]


def test_building_a_bundle_needs_no_fhir_library() -> None:
    """fhir.resources is a test-only dependency: with it made unimportable, the export
    still builds a bundle."""
    script = (
        "import sys\n"
        "sys.modules['fhir'] = None\n"  # any import of fhir or fhir.resources now fails
        "from planner.casefile.fhir import patient_bundle\n"
        "from planner.catalog.loader import load_catalog\n"
        "from planner.catalog.rules import load_rules\n"
        "from planner.domain.history import PatientHistory\n"
        "from planner.domain.patient import Patient\n"
        "c = load_catalog()\n"
        "b = patient_bundle(PatientHistory(Patient('X')), c, load_rules(catalog=c), patient_id=1)\n"
        "print(b['entry'][0]['resource']['resourceType'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "Patient\n"), done.stderr
