"""Persistence: SQLite or PostgreSQL behind repositories that speak domain objects.

Kept empty so the light modules (urls, listing, directory) import without SQLAlchemy.
"""
