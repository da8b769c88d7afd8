"""Each platform end to end: signed webhook → real router → real Dispatcher on SQLite → card on the fake platform."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from leadscribe.adapters.dingtalk import DingTalkChannel
from leadscribe.adapters.telegram import build_telegram
from leadscribe.adapters.wecom import WeComChannel
from leadscribe.api.routes.dingtalk import dingtalk_router
from leadscribe.api.routes.telegram import telegram_router
from leadscribe.api.routes.wecom import wecom_router
from leadscribe.bot.dispatch import Dispatcher
from leadscribe.crm.models import InboxMessage, Lead
from leadscribe.crm.users import add_user
from leadscribe.settings import Settings

from ..fakes.dingtalk import FakeDingTalk
from ..fakes.server import serve
from ..fakes.telegram import FakeBotApi
from ..fakes.wecom import FakeWeCom
from . import test_dingtalk as dt
from . import test_telegram as tg
from . import test_wecom as wc

NOTE = "华东医疗的张总想买两台CT设备，预算300万，手机13812345678"


def register(db, **identity: str) -> None:
    with db.session() as s:
        add_user(s, "小张", **identity)


def app_with(router) -> httpx.AsyncClient:
    app = FastAPI()
    app.include_router(router)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app")


def leads(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Lead.id))) or 0


async def test_wecom_note_card_confirm(sqlite_db):
    register(sqlite_db, wecom="zhangsan")
    fake = FakeWeCom(wc.CORP_ID, wc.SECRET)
    with serve(fake.app()) as base:
        channel = WeComChannel(wc.CORP_ID, "1000002", wc.SECRET, wc.TOKEN, wc.AES_KEY, api_base=base)
        dispatcher = Dispatcher(sqlite_db, {"wecom": channel})
        async with app_with(wecom_router(channel, dispatcher)) as client:
            note = wc.inner("text", f"<Content><![CDATA[{NOTE}]]></Content>", msg_id="8001")
            for nonce in ("a", "b", "c"):  # the platform retries: three deliveries, one message
                assert (await wc.post(client, channel, note, nonce=nonce)).status_code == 200
            await dispatcher.drain()
            (card,) = fake.sent
            assert card["touser"] == "zhangsan" and card["msgtype"] == "template_card"
            assert "华东医疗" in card["template_card"]["sub_title_text"]
            confirm = next(b for b in card["template_card"]["button_list"] if b["text"] == "确认")
            click = (
                "<Event><![CDATA[template_card_event]]></Event>"
                f"<EventKey><![CDATA[{confirm['key']}]]></EventKey><TaskId>t1</TaskId>"
            )
            assert (await wc.post(client, channel, wc.inner("event", click, msg_id=""))).status_code == 200
            await dispatcher.drain()
        await channel.aclose()
    assert "已保存" in fake.sent[-1]["text"]["content"]
    assert leads(sqlite_db) == 1
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count(InboxMessage.id))) == 2


async def test_telegram_note_card_confirm(sqlite_db):
    register(sqlite_db, telegram=str(tg.REP["id"]))
    fake = FakeBotApi(tg.TOKEN)
    with serve(fake.app()) as base:
        channel = build_telegram(Settings(telegram_token=tg.TOKEN, telegram_secret=tg.SECRET, telegram_api_base=base))
        assert channel is not None
        dispatcher = Dispatcher(sqlite_db, {"telegram": channel})
        async with app_with(telegram_router(channel, dispatcher)) as client:
            client.headers["X-Telegram-Bot-Api-Secret-Token"] = tg.SECRET
            for _ in range(2):  # Telegram re-posts an update it saw no 200 for
                assert (await client.post("/telegram/webhook", json=tg.message(1, 10, text=NOTE))).status_code == 200
            await dispatcher.drain()
            (card,) = fake.called("sendMessage")
            assert "华东医疗" in card["text"]
            keys = [b for row in card["reply_markup"]["inline_keyboard"] for b in row]
            confirm = next(b for b in keys if b["text"] == "确认")
            press = {
                "update_id": 2,
                "callback_query": {
                    "id": "cq1",
                    "from": tg.REP,
                    "chat_instance": "ci",
                    "data": confirm["callback_data"],
                    "message": {"message_id": 11, "date": 1700000000, "chat": tg.CHAT, "text": card["text"]},
                },
            }
            assert (await client.post("/telegram/webhook", json=press)).status_code == 200
            await dispatcher.drain()
        await channel.aclose()
    assert "已保存" in fake.called("sendMessage")[-1]["text"]
    assert fake.called("answerCallbackQuery")
    assert leads(sqlite_db) == 1


async def test_dingtalk_note_card_confirm(sqlite_db):
    register(sqlite_db, dingtalk="staff01")
    fake = FakeDingTalk(dt.KEY, dt.SECRET)
    with serve(fake.app()) as base:
        fake.base_url = base
        channel = DingTalkChannel(dt.KEY, dt.SECRET, api_base=base, now_ms=dt.Clock())
        dispatcher = Dispatcher(sqlite_db, {"dingtalk": channel})
        async with app_with(dingtalk_router(channel, dispatcher)) as client:
            for _ in range(2):
                assert (await dt.post(client, dt.callback(base, "msgA", text=NOTE))).status_code == 200
            await dispatcher.drain()
            (card,) = fake.webhook_posts
            assert card["msgtype"] == "actionCard" and "华东医疗" in card["actionCard"]["text"]
            assert "确认" in [b["title"] for b in card["actionCard"]["btns"]]
            # an actionCard button makes the DingTalk client send its label as a text message
            assert (await dt.post(client, dt.callback(base, "msgB", text="确认"))).status_code == 200
            await dispatcher.drain()
        await channel.aclose()
    assert "已保存" in fake.webhook_posts[-1]["text"]["content"]
    assert leads(sqlite_db) == 1
