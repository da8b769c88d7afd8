"""Alembic environment: runs against the connection handed in by leadscribe.crm.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import leadscribe.crm.models_reminders  # noqa: F401  (registers the reminder tables)
from leadscribe.crm.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    conn = config.attributes.get("connection")
    if conn is None:  # plain `alembic` command line
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _migrate(conn)
        return
    _migrate(conn)


def _migrate(conn) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=conn,
        target_metadata=target_metadata,
        render_as_batch=conn.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
