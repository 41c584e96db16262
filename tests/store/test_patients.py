from __future__ import annotations

from datetime import date

import pytest

from planner.domain.case import Case
from planner.domain.errors import ConflictError, NotFoundError, ValidationError
from planner.domain.patient import Patient
from planner.domain.vocab import Sex
from planner.store.database import Store, open_store

NAMES = [
    "José Núñez",
    "Ana López",
    "Łukasz Brzęczyszczykiewicz",
    "Zoë Ångström",
    "Nguyễn Văn An",
    "Joseph Nun",
    "Maria José Alvarez",
]


def _add_all(store: Store) -> dict[str, Patient]:
    return {n: store.patients.add(Patient(n)) for n in NAMES}


def test_add_and_get_round_trip(store: Store) -> None:
    saved = store.patients.add(
        Patient(
            "  Ana   López ",
            date(1984, 3, 2),
            Sex.FEMALE,
            "+1 555 0100",
            "ana@example.org",
            "prefers mornings",
        )
    )
    assert saved.id is not None
    assert saved.version == 1
    loaded = store.patients.get(saved.id)
    assert loaded == saved
    assert loaded.name == "Ana López"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jose", {"José Núñez", "Maria José Alvarez", "Joseph Nun"}),
        ("josé", {"José Núñez", "Maria José Alvarez", "Joseph Nun"}),
        ("jose alv", {"Maria José Alvarez"}),
        ("nunez", {"José Núñez"}),
        ("NUÑE", {"José Núñez"}),
        ("nun", {"José Núñez", "Joseph Nun"}),
        ("jos nu", {"José Núñez", "Joseph Nun"}),
        ("lukasz", {"Łukasz Brzęczyszczykiewicz"}),
        ("angst", {"Zoë Ångström"}),
        ("zoe", {"Zoë Ångström"}),
        ("nguyen an", {"Nguyễn Văn An"}),
        ("van", {"Nguyễn Văn An"}),
        ("x", set()),
    ],
)
def test_search_is_case_and_accent_insensitive_on_any_word(
    store: Store, query: str, expected: set[str]
) -> None:
    _add_all(store)
    found = store.patients.search(query)
    assert {p.name for p in found} == expected
    assert store.patients.count(query) == len(expected)


def test_empty_search_lists_everyone_in_name_order_with_paging(store: Store) -> None:
    _add_all(store)
    everyone = store.patients.search("")
    assert [p.name for p in everyone] == sorted(NAMES, key=lambda n: store_key(n))
    first, rest = store.patients.search("", limit=3), store.patients.search("", offset=3)
    assert first + rest == everyone


def store_key(name: str) -> str:
    from planner.store.mapping import sort_key

    return sort_key(name)


def test_update_bumps_version_and_reindexes_search(store: Store) -> None:
    p = store.patients.add(Patient("Ana López"))
    changed = store.patients.update(p.with_changes(name="Ana Souza"))
    assert changed.version == 2
    assert store.patients.search("lopez") == []
    assert [x.id for x in store.patients.search("souza")] == [p.id]


def test_stale_update_raises_conflict_and_keeps_the_other_edit(store: Store) -> None:
    p = store.patients.add(Patient("Ana López"))
    store.patients.update(p.with_changes(phone="+1 555 0101"))  # another practitioner
    with pytest.raises(ConflictError) as info:
        store.patients.update(p.with_changes(email="ana@example.org"))
    assert info.value.current_version == 2
    assert store.patients.get(p.id or 0).phone == "+1 555 0101"
    # Overwriting knowingly is possible.
    forced = store.patients.update(p.with_changes(email="ana@example.org"), force=True)
    assert forced.version == 3
    assert store.patients.get(p.id or 0).email == "ana@example.org"


def test_conflict_between_two_open_connections(database_url: str) -> None:
    a, b = open_store(database_url), open_store(database_url)
    try:
        p = a.patients.add(Patient("Shared Record"))
        seen_by_b = b.patients.get(p.id or 0)
        a.patients.update(p.with_changes(notes="from A"))
        with pytest.raises(ConflictError):
            b.patients.update(seen_by_b.with_changes(notes="from B"))
        assert b.patients.get(p.id or 0).notes == "from A"
    finally:
        a.close()
        b.close()


def test_invalid_patient_is_rejected_and_nothing_written(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        store.patients.add(Patient("   ", birth_date=date(2999, 1, 1)))
    fields = [p.field for p in info.value.problems]
    assert fields == ["name", "birth_date"]
    assert store.patients.count() == 0


def test_soft_delete_hides_and_restore_brings_back(store: Store) -> None:
    p = store.patients.add(Patient("Ana López"))
    store.patients.delete(p.id or 0)
    assert store.patients.search("ana") == []
    with pytest.raises(NotFoundError):
        store.patients.get(p.id or 0)
    with pytest.raises(NotFoundError):
        store.patients.update(p)
    store.patients.restore(p.id or 0)
    assert [x.name for x in store.patients.search("ana")] == ["Ana López"]


def test_delete_unknown_patient(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.patients.delete(999)


def test_deleted_patients_leave_search_and_count(store: Store) -> None:
    keep = store.patients.add(Patient("Ana López"))
    gone = store.patients.add(Patient("Ana Souza"))
    store.patients.delete(gone.id or 0)
    assert store.patients.count("ana") == 1
    assert store.patients.count("") == 1
    assert [p.id for p in store.patients.search("souza")] == []
    store.patients.restore(gone.id or 0)
    assert {p.id for p in store.patients.search("ana")} == {keep.id, gone.id}


def test_two_matching_words_list_the_patient_once(store: Store) -> None:
    p = store.patients.add(Patient("Ana Anaya"))
    assert [x.id for x in store.patients.search("ana")] == [p.id]
    assert store.patients.count("ana") == 1


def test_paging_through_a_search_covers_every_match(store: Store) -> None:
    ids = store.cases.import_cases(
        [Case(Patient(f"Joana {i:02d}")) for i in range(15)]
        + [Case(Patient(f"Jo Other{i:02d}")) for i in range(7)]
        + [Case(Patient("Someone Else"))]
    )
    seen: list[int] = []
    for offset in range(0, 40, 5):
        seen.extend(p.id or 0 for p in store.patients.search("jo", limit=5, offset=offset))
    assert sorted(set(seen)) == sorted(ids[:22])
    assert store.patients.count("jo") == 22
