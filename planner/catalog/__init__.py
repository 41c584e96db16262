"""The shipped reference library: loading, validation and JSON export."""

from __future__ import annotations

from planner.catalog.export import catalog_as_json
from planner.catalog.loader import load_catalog
from planner.domain.catalog import CatalogError

__all__ = ["CatalogError", "catalog_as_json", "load_catalog"]
