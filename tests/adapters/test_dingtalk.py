"""The DingTalk robot adapter: signed callbacks, session-webhook replies and proactive sends on a fake server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from leadscribe.adapters.dingtalk import DingTalkChannel, DingTalkError, build_dingtalk
from leadscribe.adapters.dingtalk_sign import sign
from leadscribe.adapters.dingtalk_stream import stream_handler
from leadscribe.api.routes.dingtalk import dingtalk_router
from leadscribe.ports import Button, Reply
from leadscribe.settings import Settings

from ..fakes.dingtalk import FakeDingTalk
from ..fakes.server import serve
from ..fakes.submitter import RecordingSubmitter

KEY, SECRET = "dingabc123", "Sec-ret/+xyz"
NOW = 1_700_000_000_000  # ms


class Clock:
    def __init__(self) -> None:
        self.ms = NOW

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def fake() -> FakeDingTalk:
    return FakeDingTalk(KEY, SECRET, files={"DL1": b"#!AMR\n" + bytes(40)})


@pytest.fixture
async def wired(fake) -> AsyncIterator[tuple[DingTalkChannel, RecordingSubmitter, httpx.AsyncClient, str, Clock]]:
    with serve(fake.app()) as base:
        fake.base_url = base
        clock = Clock()
        channel = DingTalkChannel(KEY, SECRET, api_base=base, now_ms=clock)
        submitter = RecordingSubmitter()
        app = FastAPI()
        app.include_router(dingtalk_router(channel, submitter))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            yield channel, submitter, client, base, clock
        await channel.aclose()


def callback(base: str, msg_id: str, msgtype: str = "text", single: bool = True, **fields: Any) -> dict[str, Any]:
    body = {
        "conversationId": "cidAbC123==",
        "chatbotCorpId": "dingcorp",
        "chatbotUserId": "$:LWCP_v1:$bot",
        "msgId": msg_id,
        "senderNick": "张伟",
        "isAdmin": False,
        "senderStaffId": "staff01",
        "sessionWebhookExpiredTime": NOW + 5_400_000,
        "createAt": NOW - 1000,
        "senderCorpId": "dingcorp",
        "conversationType": "1" if single else "2",
        "senderId": "$:LWCP_v1:$abc",
        "sessionWebhook": f"{base}/robot/sendBySession?session=s1",
        "robotCode": KEY,
        "msgtype": msgtype,
    }
    if msgtype == "text":
        body["text"] = {"content": fields.pop("text", "hello")}
    return body | fields


async def post(client: httpx.AsyncClient, body: Any, ts: int = NOW, secret: str = SECRET) -> httpx.Response:
    headers = {"timestamp": str(ts), "sign": sign(str(ts), secret), "content-type": "application/json"}
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return await client.post("/dingtalk/callback", content=raw, headers=headers)


async def test_text_audio_richtext_and_redelivery(wired, fake):
    channel, submitter, client, base, _ = wired
    assert (await post(client, callback(base, "m1", text=" 华东医疗预算300万 "))).status_code == 200
    assert (await post(client, callback(base, "m1", text="again"))).status_code == 200  # same msgId
    audio = {"duration": 3000, "downloadCode": "DL1", "recognition": "明天下午拜访李总"}
    await post(client, callback(base, "m2", "audio", content=audio))
    await post(client, callback(base, "m3", "audio", content={"duration": 2000, "downloadCode": "DL1"}))
    rich = {"richText": [{"text": "客户说"}, {"type": "picture", "downloadCode": "p"}, {"text": "太贵了"}]}
    await post(client, callback(base, "m4", "richText", single=False, content=rich))
    got = [(e.kind, e.text, e.media_ref, e.chat_id) for e in submitter.events]
    assert got == [
        ("text", "华东医疗预算300万", None, "staff01"),
        ("voice", "明天下午拜访李总", "DL1", "staff01"),
        ("voice", "", "DL1", "staff01"),
        ("text", "客户说\n太贵了", None, "cidAbC123=="),
    ]
    assert submitter.duplicates == 1
    assert submitter.events[0].reply_context["session_webhook"].startswith(base)
    assert await channel.fetch_media(submitter.events[2]) == fake.files["DL1"]


async def test_forged_stale_and_malformed_requests(wired):
    _, submitter, client, base, clock = wired
    body = callback(base, "m1")
    assert (await post(client, body, secret="wrong")).status_code == 401
    assert (await post(client, body, ts=NOW - 3_600_001)).status_code == 401  # replayed after an hour
    assert (await post(client, body, ts=NOW + 3_600_001)).status_code == 401
    assert (await client.post("/dingtalk/callback", json=body)).status_code == 401  # no headers
    assert (await post(client, b"{broken")).status_code == 400
    assert (await post(client, b"[]")).status_code == 400
    assert (await post(client, b"{" + b" " * (1024 * 1024) + b"}")).status_code == 413
    for odd in [
        callback(base, "m5", "picture", content={"downloadCode": "x"}),
        {"msgId": "m6"},
        callback(base, "m7", text="   "),
        callback(base, "m8", "audio", content="notadict"),
    ]:
        assert (await post(client, odd)).status_code == 200
    assert submitter.events == []
    assert (await post(client, body, ts=NOW - 3_500_000)).status_code == 200  # inside the window


async def test_reply_through_session_webhook_then_button_comes_back(wired, fake):
    channel, submitter, client, base, _ = wired
    await post(client, callback(base, "m1"))
    event = submitter.events[0]
    await channel.send(Reply(chat_id=event.chat_id, text="已记录"), event.reply_context)
    card = Reply(
        chat_id=event.chat_id,
        title="新商机",
        text="公司：华东医疗\n预算：300万",
        buttons=[Button("确认", "confirm:7"), Button("修改", "edit:7"), Button("取消", "cancel:7")],
    )
    await channel.send(card, event.reply_context)
    text, action = fake.webhook_posts
    assert text == {"msgtype": "text", "text": {"content": "已记录"}}
    assert action["msgtype"] == "actionCard"
    btns = action["actionCard"]["btns"]
    assert [b["title"] for b in btns] == ["确认", "修改", "取消"]
    assert btns[0]["actionURL"] == "dtmd://dingtalkclient/sendMessage?content=%E7%A1%AE%E8%AE%A4"
    # the tap makes the client send "确认" as text: the adapter turns it back into the button's payload
    await post(client, callback(base, "m2", text="确认"))
    assert (submitter.events[1].kind, submitter.events[1].text) == ("button", "confirm:7")
    assert fake.token_requests == 0  # session webhook needs no access token


async def test_proactive_and_expired_webhook_use_the_robot_api(wired, fake):
    channel, submitter, client, base, clock = wired
    await post(client, callback(base, "m1"))
    context = submitter.events[0].reply_context
    clock.ms = NOW + 5_400_001  # the session webhook has expired
    await channel.send(Reply(chat_id="staff01", text="提醒：明天拜访"), context)
    await channel.send(Reply(chat_id="staff01", text="卡片", buttons=[Button("确认", "c"), Button("取消", "x")]))
    await channel.send(Reply(chat_id="cidAbC123==", text="群提醒"))
    assert fake.webhook_posts == [] and fake.token_requests == 1
    (p1, b1), (p2, b2), (p3, b3) = fake.robot_sends
    assert p1 == p2 == "/v1.0/robot/oToMessages/batchSend" and p3 == "/v1.0/robot/groupMessages/send"
    assert b1["userIds"] == ["staff01"] and b1["msgKey"] == "sampleText" and b1["robotCode"] == KEY
    assert json.loads(b1["msgParam"]) == {"content": "提醒：明天拜访"}
    assert b2["msgKey"] == "sampleActionCard2"
    assert json.loads(b2["msgParam"])["actionTitle2"] == "取消"
    assert b3["openConversationId"] == "cidAbC123=="


async def test_session_webhook_on_a_foreign_host_is_not_called(wired, fake):
    channel, _, _, _, _ = wired
    context = {"session_webhook": "http://169.254.169.254/latest", "session_webhook_expires": str(NOW + 10_000)}
    await channel.send(Reply(chat_id="staff01", text="x"), context)
    assert fake.webhook_posts == [] and len(fake.robot_sends) == 1


async def test_bad_credentials_and_unknown_download(fake):
    with serve(fake.app()) as base:
        fake.base_url = base
        wrong = DingTalkChannel(KEY, "nope", api_base=base)
        with pytest.raises(DingTalkError):
            await wrong.send(Reply(chat_id="staff01", text="x"))
        await wrong.aclose()
        channel = DingTalkChannel(KEY, SECRET, api_base=base)
        event = channel.parse(callback(base, "m9", "audio", content={"downloadCode": "GONE"}))
        assert event is not None
        with pytest.raises(DingTalkError):
            await channel.fetch_media(event)
        await channel.aclose()


async def test_stream_mode_handler_yields_the_same_event(fake):
    dingtalk_stream = pytest.importorskip("dingtalk_stream")  # the optional [dingtalk-stream] extra

    channel = DingTalkChannel(KEY, SECRET)
    submitter = RecordingSubmitter()
    handler = stream_handler(channel, submitter)
    message = dingtalk_stream.CallbackMessage.from_dict(
        {
            "specVersion": "1.0",
            "type": "CALLBACK",
            "headers": {"topic": "/v1.0/im/bot/messages/get", "messageId": "x"},
            "data": json.dumps(callback("https://oapi.dingtalk.com", "s1", text="流模式")),
        }
    )
    ack = await handler.raw_process(message)
    assert ack.code == dingtalk_stream.AckMessage.STATUS_OK
    assert [(e.kind, e.text, e.message_id) for e in submitter.events] == [("text", "流模式", "s1")]
    await channel.aclose()


def test_build_needs_key_and_secret():
    assert build_dingtalk(Settings(dingtalk_app_key="k")) is None
    assert build_dingtalk(Settings(dingtalk_app_key="k", dingtalk_app_secret="s")) is not None


async def test_authenticated_but_absurd_bodies_get_400_never_500(wired):
    _, submitter, client, base, _ = wired
    nested = b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    assert (await post(client, nested)).status_code == 400  # RecursionError in the JSON parser
    assert (await post(client, callback(base, "m1", createAt=10**400))).status_code == 400  # OverflowError
    assert (await post(client, callback(base, "x" * 200))).status_code == 400  # longer than any stored id
    assert (await post(client, callback(base, "m\u00002"))).status_code == 400  # NUL in an id
    assert (await post(client, callback(base, "m3", senderStaffId="s\u0000"))).status_code == 400
    assert submitter.events == []
    # NUL inside the text is dropped, the message kept
    assert (await post(client, callback(base, "m4", text="华东\u0000医疗"))).status_code == 200
    assert [e.text for e in submitter.events] == ["华东医疗"]


async def test_session_webhook_on_another_port_or_over_http_is_not_called(wired, fake):
    channel, _, _, base, _ = wired
    host_port = base.split("://", 1)[1]
    host, port = host_port.rsplit(":", 1)
    for url in (
        f"http://{host}:{int(port) + 1}/robot/sendBySession?session=s1",  # the right host, another port
        "http://oapi.dingtalk.com/robot/sendBySession?session=s1",  # DingTalk's host, but plain http
        f"http://{host}:notaport/robot",
    ):
        await channel.send(
            Reply(chat_id="staff01", text="x"), {"session_webhook": url, "session_webhook_expires": str(NOW + 10_000)}
        )
    assert fake.webhook_posts == [] and len(fake.robot_sends) == 3


async def test_a_file_over_the_ceiling_is_refused_while_downloading(wired, fake):
    from leadscribe.ports import MAX_MEDIA_BYTES, InboundEvent, MediaTooLarge

    channel, _, _, _, _ = wired
    fake.files["BIG"] = b"\0" * (MAX_MEDIA_BYTES + 10)
    event = InboundEvent(
        channel="dingtalk", chat_id="staff01", sender_id="staff01", message_id="a1", kind="voice", media_ref="BIG"
    )
    with pytest.raises(MediaTooLarge):
        await channel.fetch_media(event)


async def test_read_limited_stops_without_a_content_length():
    from leadscribe.adapters.http import read_limited
    from leadscribe.ports import MediaTooLarge

    read = 0

    async def endless():
        nonlocal read
        while True:
            read += 65536
            yield b"\0" * 65536

    response = httpx.Response(200, content=endless())
    with pytest.raises(MediaTooLarge):
        await read_limited(response, 1_000_000)
    assert read < 1_100_000  # stopped at the ceiling, not after the whole stream


async def test_a_group_conversation_is_marked_as_a_group(wired):
    _, submitter, client, base, _ = wired
    await post(client, callback(base, "g1", single=False, text="群里的一条"))
    await post(client, callback(base, "g2", single=True, text="单聊的一条"))
    assert [(e.group, e.chat_id) for e in submitter.events] == [(True, "cidAbC123=="), (False, "staff01")]


async def test_a_webhook_during_a_database_outage_is_acknowledged_and_spooled(fake, tmp_path):
    from leadscribe.bot.dispatch import Dispatcher
    from leadscribe.bot.spool import Spool
    from leadscribe.crm.db import Database

    with serve(fake.app()) as base:
        channel = DingTalkChannel(KEY, SECRET, api_base=base, now_ms=Clock())
        spool = Spool(tmp_path / "inbox.jsonl")
        dispatcher = Dispatcher(Database("postgresql://test@127.0.0.1:1/test"), {"dingtalk": channel}, spool=spool)
        app = FastAPI()
        app.include_router(dingtalk_router(channel, dispatcher))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            codes = [(await post(client, callback(base, f"o{n}", text=f"第{n}条"))).status_code for n in range(3)]
        dispatcher.inbox.close()
        await channel.aclose()
    assert codes == [200, 200, 200] and spool.depth() == 3
