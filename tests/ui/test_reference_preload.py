"""Reference data loads in the background once, and a page asking meanwhile waits for it."""

from __future__ import annotations

import threading
import time

import pytest

from planner.ui.reference import Reference, Screening


def test_preload_loads_once_and_an_early_ask_waits_for_it() -> None:
    started, calls = threading.Event(), []

    def slow_screening() -> Screening:
        calls.append("screening")
        started.set()
        time.sleep(0.2)
        return Screening(catalog=object(), rules=())  # type: ignore[arg-type]

    reference = Reference(screening=slow_screening, chart=lambda: object())  # type: ignore[arg-type, return-value]
    worker = reference.preload()
    assert started.wait(2)
    asked = reference.screening()  # while the preload is still sleeping
    worker.join(2)
    assert calls == ["screening"]
    assert reference.screening() is asked
    assert reference.preload() is worker  # never a second thread


def test_a_failed_preload_is_raised_at_the_next_ask() -> None:
    def broken() -> Screening:
        raise ValueError("rules.json is damaged")

    reference = Reference(screening=broken, chart=lambda: object())  # type: ignore[arg-type, return-value]
    reference.preload().join(2)
    assert not reference.screening_loaded
    with pytest.raises(ValueError, match="damaged"):
        reference.screening()


def test_the_shipped_data_preloads() -> None:
    reference = Reference()
    reference.preload().join(30)
    assert reference.screening_loaded
    assert reference.screening().catalog.acupoint("GB21") is not None
