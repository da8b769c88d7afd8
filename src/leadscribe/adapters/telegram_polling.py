"""Telegram long polling: getUpdates in a loop, each update handed to the Submitter, no public address needed."""

from __future__ import annotations

import asyncio
import logging

from telegram.error import NetworkError, TelegramError

from ..ports import InboundEvent, Submitter
from .telegram import TelegramChannel, to_event

log = logging.getLogger(__name__)


async def poll_once(
    channel: TelegramChannel, submitter: Submitter, offset: int | None, timeout: int = 30
) -> int | None:
    """One getUpdates round; returns the next offset. The offset only moves past updates once submitted,
    so a crash before submit means Telegram delivers them again (and submit dedups what did get in)."""
    bot = await channel.ready()
    updates = await bot.get_updates(offset=offset, timeout=timeout, allowed_updates=["message", "callback_query"])
    for update in updates:
        event = to_event(update)
        if event is not None:
            await submitter.submit(event)
            if event.kind == "button":
                await _answer_quietly(channel, event)
        offset = update.update_id + 1
    return offset


async def run_polling(channel: TelegramChannel, submitter: Submitter, stop: asyncio.Event | None = None) -> None:
    """Poll until `stop` is set; network errors back off and retry rather than end the loop."""
    bot = await channel.ready()
    await bot.delete_webhook()  # Telegram refuses getUpdates while a webhook is set
    stop = stop or asyncio.Event()
    offset: int | None = None
    delay = 1.0
    while not stop.is_set():
        try:
            offset = await poll_once(channel, submitter, offset)
            delay = 1.0
        except NetworkError as exc:
            log.warning("telegram polling: %s; retrying in %.0fs", type(exc).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)


async def _answer_quietly(channel: TelegramChannel, event: InboundEvent) -> None:
    try:
        await channel.answer_button(event)
    except TelegramError as exc:  # an expired query id only leaves a spinner; never lose the event over it
        log.info("telegram answerCallbackQuery failed: %s", type(exc).__name__)
