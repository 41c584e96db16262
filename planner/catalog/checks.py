"""Cross-checks a JSON Schema cannot express: ids that must exist, agree or be unique.

Each check reads documents that already passed their schema, so their shape is known.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from planner.catalog.problems import Problems
from planner.domain.catalog_entries import CHANNEL_POINT_COUNTS
from planner.domain.vocab import REGIONS

Doc = Mapping[str, Any]


def ascii_pinyin(pinyin: str) -> str:
    """'Fù'āi' -> 'Fuai', 'Zhōnglǚshū' -> 'Zhonglushu'."""
    decomposed = unicodedata.normalize("NFKD", pinyin)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")


def _check_sources(
    file: str, entry: str, field: str, ids: Iterable[str], known: set[str], problems: Problems
) -> None:
    for i, source_id in enumerate(ids):
        if source_id not in known:
            problems.add(
                file, entry, f"{field}[{i}]", f"unknown source {source_id!r} (not in sources.json)"
            )


def _check_flags(file: str, entry: str, item: Doc, known: set[str], problems: Problems) -> None:
    flags = list(item.get("flags", ()))
    notes: Mapping[str, Any] = item.get("flag_notes", {})
    for flag in flags:
        if flag not in notes:
            problems.add(file, entry, "flag_notes", f"no note for flag {flag!r}")
    for flag, note in notes.items():
        if flag not in flags:
            problems.add(
                file, entry, f"flag_notes.{flag}", "note for a flag the entry does not carry"
            )
        _check_sources(file, entry, f"flag_notes.{flag}.sources", note["sources"], known, problems)


def _check_detail(
    file: str, entry: str, field: str, detail: Doc, known: set[str], problems: Problems
) -> None:
    prefix = f"{field}." if field else ""
    for unit in ("cun", "mm"):
        low, high = detail["depth"][unit]
        if low > high:
            problems.add(
                file, entry, f"{prefix}depth.{unit}", f"minimum {low} is above maximum {high}"
            )
    _check_sources(file, entry, f"{prefix}sources", detail["sources"], known, problems)


def check_sources(doc: Doc, problems: Problems) -> set[str]:
    """Duplicate source ids; returns the known ids."""
    seen: set[str] = set()
    for item in doc["sources"]:
        if item["id"] in seen:
            problems.add("sources.json", item["id"], "id", "duplicate source id")
        seen.add(item["id"])
    return seen


def check_acupoints(doc: Doc, known: set[str], problems: Problems) -> set[str]:
    """Codes agree with channel and number, are unique, and every channel is numbered 1..N
    with no gaps (the WHO 2008 counts). Returns the codes."""
    file = "acupoints.json"
    codes: set[str] = set()
    for item in doc["acupoints"]:
        code = item["code"]
        if code in codes:
            problems.add(file, code, "code", "duplicate code")
        codes.add(code)
        if code != f"{item['channel']}{item['number']}":
            problems.add(
                file,
                code,
                "number",
                f"{item['channel']} and {item['number']} do not make the code {code}",
            )
        if item["pinyin_ascii"] != ascii_pinyin(item["pinyin"]):
            problems.add(
                file,
                code,
                "pinyin_ascii",
                f"{item['pinyin_ascii']!r} does not match pinyin {item['pinyin']!r}",
            )
        _check_flags(file, code, item, known, problems)
        _check_sources(file, code, "sources", item["sources"], known, problems)
    for channel, count in CHANNEL_POINT_COUNTS.items():
        expected = {f"{channel}{n}" for n in range(1, count + 1)}
        present = {c for c in codes if c.rstrip("0123456789") == channel}
        missing = sorted(expected - present, key=lambda c: int(c[len(channel) :]))
        extra = sorted(present - expected)
        if missing:
            problems.add(
                file,
                None,
                "acupoints",
                f"{channel} needs {channel}1-{channel}{count}; missing {', '.join(missing)}",
            )
        if extra:
            problems.add(
                file,
                None,
                "acupoints",
                f"{channel} has only {count} points; unexpected {', '.join(extra)}",
            )
    return codes


