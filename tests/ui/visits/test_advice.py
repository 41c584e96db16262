"""The Visits form's emergency banner shows the advice shipped in resources."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from planner.catalog import adverse_events
from planner.catalog.adverse_events import load_adverse_event_advice
from planner.domain.catalog import CatalogError
from planner.domain.visit import AdverseEventKind
from planner.ui.visits.form import VisitForm
from planner.ui.visits.labels import RECORD_FOLLOW_UP


def _form(qtbot: QtBot) -> VisitForm:
    form = VisitForm()
    qtbot.addWidget(form)
    return form


def test_the_banner_shows_the_shipped_advice(qtbot: QtBot) -> None:
    form = _form(qtbot)
    event = form.events.add_event()
    event.kind.setCurrentIndex(event.kind.findData("suspected-pneumothorax"))
    advice = load_adverse_event_advice()[AdverseEventKind.SUSPECTED_PNEUMOTHORAX]
    assert not form.events.pneumothorax_banner.isHidden()
    assert form.events.banner_title.text() == advice.title
    assert form.events.banner_text.text() == f"{advice.advice} {RECORD_FOLLOW_UP}"
    assert form.events.pneumothorax_banner.accessibleName() == advice.title
    event.kind.setCurrentIndex(event.kind.findData("bruise"))
    assert form.events.pneumothorax_banner.isHidden()


def test_damaged_advice_still_says_what_to_do(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise CatalogError("adverse-events.json: line 1: not valid JSON")

    monkeypatch.setattr(adverse_events, "load_adverse_event_advice", broken)
    form = _form(qtbot)
    event = form.events.add_event()
    event.kind.setCurrentIndex(event.kind.findData("suspected-pneumothorax"))
    assert not form.events.pneumothorax_banner.isHidden()
    assert form.events.banner_title.text() == "Suspected pneumothorax"
    assert "not valid JSON" in form.events.banner_text.text()
    assert "emergency procedure" in form.events.banner_text.text()
