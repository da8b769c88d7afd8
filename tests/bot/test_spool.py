"""A database outage loses nothing: what the inbox cannot store is spooled to disk, acknowledged, and moved into
the inbox and answered once the database takes writes again."""

from __future__ import annotations

from sqlalchemy import func, select

from leadscribe.bot.dispatch import Dispatcher
from leadscribe.bot.spool import Spool
from leadscribe.crm.db import Database
from leadscribe.crm.models import Draft, InboxMessage
from leadscribe.ports import InboundEvent

from .conftest import NOW
from .test_dispatch import Recorder

NOTES = [f"华东医疗的张总想买{n}台CT设备，手机1381234567{n}" for n in range(5)]


def event(n: int) -> InboundEvent:
    return InboundEvent(
        channel="console", chat_id="小张", sender_id="小张", message_id=f"out{n}", kind="text", text=NOTES[n]
    )


async def test_messages_received_while_the_database_is_down_are_kept_and_answered_after(seeded, tmp_path):
    spool = Spool(tmp_path / "spool" / "inbox.jsonl")
    # a real outage: PostgreSQL's address with nothing listening (connection refused on every write)
    down = Database("postgresql://test@127.0.0.1:1/test")
    during = Dispatcher(down, {"console": Recorder()}, clock=lambda: NOW, spool=spool)
    acknowledged = [await during.submit(event(n)) for n in range(5)]
    assert await during.submit(event(0))  # WeCom's retry of an unanswered message, spooled again
    assert acknowledged == [True] * 5 and spool.depth() == 6 and spool.failing
    assert await during.drain_spool() == 0 and spool.depth() == 6  # still down: nothing is dropped
    during.inbox.close()

    rec = Recorder()
    after = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW, spool=spool)
    assert await after.drain_spool() == 5
    await after.drain()
    assert spool.depth() == 0 and not spool.failing
    with seeded.session() as s:
        assert s.scalar(select(func.count(InboxMessage.id))) == 5  # the retry is one message
        assert s.scalar(select(func.count(Draft.id))) == 5
    assert len(rec.sent) == 5
