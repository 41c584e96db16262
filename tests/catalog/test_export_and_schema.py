"""catalog_as_json, the schemas' vocabularies, and keeping jsonschema off the startup path."""

from __future__ import annotations

import json
import subprocess
import sys

from planner import resources
from planner.catalog import catalog_as_json
from planner.domain.catalog import Catalog
from planner.domain.catalog_entries import Acupoint, BodyRegion, Flag


def test_export_is_json_and_complete(catalog: Catalog) -> None:
    document = json.loads(json.dumps(catalog_as_json(catalog), ensure_ascii=False))
    assert document["format"] == "needleplan-catalog/1"
    assert len(document["acupoints"]) == len(catalog.acupoints)
    assert len(document["trigger_regions"]) == len(catalog.trigger_regions)
    by_code = {p["code"]: p for p in document["acupoints"]}
    gb21 = by_code["GB21"]
    assert gb21["hanzi"] == "肩井"
    assert gb21["english_is_standard"] is False
    assert gb21["flags"] == ["lung-risk", "pregnancy-caution"]
    assert gb21["detail"]["depth"] == {"cun": [0.3, 0.5], "mm": [6, 10]}
    assert by_code["EX-B2"]["level_flags"]["L1"] == []
    levator = next(r for r in document["trigger_regions"] if r["muscle"] == "levator-scapulae")
    assert levator["target"] == "TP:levator-scapulae"


def test_schema_vocabularies_match_the_domain_enums() -> None:
    common = json.loads(resources.path("schema", "catalog-common.schema.json").read_text())
    assert common["$defs"]["flag"]["enum"] == [f.value for f in Flag]
    assert common["$defs"]["bodyRegion"]["enum"] == [r.value for r in BodyRegion]


def test_importing_the_catalog_package_does_not_import_jsonschema() -> None:
    code = "import sys, planner.catalog; print('jsonschema' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_load_is_cached(catalog: Catalog) -> None:
    from planner.catalog import load_catalog

    assert load_catalog() is load_catalog()
    assert isinstance(catalog.acupoints[0], Acupoint)
