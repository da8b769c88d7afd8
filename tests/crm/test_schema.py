"""Migrations build the whole schema from empty, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect

from leadscribe.crm.migrate import current
from leadscribe.crm.models import Base


def test_upgrade_creates_every_table(db):
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current(db.engine) is not None


def test_upgrade_is_idempotent(db):
    before = current(db.engine)
    db.upgrade()
    assert current(db.engine) == before


def test_inbox_rejects_second_copy_of_a_message(db):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from leadscribe.crm.models import InboxMessage

    with db.session() as s:
        s.add(InboxMessage(channel="wecom", message_id="m1", chat_id="c", sender_id="u", kind="text"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(InboxMessage(channel="wecom", message_id="m1", chat_id="c", sender_id="u", kind="text"))
    with db.session() as s:  # the same id on another channel is another message
        s.add(InboxMessage(channel="telegram", message_id="m1", chat_id="c", sender_id="u", kind="text"))


def test_times_come_back_as_aware_utc(db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from leadscribe.crm.models import Task
    from leadscribe.crm.users import add_user

    due = datetime(2026, 3, 8, 9, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    with db.session() as s:
        rep = add_user(s, "Amy", tz="America/Los_Angeles")
        s.add(Task(title="call", due_at=due, assignee_id=rep.id))
    with db.session() as s:
        task = s.query(Task).one()
        assert task.due_at == due
        assert task.due_at.utcoffset().total_seconds() == 0
