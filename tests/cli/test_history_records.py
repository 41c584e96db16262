"""`needleplan export` writes every patient's whole history and the protocols
(needleplan-case/2); `needleplan import` reads it and needleplan-case/1 alike (issue 14).
A refusal is one line naming the line and the field, exit 2, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.domain.assessment import Assessment
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit, VisitTarget
from planner.store.database import Store, open_store
from tests.support.postgres import Server


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _opened(url: str) -> Store:
    return open_store(url)


def _seed(url: str, visits: int = 3) -> int:
    """A patient with a corrected assessment, two plans, visits; a protocol."""
    store = _opened(url)
    try:
        pid = store.patients.add(Patient("Ana López", date(1984, 3, 2))).id
        assert pid is not None
        first = Assessment(
            date(2026, 9, 1), onset_date=date(2026, 8, 1), conditions=("needle-phobia",)
        )
        a = store.cases.save_assessment(pid, first)
        assert a.id is not None
        block = Override("needle-phobia", "GB21", "talked it through; she wants to go on")
        plan = store.cases.save_plan(
            pid, Plan(acupoints=(AcupointTarget("GB21"),), overrides=(block,)), a.id
        )
        store.cases.correct_assessment(
            a.id,
            Assessment(
                date(2026, 9, 1),
                complaint="neck",
                onset_date=date(2026, 8, 1),
                removed=("needle-phobia",),
            ),
        )
        later = store.cases.save_plan(pid, Plan(acupoints=(AcupointTarget("SI3"),)), a.id)
        for i in range(visits):
            v = store.visits.add(
                pid,
                Visit(
                    date(2026, 9, 2) if i < 100 else date(2026, 10, 2),
                    targets=(VisitTarget("GB21"),),
                    nprs_before=6,
                    subjective=f"visit {i}",
                    adverse_events=(AdverseEvent(AdverseEventKind.BRUISE, "small", "ice"),),
                    plan_id=(plan if i % 2 else later).id,
                ),
            )
            if i == 1:
                store.visits.delete(v.id or 0)
        store.protocols.add(
            Protocol("Neck basic", (PlannedTarget("GB21"), PlannedTarget("TP:levator-scapulae")))
        )
        return pid
    finally:
        store.close()


@pytest.fixture
def second_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second fresh database on the same backend as database_url."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.sqlite'}"
        return
    server: Server = request.getfixturevalue("pg_server")
    with server.database() as url:
        yield url


def test_a_patient_with_200_visits_comes_back_with_200_visits(
    database_url: str, second_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(database_url, visits=200)
    out = tmp_path / "all.jsonl"
    assert _run(capsys, "--database-url", database_url, "export", "-o", str(out))[0] == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["format"] for line in lines] == ["needleplan-case/2"] * 2
    code, printed, _ = _run(capsys, "--database-url", second_url, "import", str(out))
    assert (code, printed) == (0, "Imported 1 patient and 1 protocol.\n")
    store = _opened(second_url)
    try:
        [pid] = [p.id for p in store.patients.search("")]
        assert pid is not None
        assert len(store.visits.for_patient(pid, include_deleted=True)) == 200
        assert len(store.visits.for_patient(pid)) == 199  # the deleted one stays deleted
        assert len(store.cases.assessments(pid)) == 2
        assert [p.name for p in store.protocols.list()] == ["Neck basic"]
    finally:
        store.close()
    again = tmp_path / "again.jsonl"
    assert _run(capsys, "--database-url", second_url, "export", "-o", str(again))[0] == 0
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_format_1_keeps_the_latest_assessment_and_plan_and_still_imports(
    database_url: str, second_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(database_url)
    out = tmp_path / "v1.jsonl"
    argv = ("--database-url", database_url, "export", "--format", "1", "-o", str(out))
    assert _run(capsys, *argv)[0] == 0
    [doc] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert doc["format"] == "needleplan-case/1"
    assert doc["assessment"]["complaint"] == "neck"
    assert doc["plan"]["acupoints"] == [{"code": "SI3", "side": "both"}]
    assert _run(capsys, "--database-url", second_url, "import", str(out))[1] == (
        "Imported 1 patient.\n"
    )


def test_one_patient_as_a_json_document_reads_as_a_case_for_review(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _seed(database_url)
    whole = tmp_path / "all.json"
    code, _, err = _run(capsys, "--database-url", database_url, "export", "-o", str(whole))
    assert code == 2
    assert err == (
        f"needleplan: error: {whole}: a .json file holds one patient's case; use .jsonl for "
        "1 patient and 1 protocol\n"
    )
    one = tmp_path / "ana.json"
    argv = ("--database-url", database_url, "export", "--patient", str(pid), "-o", str(one))
    assert _run(capsys, *argv)[0] == 0
    doc = json.loads(one.read_text(encoding="utf-8"))
    assert (doc["format"], len(doc["assessments"]), len(doc["plans"])) == (
        "needleplan-case/2",
        2,
        2,
    )
    old = tmp_path / "ana-v1.json"
    assert _run(capsys, *argv[:-1], str(old), "--format", "1")[0] == 0
    reviewed = [_run(capsys, "review", str(path), "--json") for path in (one, old)]
    assert reviewed[0] == reviewed[1]
    assert reviewed[0][0] == 0


def test_import_json_counts_protocols_and_keeps_one_already_here(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(database_url)
    out = tmp_path / "all.jsonl"
    assert _run(capsys, "--database-url", database_url, "export", "-o", str(out))[0] == 0
    code, printed, _ = _run(capsys, "--database-url", database_url, "import", str(out), "--json")
    result = json.loads(printed)
    assert (code, result["imported"], result["protocols"], result["protocols_kept"]) == (0, 1, 0, 1)
    code, printed, _ = _run(capsys, "--database-url", database_url, "import", str(out))
    assert printed == (
        "Imported 1 patient. 1 protocol already here (same name, targets and notes), "
        "not added again.\n"
    )


# --- refusals -----------------------------------------------------------------------------------

V1 = json.dumps({"format": "needleplan-case/1", "patient": {"name": "Bo Chen"}})
HISTORY: dict[str, Any] = {
    "format": "needleplan-case/2",
    "patient": {"name": "Cy Diaz", "birth_date": "1984-01-01"},
    "assessments": [
        {
            "recorded_at": "2026-03-01T09:00:00.000000+00:00",
            "date": "2026-03-01",
            "onset_date": "2026-02-01",
        },
        {
            "recorded_at": "2026-03-02T09:00:00.000000+00:00",
            "corrects": 1,
            "date": "2026-03-01",
            "red_flags": ["fever"],
        },
    ],
    "plans": [
        {
            "recorded_at": "2026-03-01T10:00:00.000000+00:00",
            "assessment": 1,
            "acupoints": [{"code": "GB21", "side": "right"}],
        }
    ],
    "visits": [{"date": "2026-03-03", "plan": 1, "targets": [{"target": "GB21", "side": "right"}]}],
}
PROTOCOL = {
    "format": "needleplan-case/2",
    "protocol": {"name": "Neck basic", "targets": [{"target": "SI3"}]},
}


def _with(**changes: Any) -> str:
    doc = json.loads(json.dumps(HISTORY))
    for path, value in changes.items():
        record, index, field = path.split("__")
        doc[record][int(index)][field] = value
    return json.dumps(doc)


REFUSED = {
    "a plan saved after a red flag": (
        _with(plans__0__recorded_at="2026-03-02T10:00:00Z"),
        "line 3: plans[0]: cannot be imported: with the assessment current when it was saved, "
        "red flag red-flag-fever stands: refer on; only a clearance recorded with the "
        "assessment (who, role, date, note) lifts it",
    ),
    "a correction of itself": (
        _with(assessments__1__corrects=2),
        "line 3: assessments[1].corrects: 2 is not an earlier assessment (1 to 1)",
    ),
    "a plan from an assessment not in the history": (
        _with(plans__0__assessment=3),
        "line 3: plans[0].assessment: 3 is not one of this history's assessments (1 to 2)",
    ),
    "a visit of plan 0": (
        _with(visits__0__plan=0),
        "line 3: visits[0].plan: 0 is below the minimum of 1",
    ),
    "a time without its zone": (
        _with(assessments__0__recorded_at="2026-03-01T09:00:00"),
        "line 3: assessments[0].recorded_at: '2026-03-01T09:00:00' is not a valid date and "
        "time (YYYY-MM-DDTHH:MM:SS with a UTC offset, like 2026-11-20T09:30:00+00:00)",
    ),
    "a visit target that is no target": (
        _with(visits__0__targets=[{"target": "gb21"}]),
        "line 3: visits[0].targets[0].target: 'gb21' is not a target (like GB21 or "
        "TP:upper-trapezius); did you mean 'GB21'?",
    ),
    "a point the library lacks": (
        _with(plans__0__acupoints=[{"code": "EX-ZZ9"}]),
        "line 3: plans[0].acupoints[0].code: 'EX-ZZ9' is not in the reference library",
    ),
    "a protocol without targets": (
        json.dumps({**PROTOCOL, "protocol": {"name": "Empty", "targets": []}}),
        "line 3: protocol.targets: is empty; at least one is needed",
    ),
    "an unknown format": (
        json.dumps({"format": "needleplan-case/9", "patient": {"name": "Cy Diaz"}}),
        "line 3: format: 'needleplan-case/9' is not supported; expected 'needleplan-case/1' "
        "or 'needleplan-case/2'",
    ),
}


def _count(url: str) -> tuple[int, int]:
    store = _opened(url)
    try:
        return store.patients.count(), len(store.protocols.list())
    finally:
        store.close()


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_with_one_line_naming_line_and_field_and_nothing_written(
    name: str, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = REFUSED[name]
    source = tmp_path / "all.jsonl"
    source.write_text("\n".join([json.dumps(PROTOCOL), V1, text, V1]) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "--database-url", database_url, "import", str(source))
    assert (code, out) == (2, "")
    assert err == f"needleplan: error: {expected}\n"
    assert _count(database_url) == (0, 0)


def test_the_history_itself_and_a_mixed_file_import(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "all.jsonl"
    source.write_text("\n".join([json.dumps(PROTOCOL), V1, json.dumps(HISTORY), V1]) + "\n")
    code, out, _ = _run(capsys, "--database-url", database_url, "import", str(source))
    assert (code, out) == (0, "Imported 3 patients and 1 protocol.\n")


def test_a_protocol_name_taken_here_is_named_by_line_and_nothing_written(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = _opened(database_url)
    try:
        store.protocols.add(Protocol("Neck  BASIC", (PlannedTarget("GB21"),)))
    finally:
        store.close()
    source = tmp_path / "all.jsonl"
    source.write_text("\n".join([V1, json.dumps(HISTORY), json.dumps(PROTOCOL)]) + "\n")
    code, out, err = _run(capsys, "--database-url", database_url, "import", str(source))
    assert (code, out) == (2, "")
    assert err == (
        "needleplan: error: line 3: protocol.name: a protocol named 'Neck BASIC' exists with "
        "other targets or notes; rename one of them\n"
    )
    assert _count(database_url) == (0, 1)
