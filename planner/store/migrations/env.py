"""Alembic environment: always run in-process with a connection handed over by planner.store."""

from __future__ import annotations

from alembic import context

from planner.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    # planner.store.engine runs the whole upgrade in one transaction it began, DDL included
    # (on SQLite too: the engine issues BEGIN itself, so the driver does not autocommit DDL).
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