def check_details(doc: Doc, codes: set[str], known: set[str], problems: Problems) -> None:
    file = "acupoints-detail.json"
    seen: set[str] = set()
    for item in doc["details"]:
        code = item["code"]
        if code in seen:
            problems.add(file, code, "code", "duplicate detail entry")
        seen.add(code)
        if code not in codes:
            problems.add(
                file,
                code,
                "code",
                f"{code!r} is not one of the 361 standard points in acupoints.json",
            )
        _check_detail(file, code, "", item, known, problems)
        _check_flags(file, code, item, known, problems)


def check_flags_in_one_place(points: Doc, details: Doc, problems: Problems) -> None:
    """A point with an in-depth entry keeps its flags there, not also in acupoints.json."""
    detailed = {d["code"] for d in details["details"]}
    for item in points["acupoints"]:
        if item["code"] in detailed:
            for key in ("flags", "flag_notes"):
                if key in item:
                    problems.add(
                        "acupoints.json",
                        item["code"],
                        key,
                        "this point has an entry in acupoints-detail.json; keep its flags there",
                    )


def check_extra_points(doc: Doc, codes: set[str], known: set[str], problems: Problems) -> None:
    file = "extra-points.json"
    seen: set[str] = set()
    for item in doc["extra_points"]:
        code = item["code"]
        if code in seen or code in codes:
            problems.add(file, code, "code", "duplicate code")
        seen.add(code)
        if item["pinyin_ascii"] != ascii_pinyin(item["pinyin"]):
            problems.add(
                file,
                code,
                "pinyin_ascii",
                f"{item['pinyin_ascii']!r} does not match pinyin {item['pinyin']!r}",
            )
        if (item["kind"] == "ashi") != (item["region"] is None):
            problems.add(file, code, "region", "only the Ashi entry (kind ashi) has no region")
        levels = list(item.get("levels", ()))
        level_flags: Mapping[str, list[str]] = item.get("level_flags", {})
        if set(level_flags) != set(levels):
            problems.add(file, code, "level_flags", "needs exactly one entry per level in levels")
        for level, flags in level_flags.items():
            for i, flag in enumerate(flags):
                if flag not in item["flags"]:
                    problems.add(
                        file,
                        code,
                        f"level_flags.{level}[{i}]",
                        f"{flag!r} is not among the entry's flags",
                    )
        if "detail" in item:
            _check_detail(file, code, "detail", item["detail"], known, problems)
        _check_flags(file, code, item, known, problems)
        _check_sources(file, code, "sources", item["sources"], known, problems)


def check_trigger_regions(doc: Doc, known: set[str], problems: Problems) -> None:
    file = "trigger-regions.json"
    seen: set[str] = set()
    regions = ", ".join(REGIONS)
    for item in doc["trigger_regions"]:
        muscle = item["muscle"]
        if muscle in seen:
            problems.add(file, muscle, "muscle", "duplicate muscle id")
        seen.add(muscle)
        for i, region in enumerate(item["referral_regions"]):
            field = f"referral_regions[{i}]"
            if region not in REGIONS:
                problems.add(
                    file, muscle, field, f"{region!r} is not a body-chart region ({regions})"
                )
            elif region.endswith("-right"):
                problems.add(
                    file,
                    muscle,
                    field,
                    f"{region!r}: list the left-side region; the app mirrors it",
                )
        _check_flags(file, muscle, item, known, problems)
        _check_sources(file, muscle, "sources", item["sources"], known, problems)


def cross_check(docs: Mapping[str, Doc], problems: Problems) -> None:
    known = check_sources(docs["sources.json"], problems)
    codes = check_acupoints(docs["acupoints.json"], known, problems)
    check_details(docs["acupoints-detail.json"], codes, known, problems)
    check_flags_in_one_place(docs["acupoints.json"], docs["acupoints-detail.json"], problems)
    check_extra_points(docs["extra-points.json"], codes, known, problems)
    check_trigger_regions(docs["trigger-regions.json"], known, problems)
