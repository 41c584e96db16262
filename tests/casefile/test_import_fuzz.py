"""Fuzzing `needleplan import` (issue 11): files of valid cases with one record broken in one
of the ways that used to crash or slip through (nesting 1,000+ deep, integers over 4,300
digits, lone surrogates, NUL characters, dates out of bounds, unknown muscles and points,
random JSON, random text).

Either the import succeeds and the store holds exactly the cases the file reads as, or it
exits 2 with one line per problem naming a line, and nothing is written. Never a traceback.
On SQLite and PostgreSQL alike. Run with -s to see the outcome counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.casefile import CaseFileError, case_to_dict, read_cases
from planner.catalog.loader import load_catalog
from planner.catalog.safety import gate_problems
from planner.cli import main
from planner.domain.case import Case
from planner.store.database import Store, open_store
from tests.casefile.strategies import cases, json_values

KINDS = [
    "valid",
    "deep",
    "huge_int",
    "surrogate",
    "nul",
    "date",
    "unknown_target",
    "random_json",
    "random_text",
]
RAW = "\u2603RAW\u2603"  # stands for raw JSON text spliced into the line
EXAMPLES = {"sqlite": 400, "postgresql": 100}
_LINE = re.compile(r"(needleplan: error: |  )line \d+: \S")
_MORE = re.compile(r"  \.\.\. and \d+ more problems?")
DATE_FIELDS = [
    ("patient", "birth_date"),
    ("assessment", "date"),
    ("assessment", "onset_date"),
    ("plan", "start_date"),
]


def _known_target(target: str) -> bool:
    return load_catalog().target(target) is not None


def _with_known_targets(doc: dict[str, Any]) -> dict[str, Any]:
    """The strategies' targets are well formed but mostly not in the catalog: use real ones,
    so that valid cases with plans can be imported too."""
    plan = doc.get("plan")
    if plan is not None:
        plan["acupoints"] = [{"code": "GB21", "side": "right"}] if plan["acupoints"] else []
        plan["trigger_points"] = (
            [{"muscle": "levator-scapulae", "side": "left"}] if plan["trigger_points"] else []
        )
        plan.pop("overrides", None)
    return doc


@st.composite
def _record(draw: st.DrawFn, kind: str) -> str:
    """One line of the file, broken as kind says."""
    if kind == "random_json":
        return json.dumps(draw(json_values))
    if kind == "random_text":
        return draw(st.text(max_size=60))
    doc = _with_known_targets(case_to_dict(draw(cases())))
    raw = None
    if kind == "deep":
        depth = draw(st.sampled_from([17, 40, 999, 1000, 1500, 5000]))
        doc["patient"]["notes"], raw = RAW, "[" * depth + "]" * depth
    elif kind == "huge_int":
        digits = draw(st.integers(65, 6000))
        where = draw(st.sampled_from(["name", "notes"]))
        doc["patient"][where], raw = RAW, "7" * digits
    elif kind in ("surrogate", "nul"):
        bad = "\x00" if kind == "nul" else chr(draw(st.integers(0xD800, 0xDFFF)))
        text = doc["patient"]["name"]
        cut = draw(st.integers(0, len(text)))
        doc["patient"][draw(st.sampled_from(["name", "notes"]))] = text[:cut] + bad + text[cut:]
    elif kind == "date":
        part, field = draw(st.sampled_from(DATE_FIELDS))
        year = draw(st.integers(1, 1899) | st.integers(2101, 9999))
        doc.setdefault(part, {"date": "2026-01-01"} if part == "assessment" else {})
        doc[part][field] = f"{year:04d}-06-15"
    elif kind == "unknown_target":
        plan = doc.setdefault("plan", {})
        if draw(st.booleans()):
            plan["trigger_points"] = [{"muscle": draw(st.sampled_from(["no-such", "ex-nihilo"]))}]
        else:
            plan["acupoints"] = [{"code": draw(st.sampled_from(["EX-ZZ9", "EX-Q12"]))}]
    line = json.dumps(doc)  # ensure_ascii: a lone surrogate is written as its \\u escape
    return line.replace(json.dumps(RAW), raw) if raw is not None else line


@st.composite
def _files(draw: st.DrawFn) -> tuple[str, str]:
    """(the kind of the broken record, the file's text): up to four valid records around it."""
    kind = draw(st.sampled_from(KINDS))
    before = draw(st.lists(_record("valid"), max_size=3))
    after = draw(st.lists(_record("valid"), max_size=1))
    return kind, "\n".join([*before, draw(_record(kind)), *after]) + "\n"


def _strip(case: Case) -> Case:
    return Case(
        replace(case.patient, id=None, version=0),
        replace(case.assessment, id=None) if case.assessment else None,
        replace(case.plan, id=None, version=0) if case.plan else None,
    )


@pytest.fixture
def fuzz_store(database_url: str) -> Iterator[tuple[str, Store]]:
    store = open_store(database_url)
    yield database_url, store
    store.close()


def test_import_fuzz(
    fuzz_store: tuple[str, Store],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    url, store = fuzz_store
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    outcomes: Counter[tuple[str, str]] = Counter()
    source = tmp_path / "fuzz.jsonl"

    @settings(
        max_examples=EXAMPLES[backend],
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(_files())
    def one_file(kind_and_text: tuple[str, str]) -> None:
        kind, text = kind_and_text
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = store.patients.count()
        capsys.readouterr()
        code = main(["--database-url", url, "import", str(source), "--json"])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        if code == 0:
            ids = json.loads(out)["ids"]
            read = read_cases(source, known_target=_known_target, check=gate_problems)
            assert [_strip(store.cases.get_case(i)) for i in ids] == [_strip(c) for c in read]
            assert store.patients.count() == before + len(ids)
            outcomes[kind, "imported"] += 1
            return
        assert code == 2, err
        assert out == ""
        lines = err.splitlines()
        assert lines
        for line in lines:
            assert _LINE.match(line) or _MORE.fullmatch(line), line
        with pytest.raises(CaseFileError):  # the reader agrees the file is refused
            read_cases(source, known_target=_known_target, check=gate_problems)
        assert store.patients.count() == before  # nothing written
        outcomes[kind, "refused"] += 1

    one_file()
    total = sum(outcomes.values())
    summary = ", ".join(f"{k}/{o}={n}" for (k, o), n in sorted(outcomes.items()))
    with capsys.disabled():
        print(f"\n[{request.node.name}] {total} fuzzed imports: {summary}")
    assert total >= EXAMPLES[backend] // 2
