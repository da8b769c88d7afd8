"""one outbox state machine: replies queued as "reply" join reminders as "pending"

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE outbox SET status = 'pending' WHERE status IN ('reply', 'sending')")


def downgrade() -> None:
    op.execute("UPDATE outbox SET status = 'reply' WHERE status IN ('pending', 'sending') AND key LIKE 'reply:%'")
