"""Raw messages do not stay forever: a stranger's text is never kept, and what is finished is deleted after
`keep_days` by the scheduler's tick (bot/inbox.py forget_old), while the CRM it fed stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from leadscribe.bot.dispatch import Dispatcher
from leadscribe.crm.models import Draft, InboxMessage, Lead, OutboxMessage
from leadscribe.ports import InboundEvent
from leadscribe.reminders.clock import FakeClock
from leadscribe.reminders.engine import ReminderEngine
from leadscribe.reminders.policy import load_policy_book

from ..reminders.conftest import RecordingSms
from .conftest import NOW, make_chat
from .test_dispatch import Recorder


async def test_a_strangers_message_is_answered_but_its_text_is_not_kept(seeded):
    d = Dispatcher(seeded, {"console": Recorder()}, clock=lambda: NOW)
    stranger = InboundEvent(
        channel="console", chat_id="x", sender_id="路人甲", message_id="s1", kind="text", text="加我微信13912345678"
    )
    assert await d.submit(stranger)
    await d.drain()
    assert not await d.submit(stranger)  # a retry is still recognised
    with seeded.session() as s:
        row = s.scalar(select(InboxMessage))
        assert row.status == "refused" and "13912345678" not in str(row.payload)


async def test_finished_messages_are_deleted_after_the_keep_period_and_the_crm_stays(seeded):
    old = make_chat(seeded, clock=lambda: NOW)
    await old.type("华东医疗的张总想买CT，预算300万，手机13812345678")
    await old.type("确认")
    await old.type("鑫达物流的王总要一套WMS")  # a card left open
    later = NOW + timedelta(days=31)
    recent = make_chat(seeded, clock=lambda: later)
    await recent.type("永辉超市的陈总想上一套收银系统")
    engine = ReminderEngine(
        seeded, {"console": Recorder()}, FakeClock(later), sms=RecordingSms(), book=load_policy_book()
    )
    await engine.tick()
    with seeded.session() as s:
        texts = [r.payload.get("text") for r in s.scalars(select(InboxMessage))]
        assert texts == ["永辉超市的陈总想上一套收银系统"]  # only the message inside the keep period
        assert s.scalar(select(func.count(Lead.id))) == 1  # the saved lead stays
        drafts = s.scalars(select(Draft).order_by(Draft.id)).all()
        # the answered card went; the one still open stays, as does the recent one
        assert [(d.status, d.text[:4]) for d in drafts] == [("open", "鑫达物流"), ("open", "永辉超市")]
        assert all(o.created_at >= later - timedelta(days=1) for o in s.scalars(select(OutboxMessage)))
