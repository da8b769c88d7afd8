"""Ports between the bot and the adapters: how the bot talks back, and how adapters hand events in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .events import InboundEvent, Reply


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
