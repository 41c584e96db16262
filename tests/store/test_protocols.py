"""Protocols in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from planner.domain.errors import ConflictError, NotFoundError, ValidationError
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.vocab import Side, Technique
from planner.store.database import Store

NECK = Protocol(
    "Neck basic",
    (
        PlannedTarget("GB21", Side.RIGHT, retention_minutes=20, notes="shallow"),
        PlannedTarget("GV14", Side.MIDLINE),
        PlannedTarget("TP:levator-scapulae", Side.RIGHT, Technique.MANUAL),
    ),
    notes="desk workers",
)


def test_add_and_list_round_trip(store: Store) -> None:
    saved = store.protocols.add(NECK)
    assert saved.id is not None
    assert saved.version == 1
    [listed] = store.protocols.list()
    assert listed.name == "Neck basic"
    assert listed.targets == NECK.targets
    assert listed.notes == "desk workers"
    assert store.protocols.get(saved.id) == listed


def test_list_is_sorted_by_folded_name(store: Store) -> None:
    for name in ("upper back", "Ácute neck", "neck chronic"):
        store.protocols.add(Protocol(name, (PlannedTarget("SI3"),)))
    assert [p.name for p in store.protocols.list()] == ["Ácute neck", "neck chronic", "upper back"]


def test_duplicate_name_is_refused_case_and_accent_blind(store: Store) -> None:
    store.protocols.add(NECK)
    with pytest.raises(ValidationError) as err:
        store.protocols.add(Protocol("  neck   BASIC ", (PlannedTarget("SI3"),)))
    assert err.value.first().field == "protocol.name"


def test_invalid_protocol_is_not_written(store: Store) -> None:
    bad = Protocol("Bad", (PlannedTarget("GV14", Side.LEFT),))
    with pytest.raises(ValidationError) as err:
        store.protocols.add(bad)
    assert err.value.first().field == "protocol.targets[0].side"
    assert store.protocols.list() == []


def test_rename_bumps_version_and_detects_conflicts(store: Store) -> None:
    saved = store.protocols.add(NECK)
    renamed = store.protocols.rename(saved, "Neck, right side")
    assert renamed.version == 2
    assert store.protocols.list()[0].name == "Neck, right side"
    with pytest.raises(ConflictError):
        store.protocols.rename(saved, "Stale")  # still version 1


def test_rename_to_a_taken_name_is_refused(store: Store) -> None:
    store.protocols.add(NECK)
    other = store.protocols.add(Protocol("Shoulder", (PlannedTarget("LI15"),)))
    with pytest.raises(ValidationError):
        store.protocols.rename(other, "neck basic")


def test_delete_is_soft_and_restorable(store: Store) -> None:
    saved = store.protocols.add(NECK)
    assert saved.id is not None
    store.protocols.delete(saved.id)
    assert store.protocols.list() == []
    with pytest.raises(NotFoundError):
        store.protocols.get(saved.id)
    # The name is free again while it is deleted ...
    store.protocols.add(Protocol("Neck basic", (PlannedTarget("SI3"),)))
    # ... so restoring the old one would make two: refused.
    with pytest.raises(ValidationError):
        store.protocols.restore(saved.id)


def test_restore_brings_it_back(store: Store) -> None:
    saved = store.protocols.add(NECK)
    assert saved.id is not None
    store.protocols.delete(saved.id)
    restored = store.protocols.restore(saved.id)
    assert restored.name == "Neck basic"
    assert restored.version == 3


def test_unknown_protocol(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.protocols.delete(999)
