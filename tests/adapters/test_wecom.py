"""The WeCom adapter and routes through real callback shapes and a fake WeCom API server on loopback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from leadscribe.adapters.wecom import WeComChannel, WeComError
from leadscribe.api.routes.wecom import wecom_router
from leadscribe.ports import Button, Reply

from ..fakes.server import serve
from ..fakes.submitter import RecordingSubmitter
from ..fakes.wecom import FakeWeCom
from .test_wecom_crypto import AES_KEY, CORP_ID, POST_BODY, POST_NONCE, POST_SIG, POST_TS, TOKEN, VERIFY

SECRET = "s3cret"

NOW_TS = str(int(time.time()))  # WeCom signs the current time; older callbacks are replays


@pytest.fixture
def fake() -> FakeWeCom:
    return FakeWeCom(CORP_ID, SECRET, media={"MEDIA1": b"#!AMR\n" + bytes(range(50))})


@pytest.fixture
async def wired(fake) -> AsyncIterator[tuple[WeComChannel, RecordingSubmitter, httpx.AsyncClient]]:
    with serve(fake.app()) as base:
        channel = WeComChannel(CORP_ID, "1000002", SECRET, TOKEN, AES_KEY, api_base=base)
        submitter = RecordingSubmitter()
        app = FastAPI()
        app.include_router(wecom_router(channel, submitter))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            yield channel, submitter, client
        await channel.aclose()


def inner(msg_type: str, body: str, sender: str = "zhangsan", msg_id: str = "7001") -> str:
    mid = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>1700000000</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{body}{mid}"
        "<AgentID>1000002</AgentID></xml>"
    )


async def post(client: httpx.AsyncClient, channel: WeComChannel, xml: str, nonce: str = "n1") -> httpx.Response:
    body, sig = channel.crypto.envelope(xml, NOW_TS, nonce, agent_id="1000002")
    params = {"msg_signature": sig, "timestamp": NOW_TS, "nonce": nonce}
    return await client.post("/wecom/callback", params=params, content=body)


async def test_url_verification_with_official_vector(wired):
    _, _, client = wired
    response = await client.get("/wecom/callback", params=VERIFY)
    assert response.status_code == 200 and response.text == "1616140317555161061"
    forged = await client.get("/wecom/callback", params=VERIFY | {"nonce": "1"})
    assert forged.status_code == 400


async def test_official_post_sample_becomes_a_text_event(wired):
    channel, submitter, client = wired
    channel.wall = lambda: float(POST_TS)  # the official vector was signed at its own time
    params = {"msg_signature": POST_SIG, "timestamp": POST_TS, "nonce": POST_NONCE}
    response = await client.post("/wecom/callback", params=params, content=POST_BODY)
    assert response.status_code == 200 and response.content == b""
    (event,) = submitter.events
    assert (event.kind, event.text, event.sender_id, event.message_id) == (
        "text",
        "hello",
        "mycreate",
        "4561255354251345929",
    )


async def test_text_voice_click_and_retry(wired, fake):
    channel, submitter, client = wired
    assert (
        await post(client, channel, inner("text", "<Content><![CDATA[华东医疗预算300万]]></Content>"))
    ).status_code == 200
    # WeCom retries when it saw no answer: same MsgId, new nonce; acknowledged, not submitted twice
    assert (await post(client, channel, inner("text", "<Content>x</Content>"), nonce="n2")).status_code == 200
    voice = "<MediaId><![CDATA[MEDIA1]]></MediaId><Format><![CDATA[amr]]></Format>"
    assert (await post(client, channel, inner("voice", voice, msg_id="7002"))).status_code == 200
    click = (
        "<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[confirm:42]]></EventKey><TaskId>t1</TaskId>"
    )
    assert (await post(client, channel, inner("event", click, msg_id=""))).status_code == 200
    kinds = [(e.kind, e.text, e.media_ref) for e in submitter.events]
    assert kinds == [("text", "华东医疗预算300万", None), ("voice", "", "MEDIA1"), ("button", "confirm:42", None)]
    assert submitter.duplicates == 1
    assert await channel.fetch_media(submitter.events[1]) == fake.media["MEDIA1"]


async def test_unknown_types_and_other_events_are_acknowledged_and_ignored(wired):
    channel, submitter, client = wired
    for xml in [
        inner("image", "<PicUrl>http://x</PicUrl><MediaId>m</MediaId>"),
        inner("event", "<Event>enter_agent</Event>", msg_id=""),
        inner("location", "<Location_X>1</Location_X>"),
        "<xml><MsgType>text</MsgType></xml>",  # no sender
    ]:
        assert (await post(client, channel, xml)).status_code == 200
    assert submitter.events == []


async def test_hostile_requests_are_4xx(wired):
    channel, submitter, client = wired
    body, sig = channel.crypto.envelope(inner("text", "<Content>hi</Content>"), NOW_TS, "n1")
    good = {"msg_signature": sig, "timestamp": NOW_TS, "nonce": "n1"}
    assert (
        await client.post("/wecom/callback", params=good | {"msg_signature": "f" * 40}, content=body)
    ).status_code == 400
    assert (await client.post("/wecom/callback", params=good, content=b"<xml><Encrypt>")).status_code == 400
    assert (await client.post("/wecom/callback", params=good, content=b"x" * (1024 * 1024 + 1))).status_code == 413
    other = WeComChannel("wwOTHER", "1", SECRET, TOKEN, AES_KEY)
    body2, sig2 = other.crypto.envelope(inner("text", "<Content>hi</Content>"), NOW_TS, "n1")
    assert (
        await client.post("/wecom/callback", params=good | {"msg_signature": sig2}, content=body2)
    ).status_code == 400
    assert submitter.events == []
    await other.aclose()


async def test_send_text_and_card_with_one_token(wired, fake):
    channel, _, _ = wired
    await channel.send(Reply(chat_id="zhangsan", text="已记录"))
    card = Reply(
        chat_id="zhangsan",
        title="新商机",
        text="公司：华东医疗\n预算：300万",
        buttons=[Button("确认", "c:1"), Button("修改", "e:1"), Button("取消", "x:1")],
    )
    await channel.send(card)
    assert fake.token_requests == 1
    text, tc = fake.sent
    assert text == {"touser": "zhangsan", "agentid": 1000002, "msgtype": "text", "text": {"content": "已记录"}}
    assert tc["msgtype"] == "template_card"
    assert tc["template_card"]["card_type"] == "button_interaction"
    assert [(b["text"], b["key"]) for b in tc["template_card"]["button_list"]] == [
        ("确认", "c:1"),
        ("修改", "e:1"),
        ("取消", "x:1"),
    ]
    assert "华东医疗" in tc["template_card"]["sub_title_text"]


async def test_expired_token_is_refreshed_once_under_concurrency(wired, fake):
    channel, _, _ = wired
    await channel.send(Reply(chat_id="u", text="1"))
    fake.expire_tokens()
    await asyncio.gather(*(channel.send(Reply(chat_id="u", text=str(i))) for i in range(10)))
    assert len(fake.sent) == 11
    assert fake.token_requests == 2  # the lock made nine senders reuse the one refreshed token


async def test_token_cached_until_expiry(fake):
    now = [1000.0]
    with serve(fake.app()) as base:
        channel = WeComChannel(CORP_ID, "1", SECRET, TOKEN, AES_KEY, api_base=base, clock=lambda: now[0])
        await channel.access_token()
        await channel.access_token()
        assert fake.token_requests == 1
        now[0] += 7200
        await channel.access_token()
        assert fake.token_requests == 2
        await channel.aclose()


async def test_media_error_body_is_an_error(wired):
    channel, submitter, client = wired
    voice = "<MediaId><![CDATA[GONE]]></MediaId><Format><![CDATA[amr]]></Format>"
    await post(client, channel, inner("voice", voice, msg_id="9"))
    with pytest.raises(WeComError) as err:
        await channel.fetch_media(submitter.events[0])
    assert err.value.errcode == 40007


async def test_wrong_secret_is_an_error(fake):
    with serve(fake.app()) as base:
        channel = WeComChannel(CORP_ID, "1", "wrong", TOKEN, AES_KEY, api_base=base)
        with pytest.raises(WeComError):
            await channel.send(Reply(chat_id="u", text="x"))
        await channel.aclose()


def test_decrypt_and_parse_stay_far_below_the_5_second_rule():
    # the route itself adds nothing slow: decrypt + parse of a callback stays far below WeCom's 5 s
    channel = WeComChannel(CORP_ID, "1", SECRET, TOKEN, AES_KEY)
    body, sig = channel.crypto.envelope(inner("text", "<Content>hi</Content>"), "1", "n")
    start = time.perf_counter()
    for _ in range(200):
        channel.parse_message(channel.crypto.decrypt_message(sig, "1", "n", body.encode()))
    assert (time.perf_counter() - start) / 200 < 0.005


async def test_long_ids_and_odd_values_from_wecom_itself_never_give_500(wired):
    channel, submitter, client = wired
    long_user = "u" * 64  # WeCom allows 64-character userids; a click id built on one must still be storable
    click = (
        "<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[confirm:42]]></EventKey>"
        f"<TaskId>{'t' * 64}</TaskId>"
    )
    for _ in range(2):  # WeCom's retry: the same (shortened) id, acknowledged once
        assert (await post(client, channel, inner("event", click, sender=long_user, msg_id=""))).status_code == 200
    assert [len(e.message_id) <= 128 for e in submitter.events] == [True]
    assert submitter.duplicates == 1
    bad_id = inner("text", "<Content>x</Content>", msg_id="9" * 200)
    assert (await post(client, channel, bad_id)).status_code == 400
    huge_time = inner("text", "<Content>x</Content>", msg_id="7010").replace("1700000000", "9" * 30)
    assert (await post(client, channel, huge_time)).status_code in (200, 400)


async def test_a_voice_file_over_the_ceiling_is_refused_while_downloading(wired, fake):
    from leadscribe.ports import MAX_MEDIA_BYTES, InboundEvent, MediaTooLarge

    channel, _, _ = wired
    fake.media["HUGE"] = b"\0" * (MAX_MEDIA_BYTES + 1)
    event = InboundEvent(
        channel="wecom", chat_id="zhangsan", sender_id="zhangsan", message_id="v1", kind="voice", media_ref="HUGE"
    )
    with pytest.raises(MediaTooLarge):
        await channel.fetch_media(event)
    fake.media["OK"] = b"#!AMR\n" + b"\0" * 1000
    ok = InboundEvent(
        channel="wecom", chat_id="zhangsan", sender_id="zhangsan", message_id="v2", kind="voice", media_ref="OK"
    )
    assert await channel.fetch_media(ok) == fake.media["OK"]


async def test_a_correctly_signed_but_old_callback_is_a_replay(wired):
    channel, submitter, client = wired
    old = str(int(time.time()) - 7200)
    body, sig = channel.crypto.envelope(inner("text", "<Content>hi</Content>", msg_id="8001"), old, "n9")
    params = {"msg_signature": sig, "timestamp": old, "nonce": "n9"}
    assert (await client.post("/wecom/callback", params=params, content=body)).status_code == 400
    assert (await client.post("/wecom/callback", params=params | {"timestamp": "abc"}, content=body)).status_code == 400
    assert submitter.events == []
    assert (await post(client, channel, inner("text", "<Content>hi</Content>", msg_id="8002"))).status_code == 200
