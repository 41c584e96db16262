from __future__ import annotations

import pytest

from planner.casefile import schema


@pytest.fixture(params=["fast", "full"])
def validator(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with fastjsonschema in front, and with jsonschema alone (its fallback)."""
    if request.param == "fast":
        pytest.importorskip("fastjsonschema")
        assert schema._fast_validator() is not None
    else:
        monkeypatch.setattr(schema, "_fast_validator", lambda: None)
    return str(request.param)
