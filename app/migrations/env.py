"""Alembic environment: runs on the connection handed in by `app.db.migrate`,
or on TENSORDOJO_DATABASE_URL when invoked through the `alembic` command."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from app.config import AppSettings

    engine = create_engine(AppSettings().resolved_database_url())
    with engine.begin() as conn:
        _run(conn)
