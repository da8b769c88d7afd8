"""reminder steps and scheduler watermarks

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import leadscribe.crm.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_DT = leadscribe.crm.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reminder_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("nominal_at", UTC_DT, nullable=False),
        sa.Column("fire_at", UTC_DT, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTC_DT, nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_reminder_steps_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recipient_id"], ["users.id"], name=op.f("fk_reminder_steps_recipient_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_steps")),
        sa.UniqueConstraint("key", name=op.f("uq_reminder_steps_key")),
    )
    with op.batch_alter_table("reminder_steps", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_steps_status_fire_at", ["status", "fire_at"], unique=False)
        batch_op.create_index("ix_reminder_steps_task_id_revision", ["task_id", "revision"], unique=False)
    op.create_table(
        "scheduler_marks",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("at", UTC_DT, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_marks")),
    )


def downgrade() -> None:
    op.drop_table("scheduler_marks")
    with op.batch_alter_table("reminder_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_steps_task_id_revision")
        batch_op.drop_index("ix_reminder_steps_status_fire_at")
    op.drop_table("reminder_steps")
