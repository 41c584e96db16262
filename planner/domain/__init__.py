"""Pure domain model: dataclasses, vocabularies and rules. No Qt, SQLAlchemy or ReportLab."""
