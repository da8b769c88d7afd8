"""job queue for workers on PostgreSQL (procrastinate's tables), and when a reply was taken for sending

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# procrastinate's own objects (its functions are found by name)
TABLES = ["procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs", "procrastinate_workers"]
TYPES = ["procrastinate_job_to_defer_v1", "procrastinate_job_event_type", "procrastinate_job_status"]


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        # a reply left "sending" by a worker that died is released only once it is this old (bot/outbox.py)
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite keeps the single built-in worker (bot/worker.py)
    if bind.scalar(sa.text("SELECT to_regclass('procrastinate_jobs')")) is not None:
        return  # a database shared with an earlier installation of the schema
    from procrastinate.schema import SchemaManager

    # on the driver's cursor without parameters: the script's own `%` signs are not placeholders
    bind.connection.dbapi_connection.cursor().execute(SchemaManager.get_schema())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        functions = bind.scalars(
            sa.text("SELECT oid::regprocedure::text FROM pg_proc WHERE proname LIKE 'procrastinate%'")
        )
        for function in list(functions):
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function} CASCADE")
        for table in TABLES:
            bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
        for type_ in TYPES:
            bind.exec_driver_sql(f"DROP TYPE IF EXISTS {type_} CASCADE")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("claimed_at")
