"""WeCom self-built app: callback XML → InboundEvent, Reply → message/send, media/get for voice."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from ..ports import MAX_ID, MAX_MEDIA_BYTES, InboundEvent, Reply
from ..settings import Settings
from .http import API_BODY_BYTES, request_limited
from .wecom_crypto import WeComCrypto, parse_xml, xml_fields

log = logging.getLogger(__name__)

TOKEN_EXPIRED = {40014, 42001, 40001}  # invalid / expired access_token: refresh once and retry
MAX_AGE = 3600.0  # seconds: as DingTalk's window
CLICK_EVENTS = {"click", "template_card_event"}  # menu clicks and template-card button presses


class WeComError(RuntimeError):
    """The WeCom API answered with a non-zero errcode."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"wecom errcode {errcode}: {errmsg}")
        self.errcode = errcode


class WeComChannel:
    """One self-built app: decrypts callbacks and talks to the WeCom server API."""

    name = "wecom"

    def __init__(
        self,
        corp_id: str,
        agent_id: str,
        secret: str,
        token: str,
        aes_key: str,
        api_base: str = "https://qyapi.weixin.qq.com",
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.crypto = WeComCrypto(token, aes_key, corp_id)
        self.corp_id, self.agent_id, self.secret = corp_id, agent_id, secret
        self.api_base = api_base.rstrip("/")
        self.client = client or httpx.AsyncClient(timeout=10.0)
        self.clock = clock
        self.wall = wall  # a callback signed more than MAX_AGE away from now is a replay
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_lock = asyncio.Lock()

    # inbound --------------------------------------------------------------------------------
    def fresh(self, timestamp: str) -> bool:
        """Whether a callback's signed timestamp is within MAX_AGE of now (WeCom retries within seconds)."""
        try:
            return abs(self.wall() - int(timestamp)) <= MAX_AGE
        except ValueError:
            return False

    def parse_message(self, inner_xml: str) -> InboundEvent | None:
        """The decrypted message as an event; None for events and types the bot does not handle."""
        f = xml_fields(parse_xml(inner_xml))
        msg_type, sender = f.get("MsgType", ""), f.get("FromUserName", "")
        if not sender:
            return None
        sent_at = _epoch(f.get("CreateTime", ""))
        base: dict[str, Any] = dict(
            channel=self.name,
            chat_id=sender,
            sender_id=sender,
            sent_at=sent_at,
            reply_context={"agent_id": f.get("AgentID", self.agent_id)},
        )
        msg_id = f.get("MsgId", "")
        if msg_type == "text" and msg_id:
            return InboundEvent(message_id=msg_id, kind="text", text=f.get("Content", ""), **base)
        if msg_type == "voice" and msg_id and f.get("MediaId"):
            fmt = (f.get("Format") or "amr").lower()
            return InboundEvent(message_id=msg_id, kind="voice", media_ref=f["MediaId"], audio_format=fmt, **base)
        if msg_type == "event" and f.get("Event", "").lower() in CLICK_EVENTS and f.get("EventKey"):
            # events carry no MsgId; sender + CreateTime + key (+ card task) is what a retry repeats
            mid = "evt:" + ":".join([sender, f.get("CreateTime", ""), f.get("TaskId", ""), f["EventKey"]])
            if len(mid) > MAX_ID:  # long userids: the same retry still gives the same (hashed) id
                mid = "evt:" + hashlib.sha256(mid.encode()).hexdigest()
            return InboundEvent(message_id=mid, kind="button", text=f["EventKey"], **base)
        log.info("wecom: ignoring MsgType=%s Event=%s", msg_type[:32], f.get("Event", "")[:32])
        return None

    # outbound -------------------------------------------------------------------------------
    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        await self._api("POST", "/cgi-bin/message/send", json=self.render(reply))

    def render(self, reply: Reply) -> dict[str, Any]:
        """A text message, or a button_interaction template card when the reply has buttons."""
        base: dict[str, Any] = {"touser": reply.chat_id, "agentid": _agent(self.agent_id)}
        if not reply.buttons:
            text = f"【{reply.title}】\n{reply.text}" if reply.title else reply.text
            return base | {"msgtype": "text", "text": {"content": text}}
        # button_interaction: each button's key comes back as template_card_event EventKey, so a tap
        # is a real callback (textcard can only open a URL). WeCom allows at most 6 buttons.
        card = {
            "card_type": "button_interaction",
            "main_title": {"title": (reply.title or reply.text.split("\n", 1)[0])[:36]},
            "sub_title_text": reply.text[:1000],
            "task_id": uuid.uuid4().hex,
            "button_list": [
                {"text": b.label[:10], "style": 1 if i == 0 else 2, "key": b.payload[:1024]}
                for i, b in enumerate(reply.buttons[:6])
            ],
        }
        return base | {"msgtype": "template_card", "template_card": card}

    async def fetch_media(self, event: InboundEvent) -> bytes:
        if not event.media_ref:
            raise ValueError("event has no media_ref")
        response = await self._request(
            "GET", "/cgi-bin/media/get", params={"media_id": event.media_ref}, max_bytes=MAX_MEDIA_BYTES
        )
        ctype = response.headers.get("content-type", "")
        if "json" in ctype or "text/plain" in ctype:  # errors come back as a JSON body, never as audio
            data = response.json()
            raise WeComError(int(data.get("errcode", -1)), str(data.get("errmsg", "")))
        return response.content

    # access token ---------------------------------------------------------------------------
    async def access_token(self, force: bool = False, stale: str | None = None) -> str:
        async with self._token_lock:  # one refresh at a time; waiters reuse the fresh token
            fresh = self._token and self.clock() < self._token_expires
            if fresh and not (force and self._token == stale):
                return self._token  # type: ignore[return-value]
            response = await self.client.get(
                f"{self.api_base}/cgi-bin/gettoken", params={"corpid": self.corp_id, "corpsecret": self.secret}
            )
            data = response.json()
            if data.get("errcode", 0) != 0 or not data.get("access_token"):
                raise WeComError(int(data.get("errcode", -1)), str(data.get("errmsg", "")))
            self._token = str(data["access_token"])
            # refresh a little early so a request never leaves with a token that expires in flight
            self._token_expires = self.clock() + max(60, int(data.get("expires_in", 7200)) - 300)
            return self._token

    async def _request(self, method: str, path: str, max_bytes: int = API_BODY_BYTES, **kwargs: Any) -> httpx.Response:
        params = dict(kwargs.pop("params", {}))
        token = await self.access_token()
        for attempt in range(2):
            params["access_token"] = token
            url = f"{self.api_base}{path}"
            response = await request_limited(self.client, method, url, max_bytes, params=params, **kwargs)
            response.raise_for_status()
            if "json" not in response.headers.get("content-type", ""):
                return response
            errcode = int(response.json().get("errcode", 0))
            if errcode in TOKEN_EXPIRED and attempt == 0:
                token = await self.access_token(force=True, stale=token)
                continue
            return response
        return response

    async def _api(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        data = (await self._request(method, path, **kwargs)).json()
        if int(data.get("errcode", 0)) != 0:
            raise WeComError(int(data["errcode"]), str(data.get("errmsg", "")))
        return data

    async def aclose(self) -> None:
        await self.client.aclose()


def _epoch(value: str) -> datetime | None:
    return datetime.fromtimestamp(int(value), UTC) if value.isdigit() else None


def _agent(agent_id: str) -> int | str:
    return int(agent_id) if agent_id.isdigit() else agent_id


def build_wecom(settings: Settings) -> WeComChannel | None:
    """The WeCom channel when all its credentials are set."""
    s = settings
    if not all([s.wecom_corp_id, s.wecom_agent_id, s.wecom_secret, s.wecom_token, s.wecom_aes_key]):
        return None
    return WeComChannel(
        s.wecom_corp_id, s.wecom_agent_id, s.wecom_secret, s.wecom_token, s.wecom_aes_key, s.wecom_api_base
    )
