"""Quiet hours and weekends hold SMS back, never drop it; after downtime each step is sent once, late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from leadscribe.bot.outbox import MAX_ATTEMPTS
from leadscribe.crm.models import OutboxMessage, User
from leadscribe.crm.models_reminders import ReminderStep
from leadscribe.crm.tasks import add_task
from leadscribe.reminders.engine import ReminderEngine
from leadscribe.reminders.policy import parse_policy_book

from .conftest import RecordingChannel, make_rig, make_team

SH = ZoneInfo("Asia/Shanghai")


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def new_task(rig, user_id: int, due: datetime, book, title: str = "回访") -> int:
    with rig.db.session() as s:
        return add_task(s, s.get(User, user_id), title, due.astimezone(UTC), now=rig.clock.now()).id


async def test_no_sms_at_3am_deferred_to_morning(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 20, 0))  # Tuesday evening
    new_task(rig, team.rep, sh(2026, 11, 25, 2, 45), book)  # overdue rung at 03:00
    await rig.at(sh(2026, 11, 25, 3, 0))
    assert rig.sms.sent == []
    assert len(rig.chat.texts_to("t-boss")) == 1  # chat pings are not held by default
    await rig.at(sh(2026, 11, 25, 7, 59))
    assert rig.sms.sent == []
    await rig.at(sh(2026, 11, 25, 8, 0))
    assert len(rig.sms.sent) == 1


async def test_weekend_sms_waits_for_monday(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 27, 9, 0))  # Friday
    new_task(rig, team.rep, sh(2026, 11, 28, 11, 0), book)  # Saturday
    await rig.at(sh(2026, 11, 29, 20, 0))  # Sunday evening
    assert rig.sms.sent == []
    await rig.at(sh(2026, 11, 30, 8, 0))
    assert len(rig.sms.sent) == 1


async def test_team_quiet_hours_come_from_data(sqlite_db, team):
    book = parse_policy_book(
        {
            "default": {
                "steps": [{"name": "overdue_sms", "at": "due", "offset": 15, "channel": "sms", "to": "assignee"}]
            },
            "teams": {"north": {"quiet_start": "12:00", "quiet_end": "14:00", "weekend": []}},
        }
    )
    rig = make_rig(sqlite_db, book, sh(2026, 11, 28, 9, 0))  # a Saturday, but this team works weekends
    new_task(rig, team.rep, sh(2026, 11, 28, 11, 50), book)
    await rig.at(sh(2026, 11, 28, 12, 5))
    assert rig.sms.sent == []
    await rig.at(sh(2026, 11, 28, 14, 0))
    assert len(rig.sms.sent) == 1


async def test_late_sms_after_downtime_still_respects_quiet_hours(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    new_task(rig, team.rep, sh(2026, 11, 24, 15, 0), book)
    await rig.at(sh(2026, 11, 24, 10, 0))
    # Down from 10:00 until 23:30: the SMS rung (15:15) is missed, and it is now quiet time.
    await rig.at(sh(2026, 11, 24, 23, 30))
    assert rig.sms.sent == []
    assert len(rig.chat.texts_to("t-rep")) == 1 and len(rig.chat.texts_to("t-boss")) == 1
    await rig.at(sh(2026, 11, 25, 8, 0))
    assert len(rig.sms.sent) == 1
    sms_row = next(m for m in rig.outbox() if m.channel == "sms")
    assert sms_row.late


async def test_restart_after_downtime_fires_each_step_once_and_late(db, book):
    team = make_team(db)
    rig = make_rig(db, book, sh(2026, 11, 24, 9, 0))
    new_task(rig, team.rep, sh(2026, 11, 24, 15, 0), book)
    await rig.at(sh(2026, 11, 24, 9, 30))
    # The process dies; a new one (fresh engine, same database) starts at 15:20, after three rungs.
    rig.clock.set(sh(2026, 11, 24, 15, 20))
    chat2 = RecordingChannel()
    engine2 = ReminderEngine(db, {"telegram": chat2}, rig.clock, sms=rig.sms, book=book)
    await engine2.tick()
    await engine2.tick()
    assert len(chat2.texts_to("t-rep")) == 1 and len(chat2.texts_to("t-boss")) == 1
    assert len(rig.sms.sent) == 1
    rows = [m for m in rig.outbox() if m.key.startswith("task:")]
    assert len(rows) == 3 and all(m.late and m.status == "sent" for m in rows)


async def test_crash_between_insert_and_send_retries_never_duplicates(db, book):
    team = make_team(db)
    rig = make_rig(db, book, sh(2026, 11, 24, 9, 0))
    new_task(rig, team.rep, sh(2026, 11, 24, 15, 0), book)
    rig.clock.set(sh(2026, 11, 24, 14, 0))
    rig.engine._queue(rig.clock.now())  # the row is committed, then the process dies before sending
    with db.session() as s:
        assert s.scalar(select(OutboxMessage.status).where(OutboxMessage.key.like("task:%"))) == "pending"
    chat2 = RecordingChannel()
    engine2 = ReminderEngine(db, {"telegram": chat2}, rig.clock, sms=rig.sms, book=book)
    await engine2.tick()
    await engine2.tick()
    assert len(chat2.texts_to("t-rep")) == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.key.like("task:%"))) == 1
        assert s.scalar(select(func.count()).select_from(ReminderStep).where(ReminderStep.status == "fired")) == 1


async def test_failed_send_is_retried_with_backoff_then_recorded(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    new_task(rig, team.rep, sh(2026, 11, 24, 15, 0), book)
    await rig.at(sh(2026, 11, 24, 9, 1))  # morning briefings out of the way
    rig.chat.fail_next = 2
    await rig.at(sh(2026, 11, 24, 14, 0))
    row = next(m for m in rig.outbox() if m.key.endswith(":before"))
    # the error is recorded by its type: an exception text may carry a URL with a token or a phone number
    assert row.status == "pending" and row.attempts == 1 and row.error == "ConnectionError"
    assert row.due_at == sh(2026, 11, 24, 14, 0, 30)
    await rig.at(sh(2026, 11, 24, 14, 0, 29))
    assert next(m for m in rig.outbox() if m.key.endswith(":before")).attempts == 1  # not before its back-off
    await rig.at(sh(2026, 11, 24, 14, 0, 30))
    await rig.at(sh(2026, 11, 24, 14, 2))
    row = next(m for m in rig.outbox() if m.key.endswith(":before"))
    assert row.status == "sent" and row.attempts == 3 and len(rig.chat.texts_to("t-rep")) == 1


async def test_send_gives_up_after_max_attempts(sqlite_db, team, book):
    rig = make_rig(sqlite_db, book, sh(2026, 11, 24, 9, 0))
    new_task(rig, team.rep, sh(2026, 11, 24, 15, 0), book)
    await rig.at(sh(2026, 11, 24, 9, 1))
    rig.chat.fail_next = 100
    t = sh(2026, 11, 24, 14, 0)
    for _ in range(MAX_ATTEMPTS + 2):
        await rig.at(t)
        t += timedelta(hours=2)
    row = next(m for m in rig.outbox() if m.key.endswith(":before"))
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
