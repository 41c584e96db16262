"""The project's map (docs/architecture.md) and its shape stay true as the code moves."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANNER = ROOT / "planner"
MAP = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
MAX_LINES = 400
# A module may pass the limit only with a reason a reviewer can check.
LONG_MODULES: dict[str, str] = {}


def packages(folder: Path) -> list[Path]:
    return sorted(p.parent for p in folder.glob("*/__init__.py"))


def contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return found


def test_every_package_has_its_line_in_the_map() -> None:
    tree = MAP[MAP.index("## The tree") : MAP.index("## Contracts")]
    listed = set(re.findall(r"^\s+([a-z_]+)/", tree, re.MULTILINE))
    nested = [*packages(PLANNER), *packages(PLANNER / "ui"), *packages(PLANNER / "domain")]
    missing = sorted(p.name for p in nested if p.name not in listed and p.name != "migrations")
    assert missing == []


def test_every_workspace_step_is_in_the_independence_contract() -> None:
    steps = {f"planner.ui.{p.name}" for p in packages(PLANNER / "ui")} - {"planner.ui.shared"}
    independence = [c for c in contracts() if c["type"] == "independence"]
    assert len(independence) == 1
    assert set(independence[0]["modules"]) == steps  # type: ignore[call-overload]


def test_every_step_package_has_a_tab() -> None:
    from planner.ui.workspace_pages import PAGES

    keys = {spec.key for spec in PAGES}
    steps = {p.name for p in packages(PLANNER / "ui")} - {"shared", "patients"}
    assert steps == keys


def test_no_module_is_over_the_limit_without_a_reason() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PLANNER.rglob("*.py")
        if "migrations" not in p.parts
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= set(LONG_MODULES), long


def test_steps_may_not_import_any_module_of_the_shell() -> None:
    """Every top-level module of planner.ui but the context a page is given is the window's."""
    context = {"__init__", "workspace", "reference", "crash"}
    shell = {f"planner.ui.{p.stem}" for p in (PLANNER / "ui").glob("*.py")} - {
        f"planner.ui.{name}" for name in context
    }
    (rule,) = [c for c in contracts() if str(c["name"]).startswith("Steps use the shared")]
    assert set(rule["forbidden_modules"]) == shell  # type: ignore[call-overload]
