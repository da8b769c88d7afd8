"""Ports: the channel-free messages adapters hand in and the bot hands back, and the two interfaces between them.

Everything above imports these; they import nothing of leadscribe, so adapters need not know the bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

Kind = Literal["text", "voice", "forwarded", "command", "button"]
MAX_MEDIA_BYTES = 20 * 1024 * 1024  # the largest voice note any channel downloads
MAX_ID = 128  # the inbox's id columns; adapters shorten longer ids of their own making (wecom click events)


@dataclass(frozen=True)
class InboundEvent:
    """One message from a platform, already verified and decrypted by its adapter."""

    channel: str  # "console", "telegram", "wecom", "dingtalk"
    chat_id: str  # where replies go (chat, conversation, or user id)
    sender_id: str  # the platform's user identity (Telegram user id, WeCom userid, DingTalk staffId)
    message_id: str  # platform message id, unique per channel
    kind: Kind
    text: str = ""  # text, command text, button payload, or platform's own voice recognition
    audio: bytes | None = None  # voice payload when already downloaded
    audio_format: str | None = None  # "ogg", "amr", "wav", ...
    media_ref: str | None = None  # platform media id to download later (WeCom MediaId, Telegram file_id)
    forwarded_from: str | None = None  # display name of the original author of a forwarded message
    sent_at: datetime | None = None
    reply_context: dict[str, str] = field(default_factory=dict)  # e.g. DingTalk sessionWebhook
    group: bool = False  # said in a group chat: answers go to the sender privately

    def __post_init__(self) -> None:
        """Refuse what no platform sends and no database stores (ValueError: the adapter answers 400): ids
        longer than MAX_ID or holding NUL. A NUL inside the text is dropped (PostgreSQL cannot store it)."""
        for name in ("channel", "chat_id", "sender_id", "message_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > MAX_ID or "\x00" in value:
                raise ValueError(f"{name} is not a storable id")
        if "\x00" in self.text:
            object.__setattr__(self, "text", self.text.replace("\x00", ""))
        if self.forwarded_from and "\x00" in self.forwarded_from:
            object.__setattr__(self, "forwarded_from", self.forwarded_from.replace("\x00", ""))


class MediaTooLarge(ValueError):
    """A channel's media is larger than MAX_MEDIA_BYTES: refused while downloading, never read whole."""


@dataclass(frozen=True)
class Button:
    label: str
    payload: str  # opaque data handed back as an InboundEvent of kind "button"


@dataclass(frozen=True)
class Reply:
    """Text, optionally with buttons (a card). Adapters render it in their platform's form."""

    chat_id: str
    text: str
    title: str | None = None
    buttons: list[Button] = field(default_factory=list)


class Channel(Protocol):
    """What an adapter offers the bot: sending replies and fetching media it only referenced."""

    name: str  # "console", "telegram", "wecom", "dingtalk"

    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        """Deliver a reply. `context` is the event's reply_context (e.g. a DingTalk sessionWebhook)
        when answering a message, or None for a proactive push (reminders) to reply.chat_id."""
        ...

    async def fetch_media(self, event: InboundEvent) -> bytes:
        """Download the voice payload an event only referenced (event.media_ref)."""
        ...


class Submitter(Protocol):
    """What the bot offers the adapters: durable, idempotent intake."""

    async def submit(self, event: InboundEvent) -> bool:
        """Write the event to the inbox (committed) and schedule its processing.
        Returns False when (channel, message_id) was already received: nothing is done twice."""
        ...


class SmsSender(Protocol):
    """An SMS provider (adapters/sms.py): reminders escalate through it."""

    name: str

    async def send(self, phone: str, text: str, key: str) -> None:
        """Deliver one SMS. `key` is the outbox key, passed on so a provider can drop a repeat."""
        ...
