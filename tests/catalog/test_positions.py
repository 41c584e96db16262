"""Joining the body chart's positions.json, which may not exist yet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planner.catalog import CatalogError, load_catalog
from planner.catalog.loader import shipped_positions
from planner.domain.chart import ChartPosition, View


def _write(tmp_path: Path, positions: Any) -> Path:
    """A positions file in the body chart's format, with placed positions only."""
    document = {"format": "needleplan-chart-positions/1", "positions": positions}
    path = tmp_path / "positions.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_absent_positions_file_is_tolerated(catalog_copy: Path, tmp_path: Path) -> None:
    catalog = load_catalog(catalog_copy, positions=tmp_path / "absent.json")
    assert all(t.positions == () for t in catalog)


def test_positions_are_joined_to_points_and_regions(catalog_copy: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "GB21": [{"view": "back", "x": 0.41, "y": 0.21}],
            "TP:levator-scapulae": [
                {"view": "back", "x": 0.44, "y": 0.18},
                {"view": "back", "x": 0.40, "y": 0.24},
            ],
            "EX-B2-T4": [{"view": "back", "x": 0.48, "y": 0.3}],
        },
    )
    catalog = load_catalog(catalog_copy, positions=path)
    gb21, jiaji = catalog.acupoint("GB21"), catalog.acupoint("EX-B2")
    levator = catalog.trigger_region("levator-scapulae")
    assert gb21 is not None
    assert jiaji is not None
    assert levator is not None
    assert gb21.positions == (ChartPosition(View.BACK, 0.41, 0.21),)
    assert len(levator.positions) == 2
    assert jiaji.positions == (ChartPosition(View.BACK, 0.48, 0.3),)
    gb20 = catalog.acupoint("GB20")
    assert gb20 is not None
    assert gb20.positions == ()


def test_unknown_target_in_positions(catalog_copy: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, {"GB45": [{"view": "back", "x": 0.4, "y": 0.2}]})
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_copy, positions=path)
    assert str(caught.value) == (
        "positions.json: GB45: not a catalog target (acupoint code or TP:<muscle>)"
    )


def test_position_out_of_the_frame(catalog_copy: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, {"GB21": [{"view": "back", "x": 1.5, "y": 0.2}]})
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_copy, positions=path)
    assert "positions.GB21" in str(caught.value)
    assert "1.5 is outside 0..1" in str(caught.value)


def test_derived_positions_are_resolved_before_joining(catalog_copy: Path, tmp_path: Path) -> None:
    from planner.catalog.bodychart import load_body_chart

    path = _write(
        tmp_path, {"GB21": {"view": "back", "derive": "midpoint", "of": ["C7", "acromion-left"]}}
    )
    gb21 = load_catalog(catalog_copy, positions=path).acupoint("GB21")
    chart = load_body_chart()
    c7, acromion = chart.landmark(View.BACK, "C7"), chart.landmark(View.BACK, "acromion-left")
    assert gb21 is not None
    [pos] = gb21.positions
    assert pos.view is View.BACK
    assert abs(pos.x - (c7.x + acromion.x) / 2) < 1e-3
    assert abs(pos.y - (c7.y + acromion.y) / 2) < 1e-3


def test_shipped_catalog_joins_the_shipped_positions_when_present() -> None:
    catalog = load_catalog()
    path = shipped_positions()
    if not path.exists():
        assert all(t.positions == () for t in catalog)
        return
    document = json.loads(path.read_text(encoding="utf-8"))
    for key in document["positions"]:
        target = catalog.target(key)
        assert target is not None, key
        assert target.positions, key
