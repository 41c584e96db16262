"""Loading the handout content blocks: a bad file names the file, the block and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planner import resources
from planner.catalog.handouts import load_blocks
from planner.domain.catalog import CatalogError


def _blocks_with(tmp_path: Path, change: dict[str, Any]) -> Path:
    doc = json.loads(resources.path("handouts", "blocks.json").read_text(encoding="utf-8"))
    doc["blocks"][0].update(change)
    path = tmp_path / "blocks.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"when": {"areas": ["nek"]}},
            "blocks.json: expect-soreness: when.areas[0]: 'nek' is not a known area; "
            "did you mean 'neck'?",
        ),
        ({"when": {"flags": ["lungs"]}}, "expect-soreness: when.flags[0]: 'lungs' is not"),
        ({"section": "later"}, "expect-soreness: section: 'later' is not one of expect"),
        ({"sources": []}, "expect-soreness: sources:"),
        ({"id": "expect-bruises"}, "blocks[3]: id: 'expect-bruises' is listed twice"),
    ],
)
def test_a_bad_block_is_named(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogError) as error:
        load_blocks(_blocks_with(tmp_path, change))
    assert message in str(error.value)


def test_the_shipped_blocks_load() -> None:
    blocks = load_blocks()
    assert any(b.id == "emergency-lung" for b in blocks)
