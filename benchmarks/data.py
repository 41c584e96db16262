"""Deterministic synthetic patients with international names."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

FIRST = [
    "Ana",
    "José",
    "María",
    "Łukasz",
    "Zoë",
    "Nguyễn",
    "Søren",
    "Björn",
    "Chloé",
    "Ömer",
    "Aiko",
    "Mateo",
    "Fatima",
    "Oliver",
    "Amelia",
    "Noah",
    "Isabella",
    "Liam",
    "Emma",
    "Jürgen",
    "François",
    "Inés",
    "Raúl",
    "Siobhán",
    "Dvořák",
    "Agnieszka",
    "Thảo",
    "Kwame",
    "Priya",
    "Ravi",
    "Mei",
    "Hiroshi",
    "Elif",
    "Yusuf",
    "Olga",
    "Ivan",
    "Sofía",
    "Lucía",
    "Mohammed",
    "Leila",
    "Tomás",
    "Ángela",
    "Jose",
    "Joseph",
    "Johanna",
    "Giulia",
    "Luca",
    "Camille",
    "Hugo",
    "Astrid",
]
LAST = [
    "López",
    "Núñez",
    "García",
    "Brzęczyszczykiewicz",
    "Ångström",
    "Văn An",
    "Kierkegaard",
    "Borg",
    "Dubois",
    "Yılmaz",
    "Tanaka",
    "Fernández",
    "Haddad",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Müller",
    "Schäfer",
    "Lefèvre",
    "Martínez",
    "Ó Súilleabháin",
    "Nowak",
    "Trần",
    "Mensah",
    "Patel",
    "Sharma",
    "Wang",
    "Sato",
    "Demir",
    "Kaya",
    "Petrova",
    "Ivanov",
    "Rossi",
    "Bianchi",
    "Moreau",
    "Lindqvist",
    "Nielsen",
    "Jensen",
    "Kowalski",
    "Papadopoulos",
    "Silva",
    "Santos",
    "Pereira",
    "Costa",
    "Okafor",
    "Abebe",
    "Cohen",
    "Levi",
    "Zhang",
]


def names(count: int, seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    for i in range(count):
        middle = f" {rng.choice(FIRST)}" if i % 5 == 0 else ""
        yield f"{rng.choice(FIRST)}{middle} {rng.choice(LAST)}"


def write_jsonl(path: Path, count: int) -> None:
    rng = random.Random(11)
    start = date(1930, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for name in names(count):
            born = start + timedelta(days=rng.randrange(0, 30000))
            doc = {
                "format": "needleplan-case/1",
                "patient": {"name": name, "birth_date": born.isoformat(), "sex": "unknown"},
            }
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def queries(count: int, seed: int = 3) -> list[str]:
    """What people type: the first 2-5 letters of a first or last name, sometimes both."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count):
        word = rng.choice(FIRST + LAST).split()[0]
        q = word[: rng.randint(2, min(5, len(word)))]
        if rng.random() < 0.2:
            q += " " + rng.choice(LAST)[:2]
        out.append(q)
    return out
