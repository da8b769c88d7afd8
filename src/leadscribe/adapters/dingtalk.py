"""DingTalk enterprise robot: callback JSON → InboundEvent, Reply → session webhook or robot batch send."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from ..ports import InboundEvent, Reply
from ..settings import Settings
from .http import request_limited

log = logging.getLogger(__name__)

DINGTALK_HOSTS = {"oapi.dingtalk.com", "api.dingtalk.com"}  # where session webhooks may point
MAX_CARDS = 10_000  # chats whose last card's buttons we remember


class DingTalkError(RuntimeError):
    """The DingTalk API refused a call."""


class DingTalkChannel:
    """One robot (app key/secret). Replies go to the message's session webhook while it is valid,
    otherwise through the robot's proactive send API."""

    name = "dingtalk"

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        api_base: str = "https://api.dingtalk.com",
        client: httpx.AsyncClient | None = None,
        now_ms: Callable[[], int] = lambda: int(time.time() * 1000),
    ) -> None:
        self.app_key, self.app_secret = app_key, app_secret
        self.api_base = api_base.rstrip("/")
        self.client = client or httpx.AsyncClient(timeout=10.0)
        self.now_ms = now_ms
        # the webhook URL comes from a signed body, but we still refuse to POST replies anywhere else
        # (scheme, host, port): DingTalk's own over https, or exactly the configured API base (tests, proxies)
        base = urlsplit(self.api_base)
        self.webhook_origins = {("https", host, None) for host in DINGTALK_HOSTS} | {
            ("https", host, 443) for host in DINGTALK_HOSTS
        }
        self.webhook_origins.add((base.scheme, base.hostname or "", base.port))
        self._token: str | None = None
        self._token_expires_ms = 0
        self._token_lock = asyncio.Lock()
        # actionCard buttons can only make the client send a text; remember label → payload per chat
        self._buttons: OrderedDict[str, dict[str, str]] = OrderedDict()

    # inbound --------------------------------------------------------------------------------
    def parse(self, data: Mapping[str, Any]) -> InboundEvent | None:
        """The event for one robot callback body (HTTP or Stream); None for unsupported types."""
        msg_id, staff = str(data.get("msgId") or ""), str(data.get("senderStaffId") or "")
        if not msg_id or not staff:
            return None
        conversation_type = str(data.get("conversationType") or "1")
        conversation_id = str(data.get("conversationId") or "")
        # single chats are addressed by staff id (what proactive pushes use), groups by conversation
        chat_id = staff if conversation_type == "1" else conversation_id
        context = {
            "session_webhook": str(data.get("sessionWebhook") or ""),
            "session_webhook_expires": str(data.get("sessionWebhookExpiredTime") or ""),
            "conversation_id": conversation_id,
            "conversation_type": conversation_type,
        }
        created = data.get("createAt")
        base: dict[str, Any] = dict(
            channel=self.name,
            chat_id=chat_id,
            sender_id=staff,
            message_id=msg_id,
            reply_context=context,
            group=conversation_type == "2",
            sent_at=datetime.fromtimestamp(created / 1000, UTC) if isinstance(created, int) else None,
        )
        msg_type = data.get("msgtype")
        content = data.get("content") if isinstance(data.get("content"), dict) else {}
        if msg_type == "text":
            text = str((data.get("text") or {}).get("content") or "").strip()
            if not text:
                return None
            payload = self._buttons.get(chat_id, {}).get(text)
            if payload is not None:
                return InboundEvent(kind="button", text=payload, **base)
            return InboundEvent(kind="text", text=text, **base)
        if msg_type == "audio":
            recognition = str(content.get("recognition") or "").strip()
            code = str(content.get("downloadCode") or "")
            if not recognition and not code:
                return None
            return InboundEvent(kind="voice", text=recognition, media_ref=code or None, audio_format="amr", **base)
        if msg_type == "richText":
            parts = [str(p.get("text")) for p in content.get("richText") or [] if isinstance(p, dict) and p.get("text")]
            if parts:
                return InboundEvent(kind="text", text="\n".join(parts).strip(), **base)
            return None
        log.info("dingtalk: ignoring msgtype=%s", str(msg_type)[:32])
        return None

    # outbound -------------------------------------------------------------------------------
    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        if reply.buttons:
            self._remember_buttons(reply)
        webhook = (context or {}).get("session_webhook", "")
        expires = (context or {}).get("session_webhook_expires", "")
        if webhook and expires.isdigit() and int(expires) > self.now_ms() and self._allowed(webhook):
            response = await self.client.post(webhook, json=self.render_webhook(reply))
            response.raise_for_status()
            data = response.json()
            if data.get("errcode", 0) != 0:
                raise DingTalkError(f"session webhook errcode {data.get('errcode')}")
            return
        await self._send_proactive(reply)

    def render_webhook(self, reply: Reply) -> dict[str, Any]:
        """Plain text, or an actionCard whose buttons make the client send the button's label."""
        if not reply.buttons:
            text = f"【{reply.title}】\n{reply.text}" if reply.title else reply.text
            return {"msgtype": "text", "text": {"content": text}}
        return {"msgtype": "actionCard", "actionCard": self._action_card(reply)}

    def _action_card(self, reply: Reply) -> dict[str, Any]:
        title = reply.title or reply.text.split("\n", 1)[0]
        body = (f"### {reply.title}\n\n" if reply.title else "") + reply.text.replace("\n", "  \n")
        buttons = [
            {"title": b.label, "actionURL": "dtmd://dingtalkclient/sendMessage?content=" + quote(b.label)}
            for b in reply.buttons
        ]
        return {"title": title[:64], "text": body, "btnOrientation": "1", "btns": buttons}

    def _remember_buttons(self, reply: Reply) -> None:
        self._buttons[reply.chat_id] = {b.label: b.payload for b in reply.buttons}
        self._buttons.move_to_end(reply.chat_id)
        while len(self._buttons) > MAX_CARDS:
            self._buttons.popitem(last=False)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        try:
            origin = (parts.scheme, parts.hostname or "", parts.port)
        except ValueError:  # a port that is no number
            origin = None
        ok = origin in self.webhook_origins
        if not ok:
            log.warning("dingtalk: refusing a session webhook on an unexpected host")
        return ok

    async def _send_proactive(self, reply: Reply) -> None:
        if reply.buttons:
            key, param = _action_card_template(self._action_card(reply))
        else:
            text = f"【{reply.title}】\n{reply.text}" if reply.title else reply.text
            key, param = "sampleText", {"content": text}
        body: dict[str, Any] = {
            "robotCode": self.app_key,
            "msgKey": key,
            "msgParam": json.dumps(param, ensure_ascii=False),
        }
        if reply.chat_id.startswith("cid"):  # group conversation ids start with "cid"
            await self._api("/v1.0/robot/groupMessages/send", body | {"openConversationId": reply.chat_id})
        else:
            await self._api("/v1.0/robot/oToMessages/batchSend", body | {"userIds": [reply.chat_id]})

    async def fetch_media(self, event: InboundEvent) -> bytes:
        if not event.media_ref:
            raise ValueError("event has no media_ref")
        data = await self._api(
            "/v1.0/robot/messageFiles/download", {"downloadCode": event.media_ref, "robotCode": self.app_key}
        )
        url = data.get("downloadUrl")
        if not url:
            raise DingTalkError("no downloadUrl")
        response = await request_limited(self.client, "GET", url)
        response.raise_for_status()
        return response.content

    # access token ---------------------------------------------------------------------------
    async def access_token(self) -> str:
        async with self._token_lock:
            if self._token and self.now_ms() < self._token_expires_ms:
                return self._token
            response = await self.client.post(
                f"{self.api_base}/v1.0/oauth2/accessToken", json={"appKey": self.app_key, "appSecret": self.app_secret}
            )
            data = response.json()
            if response.status_code != 200 or not data.get("accessToken"):
                raise DingTalkError(f"accessToken refused: {data.get('code', response.status_code)}")
            self._token = str(data["accessToken"])
            self._token_expires_ms = self.now_ms() + max(60, int(data.get("expireIn", 7200)) - 300) * 1000
            return self._token

    async def _api(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        token = await self.access_token()
        response = await self.client.post(
            f"{self.api_base}{path}", json=body, headers={"x-acs-dingtalk-access-token": token}
        )
        if response.status_code == 401:  # token revoked early: drop it so the next call fetches a new one
            self._token = None
        if response.status_code != 200:
            raise DingTalkError(f"{path} answered {response.status_code}")
        return response.json()

    async def aclose(self) -> None:
        await self.client.aclose()


def _action_card_template(card: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The proactive-send template: sampleActionCard (one button) or sampleActionCardN (N = 2..5 buttons,
    vertical, actionTitleI / actionURLI fields)."""
    param = {"title": card["title"], "text": card["text"]}
    buttons = card["btns"][:5]
    if len(buttons) == 1:
        return "sampleActionCard", param | {"singleTitle": buttons[0]["title"], "singleURL": buttons[0]["actionURL"]}
    for i, button in enumerate(buttons, 1):
        param[f"actionTitle{i}"], param[f"actionURL{i}"] = button["title"], button["actionURL"]
    return f"sampleActionCard{len(buttons)}", param


def build_dingtalk(settings: Settings) -> DingTalkChannel | None:
    """The DingTalk channel when app key and secret are set."""
    if not (settings.dingtalk_app_key and settings.dingtalk_app_secret):
        return None
    return DingTalkChannel(settings.dingtalk_app_key, settings.dingtalk_app_secret, settings.dingtalk_api_base)
