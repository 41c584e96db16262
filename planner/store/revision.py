"""The newest migration. A test keeps it equal to Alembic's head; knowing it without Alembic
lets an up-to-date database open without importing Alembic or SQLAlchemy."""

SCHEMA_HEAD = "0007"
