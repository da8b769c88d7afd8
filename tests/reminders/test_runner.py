"""The real scheduler: APScheduler with its jobs in the product database, one leader per database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from leadscribe.crm.db import Database
from leadscribe.crm.models import User
from leadscribe.crm.tasks import add_task
from leadscribe.reminders.leader import leader_for
from leadscribe.reminders.runner import JOBS_TABLE, TICK_JOB, start_scheduler

from .conftest import RecordingChannel, RecordingSms, make_team


async def wait_for(condition, timeout: float = 8.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


def task_with_rung_in(db: Database, user_id: int, seconds: float, book) -> None:
    now = datetime.now(UTC)
    with db.session() as s:
        add_task(
            s,
            s.get(User, user_id),
            "call back",
            now + timedelta(minutes=60, seconds=seconds),
            now=now,
        )


async def test_scheduler_fires_on_time_and_keeps_jobs_in_the_database(db, book):
    team = make_team(db)
    chat = RecordingChannel()
    handle = await start_scheduler(db, {"telegram": chat}, sms=RecordingSms(), book=book, tick_seconds=30)
    try:
        assert handle.leading
        assert await wait_for(lambda: handle.ticks >= 1)
        task_with_rung_in(db, team.rep, 1.0, book)
        await handle.tick_now()  # as the bot's 30-second tick would notice a capture; sets the wake-up
        fired_at = None
        assert await wait_for(lambda: bool(chat.texts_to("t-rep")), timeout=5)
        fired_at = datetime.now(UTC)
        with db.session() as s:
            rung = s.execute(text("SELECT fire_at FROM reminder_steps WHERE step = 'before'")).scalar()
            jobs = set(s.execute(text(f"SELECT id FROM {JOBS_TABLE}")).scalars())
        assert TICK_JOB in jobs
        rung_at = (
            rung
            if isinstance(rung, datetime) and rung.tzinfo
            else datetime.fromisoformat(str(rung)).replace(tzinfo=UTC)
        )
        assert abs((fired_at - rung_at).total_seconds()) < 1.5
    finally:
        await handle.stop()


async def test_second_scheduler_stands_by_and_takes_over(db, book):
    team = make_team(db)
    chat1, chat2 = RecordingChannel(), RecordingChannel()
    other = Database(db.url)  # a second "process": its own engine and lock
    h1 = await start_scheduler(db, {"telegram": chat1}, sms=RecordingSms(), book=book, standby_seconds=0.2)
    h2 = await start_scheduler(other, {"telegram": chat2}, sms=RecordingSms(), book=book, standby_seconds=0.2)
    try:
        assert h1.leading and not h2.leading
        await asyncio.sleep(0.5)
        assert not h2.leading
        await h1.stop()
        assert await wait_for(lambda: h2.leading, timeout=5)
        task_with_rung_in(db, team.rep, 0.5, book)
        await h2.tick_now()
        assert await wait_for(lambda: bool(chat2.texts_to("t-rep")), timeout=5)
        assert chat1.texts_to("t-rep") == []
    finally:
        await h2.stop()
        other.dispose()


HOLDER = textwrap.dedent(
    """
    import asyncio, sys
    from leadscribe.crm.db import Database
    from leadscribe.adapters.sms import LogSms
    from leadscribe.reminders.policy import load_policy_book
    from leadscribe.reminders.runner import start_scheduler

    async def main():
        db = Database(sys.argv[1])
        handle = await start_scheduler(db, {}, sms=LogSms(), book=load_policy_book(), standby_seconds=0.2)
        print("lead" if handle.leading else "standby", flush=True)
        await asyncio.sleep(120)

    asyncio.run(main())
    """
)


async def test_leader_process_dies_and_the_standby_takes_over(db, book):
    """A real second process leads; killing it (no clean-up at all) lets our standby scheduler lead."""
    team = make_team(db)
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, db.url], stdout=subprocess.PIPE, text=True)
    chat = RecordingChannel()
    handle = None
    try:
        line = await asyncio.to_thread(proc.stdout.readline)
        assert line.strip() == "lead"
        handle = await start_scheduler(db, {"telegram": chat}, sms=RecordingSms(), book=book, standby_seconds=0.2)
        assert not handle.leading
        assert not leader_for(db.url).try_acquire()
        await asyncio.sleep(0.5)
        assert not handle.leading
        os.kill(proc.pid, signal.SIGKILL)
        await asyncio.to_thread(proc.wait, 10)
        assert await wait_for(lambda: handle.leading, timeout=10)
        task_with_rung_in(db, team.rep, 0.5, book)
        await handle.tick_now()
        assert await wait_for(lambda: bool(chat.texts_to("t-rep")), timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if handle is not None:
            await handle.stop()


async def test_rung_due_while_no_scheduler_ran_fires_late_on_restart(sqlite_db):
    from leadscribe.reminders.policy import parse_policy_book

    book = parse_policy_book(
        {
            "default": {
                "steps": [{"name": "before", "at": "due", "offset": -60, "channel": "chat", "to": "assignee"}],
                "late_after_seconds": 0.5,
            }
        }
    )
    team = make_team(sqlite_db)
    first = await start_scheduler(sqlite_db, {"telegram": RecordingChannel()}, sms=RecordingSms(), book=book)
    assert await wait_for(lambda: first.ticks >= 1)
    await first.stop()
    task_with_rung_in(sqlite_db, team.rep, 0.2, book)  # due while nothing runs
    await asyncio.sleep(1.0)
    chat = RecordingChannel()
    second = await start_scheduler(sqlite_db, {"telegram": chat}, sms=RecordingSms(), book=book)
    try:
        assert await wait_for(lambda: bool(chat.texts_to("t-rep")), timeout=5)
        with sqlite_db.session() as s:
            late = s.execute(text("SELECT late FROM outbox WHERE key LIKE 'task:%'")).scalars().all()
        assert late == [True]
    finally:
        await second.stop()
