"""The console channel: a voice file through the real speech path, and DingTalk-style recognition text."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from leadscribe.crm.models import Lead
from leadscribe.crm.seed import seed_demo
from leadscribe.ports import InboundEvent

from ..bot.conftest import make_chat

VOICE = Path(__file__).resolve().parents[1] / "data" / "voice"


@pytest.fixture
def seeded(db):
    with db.session() as s:
        seed_demo(s)
    return db


@pytest.mark.slow
async def test_a_voice_file_becomes_a_card_and_a_lead(seeded):
    chat = make_chat(seeded)
    card = await chat.type(f"/voice {VOICE / 'd008.ogg'}")
    assert "【新线索，请确认】" in card
    assert "联系人：孔主任" in card and "一中" in card and "行业：教育" in card  # heard, then extracted
    assert "✅ 已保存" in await chat.type("1")
    with seeded.session() as s:
        lead = s.scalars(select(Lead)).one()
        assert lead.notes[0].transcript  # the transcript is kept with the note


async def test_platform_recognition_text_is_used_without_audio(seeded):
    chat = make_chat(seeded)
    event = InboundEvent(
        channel="console",
        chat_id="小张",
        sender_id="小张",
        message_id="rec-1",
        kind="voice",
        text="华东医疗的张总想买两台CT设备",
    )
    await chat.dispatcher.handle_now(event)
    said = chat.channel.out.getvalue()
    assert "公司：华东医疗" in said and "联系人：张总" in said


async def test_a_voice_event_without_audio_gets_a_polite_reply(seeded):
    chat = make_chat(seeded)
    event = InboundEvent(channel="console", chat_id="小张", sender_id="小张", message_id="v-0", kind="voice", text="")
    await chat.dispatcher.handle_now(event)
    assert "语音无法识别" in chat.channel.out.getvalue()


async def test_an_english_rep_gets_voice_errors_in_english(seeded):
    chat = make_chat(seeded, user="Amy")
    event = InboundEvent(channel="console", chat_id="Amy", sender_id="Amy", message_id="v-en", kind="voice", text="")
    await chat.dispatcher.handle_now(event)
    said = chat.channel.out.getvalue()
    assert "could not read that voice note" in said and "语音" not in said
