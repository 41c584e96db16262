"""Turns validated catalog documents into domain objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import (
    TRIGGER_PREFIX,
    Acupoint,
    Angle,
    BodyRegion,
    Channel,
    Flag,
    FlagNote,
    NeedlingDetail,
    PointKind,
    Source,
    TriggerRegion,
)
from planner.domain.chart import ChartPosition

Doc = Mapping[str, Any]
Positions = Mapping[str, tuple[ChartPosition, ...]]
_CHANNEL_ORDER = {c: i for i, c in enumerate(Channel)}


def _flags(values: Any) -> tuple[Flag, ...]:
    # Stable order (the vocabulary's), whatever order the file lists them in.
    wanted = {Flag(v) for v in values}
    return tuple(f for f in Flag if f in wanted)


def _flag_notes(item: Doc) -> tuple[FlagNote, ...]:
    notes: Doc = item.get("flag_notes", {})
    return tuple(
        FlagNote(flag, notes[flag.value]["note"], tuple(notes[flag.value]["sources"]))
        for flag in _flags(notes)
    )


def _detail(item: Doc) -> NeedlingDetail:
    depth = item["depth"]
    return NeedlingDetail(
        location=item["location"],
        depth_cun=(float(depth["cun"][0]), float(depth["cun"][1])),
        depth_mm=(int(depth["mm"][0]), int(depth["mm"][1])),
        angles=tuple(Angle(a) for a in item["angles"]),
        direction=item["direction"],
        structures_at_risk=tuple(item["structures_at_risk"]),
        notes=item.get("notes", ""),
        sources=tuple(item["sources"]),
    )


def _source(item: Doc) -> Source:
    return Source(
        id=item["id"],
        label=item["label"],
        citation=item["citation"],
        kind=item["kind"],
        year=item.get("year"),
        url=item.get("url"),
    )


def _standard(item: Doc, detail: Doc | None, positions: Positions) -> Acupoint:
    # A point's flags live in its detail entry when it has one, else in acupoints.json
    # (checks.py keeps them in one place).
    flagged = detail if detail is not None else item
    return Acupoint(
        code=item["code"],
        kind=PointKind.STANDARD,
        pinyin=item["pinyin"],
        pinyin_ascii=item["pinyin_ascii"],
        hanzi=item["hanzi"],
        english=item["english"],
        region=BodyRegion(item["region"]),
        sources=tuple(item["sources"]),
        channel=Channel(item["channel"]),
        number=item["number"],
        aliases=tuple(item.get("aliases", ())),
        flags=_flags(flagged.get("flags", ())),
        flag_notes=_flag_notes(flagged),
        detail=_detail(detail) if detail else None,
        positions=positions.get(item["code"], ()),
    )


def _extra(item: Doc, positions: Positions) -> Acupoint:
    levels = tuple(item.get("levels", ()))
    level_flags: Doc = item.get("level_flags", {})
    return Acupoint(
        code=item["code"],
        kind=PointKind(item["kind"]),
        pinyin=item["pinyin"],
        pinyin_ascii=item["pinyin_ascii"],
        hanzi=item["hanzi"],
        english=item["english"],
        region=BodyRegion(item["region"]) if item["region"] is not None else None,
        sources=tuple(item["sources"]),
        aliases=tuple(item.get("aliases", ())),
        notes=item.get("notes", ""),
        flags=_flags(item["flags"]),
        flag_notes=_flag_notes(item),
        detail=_detail(item["detail"]) if "detail" in item else None,
        levels=levels,
        level_flags=tuple((level, _flags(level_flags[level])) for level in levels),
        positions=positions.get(item["code"], ()),
    )


def _trigger_region(item: Doc, positions: Positions) -> TriggerRegion:
    return TriggerRegion(
        muscle=item["muscle"],
        name=item["name"],
        region=BodyRegion(item["region"]),
        trigger_points=item["trigger_points"],
        referral_regions=tuple(item["referral_regions"]),
        referral=item["referral"],
        symptoms=item["symptoms"],
        technique=item["technique"],
        structures_at_risk=tuple(item["structures_at_risk"]),
        sources=tuple(item["sources"]),
        aliases=tuple(item.get("aliases", ())),
        flags=_flags(item["flags"]),
        flag_notes=_flag_notes(item),
        positions=positions.get(TRIGGER_PREFIX + item["muscle"], ()),
    )


def position_keys(docs: Mapping[str, Doc]) -> dict[str, str]:
    """Every key positions.json may use, mapped to the target it attaches to."""
    keys = {item["code"]: item["code"] for item in docs["acupoints.json"]["acupoints"]}
    for item in docs["extra-points.json"]["extra_points"]:
        keys[item["code"]] = item["code"]
        for level in item.get("levels", ()):
            keys[f"{item['code']}-{level}"] = item["code"]
    for item in docs["trigger-regions.json"]["trigger_regions"]:
        keys[TRIGGER_PREFIX + item["muscle"]] = TRIGGER_PREFIX + item["muscle"]
    return keys


def build_catalog(docs: Mapping[str, Doc], positions: Positions) -> Catalog:
    details = {d["code"]: d for d in docs["acupoints-detail.json"]["details"]}
    standard = sorted(
        docs["acupoints.json"]["acupoints"],
        key=lambda p: (_CHANNEL_ORDER[Channel(p["channel"])], p["number"]),
    )
    points = [_standard(p, details.get(p["code"]), positions) for p in standard]
    points += [_extra(p, positions) for p in docs["extra-points.json"]["extra_points"]]
    regions = [
        _trigger_region(r, positions) for r in docs["trigger-regions.json"]["trigger_regions"]
    ]
    sources = [_source(s) for s in docs["sources.json"]["sources"]]
    return Catalog(points, regions, sources)
