"""Finds shipped data both in the source tree and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def root() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "schema").is_dir():
            return candidate
    raise FileNotFoundError(f"Needleplan resources not found near {here}")


def path(*parts: str) -> Path:
    """Absolute path of a shipped resource, e.g. path('schema', 'case.schema.json')."""
    found = root().joinpath(*parts)
    if not found.exists():
        raise FileNotFoundError(f"missing resource: {'/'.join(parts)}")
    return found
