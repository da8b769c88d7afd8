"""Telegram bot through python-telegram-bot: Update → InboundEvent, Reply → sendMessage with an inline keyboard."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.constants import MessageEntityType

from ..ports import MAX_MEDIA_BYTES, InboundEvent, MediaTooLarge, Reply
from ..settings import Settings

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # Telegram's sendMessage limit
MAX_CALLBACK_DATA = 64  # bytes, Telegram's limit for inline button data


class TelegramChannel:
    """One bot token; `api_base` may point at another Bot API server (self-hosted, or a fake in tests)."""

    name = "telegram"

    def __init__(self, token: str, secret: str = "", api_base: str = "https://api.telegram.org") -> None:
        base = api_base.rstrip("/")
        self.bot = Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")
        self.secret = secret
        self._ready = False

    async def ready(self) -> Bot:
        """The initialised bot (PTB needs getMe once before de_json can link objects to it)."""
        if not self._ready:
            await self.bot.initialize()
            self._ready = True
        return self.bot

    # inbound --------------------------------------------------------------------------------
    async def parse_update(self, data: dict[str, Any]) -> InboundEvent | None:
        """The event for a webhook or getUpdates payload; None for updates the bot does not handle."""
        update = Update.de_json(data, await self.ready())
        return to_event(update)

    async def answer_button(self, event: InboundEvent) -> None:
        """Stop the client's spinner on the pressed button."""
        query_id = event.reply_context.get("callback_query_id")
        if query_id:
            await self.bot.answer_callback_query(query_id)

    # outbound -------------------------------------------------------------------------------
    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        text = f"{reply.title}\n\n{reply.text}" if reply.title else reply.text
        markup = None
        if reply.buttons:
            row = [InlineKeyboardButton(b.label, callback_data=_callback_data(b.payload)) for b in reply.buttons]
            markup = InlineKeyboardMarkup([row])
        await (await self.ready()).send_message(chat_id=reply.chat_id, text=text[:MAX_TEXT], reply_markup=markup)

    async def fetch_media(self, event: InboundEvent) -> bytes:
        if not event.media_ref:
            raise ValueError("event has no media_ref")
        file = await (await self.ready()).get_file(event.media_ref)
        if file.file_size is not None and file.file_size > MAX_MEDIA_BYTES:
            raise MediaTooLarge(f"{file.file_size} bytes")  # Telegram says the size before any download
        return bytes(await file.download_as_bytearray())

    async def aclose(self) -> None:
        if self._ready:
            await self.bot.shutdown()
            self._ready = False


def to_event(update: Update) -> InboundEvent | None:
    """Translate one Update: message (text, voice, forward, command) or inline-button callback."""
    if (query := update.callback_query) is not None:
        if not query.data or query.message is None:
            return None
        return InboundEvent(
            channel="telegram",
            chat_id=str(query.message.chat.id),
            sender_id=str(query.from_user.id),
            message_id=f"cb:{query.id}",
            group=query.message.chat.type in ("group", "supergroup"),
            kind="button",
            text=query.data,
            reply_context={"callback_query_id": query.id},
        )
    message = update.message
    if message is None or message.from_user is None:
        return None  # edits, channel posts, joins…: nothing a rep said to the bot
    base: dict[str, Any] = dict(
        channel="telegram",
        chat_id=str(message.chat.id),
        sender_id=str(message.from_user.id),
        # message ids are unique per chat only
        message_id=f"{message.chat.id}:{message.message_id}",
        sent_at=message.date,
        group=message.chat.type in ("group", "supergroup"),
    )
    origin = origin_name(message.forward_origin) if message.forward_origin else None
    if message.voice is not None:
        return InboundEvent(
            kind="voice",
            media_ref=message.voice.file_id,
            audio_format="ogg",
            forwarded_from=origin,
            text=message.caption or "",
            **base,
        )
    text = message.text or message.caption or ""
    if not text:
        log.info("telegram: ignoring a message without text or voice")
        return None
    if origin is not None:
        return InboundEvent(kind="forwarded", text=text, forwarded_from=origin, **base)
    if _is_command(message):
        return InboundEvent(kind="command", text=_strip_bot_name(text), **base)
    return InboundEvent(kind="text", text=text, **base)


def origin_name(origin: MessageOrigin) -> str:
    """Display name of whoever wrote a forwarded message."""
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or ""
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.title or ""
    return ""


def _is_command(message: Message) -> bool:
    entities = message.entities or ()
    return any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in entities)


def _strip_bot_name(text: str) -> str:
    """ "/today@leadbot tomorrow" → "/today tomorrow" (groups address commands to one bot)."""
    head, sep, rest = text.partition(" ")
    return head.split("@", 1)[0] + sep + rest


def _callback_data(payload: str) -> str:
    if len(payload.encode()) > MAX_CALLBACK_DATA:
        raise ValueError(f"button payload over {MAX_CALLBACK_DATA} bytes: {payload[:20]}…")
    return payload


def build_telegram(settings: Settings) -> TelegramChannel | None:
    """The Telegram channel when a bot token is set."""
    if not settings.telegram_token:
        return None
    return TelegramChannel(settings.telegram_token, settings.telegram_secret, settings.telegram_api_base)
