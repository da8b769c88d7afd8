"""The Telegram adapter through python-telegram-bot against a fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from leadscribe.adapters.telegram import TelegramChannel, build_telegram
from leadscribe.adapters.telegram_polling import poll_once
from leadscribe.api.routes.telegram import telegram_router
from leadscribe.ports import Button, Reply
from leadscribe.settings import Settings

from ..fakes.server import serve
from ..fakes.submitter import RecordingSubmitter
from ..fakes.telegram import FakeBotApi

TOKEN, SECRET = "123456:ABC-def", "hook-secret-1"
REP = {"id": 777, "is_bot": False, "first_name": "Wei", "last_name": "Zhang", "language_code": "zh-hans"}
CHAT = {"id": 777, "type": "private", "first_name": "Wei"}
OGG = b"OggS\x00\x02" + bytes(100)


def message(update_id: int, message_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {"message_id": message_id, "date": 1700000000, "chat": CHAT, "from": REP, **fields},
    }


@pytest.fixture
def fake() -> FakeBotApi:
    return FakeBotApi(TOKEN, files={"VOICE1": OGG})


@pytest.fixture
async def wired(fake) -> AsyncIterator[tuple[TelegramChannel, RecordingSubmitter, httpx.AsyncClient]]:
    with serve(fake.app()) as base:
        channel = build_telegram(Settings(telegram_token=TOKEN, telegram_secret=SECRET, telegram_api_base=base))
        assert channel is not None
        submitter = RecordingSubmitter()
        app = FastAPI()
        app.include_router(telegram_router(channel, submitter))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://app", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        ) as client:
            yield channel, submitter, client
        await channel.aclose()


async def test_text_command_voice_forward_and_retry(wired, fake):
    channel, submitter, client = wired
    updates = [
        message(1, 10, text="华东医疗 预算300万"),
        message(1, 10, text="华东医疗 预算300万"),  # Telegram redelivers an update it saw no 200 for
        message(2, 11, text="/today@leadscribe_bot", entities=[{"type": "bot_command", "offset": 0, "length": 21}]),
        message(3, 12, voice={"file_id": "VOICE1", "file_unique_id": "uV1", "duration": 4, "mime_type": "audio/ogg"}),
        message(
            4,
            13,
            text="你们价格太贵了，下周再说",
            forward_origin={
                "type": "user",
                "date": 1699990000,
                "sender_user": {"id": 9, "is_bot": False, "first_name": "李", "last_name": "总"},
            },
        ),
        message(
            5, 14, text="群里转来的", forward_origin={"type": "hidden_user", "date": 1, "sender_user_name": "王经理"}
        ),
    ]
    for update in updates:
        assert (await client.post("/telegram/webhook", json=update)).status_code == 200
    got = [(e.kind, e.text, e.forwarded_from, e.message_id) for e in submitter.events]
    assert got == [
        ("text", "华东医疗 预算300万", None, "777:10"),
        ("command", "/today", None, "777:11"),
        ("voice", "", None, "777:12"),
        ("forwarded", "你们价格太贵了，下周再说", "李 总", "777:13"),
        ("forwarded", "群里转来的", "王经理", "777:14"),
    ]
    assert submitter.duplicates == 1
    voice = submitter.events[2]
    assert (voice.media_ref, voice.audio_format, voice.sender_id) == ("VOICE1", "ogg", "777")
    assert await channel.fetch_media(voice) == OGG
    assert fake.called("getFile") == [{"file_id": "VOICE1"}]


async def test_button_press_is_submitted_and_answered(wired, fake):
    _, submitter, client = wired
    update = {
        "update_id": 9,
        "callback_query": {
            "id": "cbq-1",
            "from": REP,
            "chat_instance": "ci",
            "data": "confirm:42",
            "message": {"message_id": 50, "date": 1700000000, "chat": CHAT, "text": "card"},
        },
    }
    assert (await client.post("/telegram/webhook", json=update)).status_code == 200
    (event,) = submitter.events
    assert (event.kind, event.text, event.chat_id, event.message_id) == ("button", "confirm:42", "777", "cb:cbq-1")
    for _ in range(100):  # answered in the background after the 200
        if fake.called("answerCallbackQuery"):
            break
        await asyncio.sleep(0.02)
    assert fake.called("answerCallbackQuery") == [{"callback_query_id": "cbq-1"}]


async def test_send_text_and_card(wired, fake):
    channel, _, _ = wired
    await channel.send(Reply(chat_id="777", text="已记录"))
    await channel.send(
        Reply(
            chat_id="777",
            title="新商机",
            text="预算：300万",
            buttons=[Button("确认", "c:1"), Button("修改", "e:1"), Button("取消", "x:1")],
        )
    )
    plain, card = fake.called("sendMessage")
    assert plain["chat_id"] == 777 and plain["text"] == "已记录" and "reply_markup" not in plain
    assert card["text"] == "新商机\n\n预算：300万"
    keyboard = card["reply_markup"]["inline_keyboard"]
    assert [(b["text"], b["callback_data"]) for b in keyboard[0]] == [("确认", "c:1"), ("修改", "e:1"), ("取消", "x:1")]


async def test_hostile_webhook_requests(wired):
    _, submitter, client = wired
    ok = message(1, 10, text="hi")
    assert (
        await client.post("/telegram/webhook", json=ok, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
    ).status_code == 403
    assert (
        await client.post("/telegram/webhook", json=ok, headers={"X-Telegram-Bot-Api-Secret-Token": ""})
    ).status_code == 403
    assert (await client.post("/telegram/webhook", content=b"{not json")).status_code == 400
    assert (await client.post("/telegram/webhook", json=[1, 2])).status_code == 400
    assert (await client.post("/telegram/webhook", json={"update_id": 1, "message": {"chat": "x"}})).status_code == 400
    assert (await client.post("/telegram/webhook", content=b"{" + b" " * (1024 * 1024) + b"}")).status_code == 413
    # unsupported but well-formed: a photo, an edited message, a sticker → acknowledged, nothing submitted
    for update in [
        message(2, 20, photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]),
        {"update_id": 3, "edited_message": ok["message"] | {"edit_date": 1700000001}},
    ]:
        assert (await client.post("/telegram/webhook", json=update)).status_code == 200
    assert submitter.events == []


async def test_webhook_refuses_everything_without_a_configured_secret(fake):
    with serve(fake.app()) as base:
        channel = TelegramChannel(TOKEN, "", base)
        app = FastAPI()
        app.include_router(telegram_router(channel, RecordingSubmitter()))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            response = await client.post("/telegram/webhook", json=message(1, 1, text="x"))
        assert response.status_code == 403


async def test_polling_submits_each_update_once_and_advances_the_offset(fake):
    fake.updates = [message(100, 1, text="one"), message(101, 2, text="two")]
    with serve(fake.app()) as base:
        channel = TelegramChannel(TOKEN, "", base)
        submitter = RecordingSubmitter()
        offset = await poll_once(channel, submitter, None, timeout=0)
        assert offset == 102
        assert await poll_once(channel, submitter, offset, timeout=0) == 102
        assert [e.text for e in submitter.events] == ["one", "two"]
        assert [p.get("offset") for p in fake.called("getUpdates")] == [None, 102]
        await channel.aclose()


def test_no_token_no_channel():
    assert build_telegram(Settings(telegram_token="")) is None


async def test_a_supergroup_message_is_marked_as_a_group(wired):
    _, submitter, client = wired
    group = {"id": -100123, "type": "supergroup", "title": "销售一组"}
    update = {
        "update_id": 90,
        "message": {"message_id": 5, "date": 1700000000, "chat": group, "from": REP, "text": "华东医疗预算300万"},
    }
    assert (await client.post("/telegram/webhook", json=update)).status_code == 200
    await client.post("/telegram/webhook", json=message(91, 6, text="单聊"))
    assert [(e.group, e.chat_id) for e in submitter.events] == [(True, "-100123"), (False, "777")]
