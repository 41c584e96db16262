"""The catalog as one JSON document, for `needleplan catalog --json`."""

from __future__ import annotations

from typing import Any

from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, FlagNote, NeedlingDetail, Source, TriggerRegion
from planner.domain.chart import ChartPosition

FORMAT = "needleplan-catalog/1"


def _positions(positions: tuple[ChartPosition, ...]) -> list[dict[str, Any]]:
    return [{"view": p.view.value, "x": p.x, "y": p.y} for p in positions]


def _flag_notes(notes: tuple[FlagNote, ...]) -> dict[str, Any]:
    return {n.flag.value: {"note": n.note, "sources": list(n.sources)} for n in notes}


def _detail(detail: NeedlingDetail) -> dict[str, Any]:
    return {
        "location": detail.location,
        "depth": {"cun": list(detail.depth_cun), "mm": list(detail.depth_mm)},
        "angles": [a.value for a in detail.angles],
        "direction": detail.direction,
        "structures_at_risk": list(detail.structures_at_risk),
        "notes": detail.notes,
        "sources": list(detail.sources),
    }


def _acupoint(point: Acupoint) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": point.code,
        "kind": point.kind.value,
        "channel": point.channel.value if point.channel else None,
        "number": point.number,
        "pinyin": point.pinyin,
        "pinyin_ascii": point.pinyin_ascii,
        "hanzi": point.hanzi,
        "english": point.english,
        "english_is_standard": False,
        "region": point.region.value if point.region else None,
        "aliases": list(point.aliases),
        "notes": point.notes,
        "flags": [f.value for f in point.flags],
        "flag_notes": _flag_notes(point.flag_notes),
        "detail": _detail(point.detail) if point.detail else None,
        "sources": list(point.sources),
        "positions": _positions(point.positions),
    }
    if point.levels:
        out["levels"] = list(point.levels)
        out["level_flags"] = {level: [f.value for f in flags] for level, flags in point.level_flags}
    return out


def _trigger_region(region: TriggerRegion) -> dict[str, Any]:
    return {
        "muscle": region.muscle,
        "target": region.target_id,
        "name": region.name,
        "region": region.region.value if region.region else None,
        "aliases": list(region.aliases),
        "trigger_points": region.trigger_points,
        "referral_regions": list(region.referral_regions),
        "referral": region.referral,
        "symptoms": region.symptoms,
        "technique": region.technique,
        "structures_at_risk": list(region.structures_at_risk),
        "flags": [f.value for f in region.flags],
        "flag_notes": _flag_notes(region.flag_notes),
        "sources": list(region.sources),
        "positions": _positions(region.positions),
    }


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "label": source.label,
        "kind": source.kind,
        "citation": source.citation,
        "year": source.year,
        "url": source.url,
    }


def catalog_as_json(catalog: Catalog) -> dict[str, Any]:
    """Plain JSON-ready dict: sources, acupoints (standard then extra), trigger regions."""
    return {
        "format": FORMAT,
        "sources": [_source(s) for s in catalog.sources],
        "acupoints": [_acupoint(p) for p in catalog.acupoints],
        "trigger_regions": [_trigger_region(r) for r in catalog.trigger_regions],
    }
