"""Processing one inbox row: claim it, transcribe a voice note, run the conversation, queue and send replies."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..crm.db import Database
from ..crm.models import InboxMessage, OutboxMessage, User
from ..crm.users import by_identity
from ..ports import Channel, InboundEvent, Reply
from .conversation import Conversation, Out, Turn
from .i18n import say
from .inbox import event_from_payload
from .outbox import deliver, insert_outbox
from .voice import Heard, VoiceError, hints_for, voice_text

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Sender:
    """Who sent the message being processed, resolved once from its channel identity."""

    id: int
    language: str


class TurnProcessor:
    """Works inbox rows; at most `concurrency` at once (SQLite runs one unit of work at a time)."""

    def __init__(
        self,
        db: Database,
        channels: Mapping[str, Channel],
        conversation: Conversation,
        concurrency: int,
        clock: Callable[[], datetime],
    ) -> None:
        self.db, self.channels, self.conversation, self.clock = db, channels, conversation, clock
        self.concurrency = concurrency
        self._gate = asyncio.Semaphore(concurrency)

    async def process(self, inbox_id: int) -> None:
        prefix = None
        async with self._gate:
            for attempt in range(1, MAX_ATTEMPTS + 1):
                claimed = await asyncio.to_thread(self._claim, inbox_id)
                if claimed is None:
                    return
                event, sender = claimed
                prefix = _reply_prefix(event)
                try:
                    transcript = None
                    if sender is not None and event.kind == "voice":
                        transcript, reply = await self._transcribe(event, sender)
                        if transcript is None:
                            await asyncio.to_thread(self._finish_with, inbox_id, event, reply, sender)
                            break
                    refused = await asyncio.to_thread(self._converse, inbox_id, event, transcript, sender)
                    if refused:
                        await self._refuse(event)
                    break
                except Exception as exc:  # recorded, retried, then answered politely
                    log.warning("inbox %s attempt %d failed: %s", inbox_id, attempt, type(exc).__name__)
                    log.debug("inbox %s failure", inbox_id, exc_info=True)
                    final = attempt >= MAX_ATTEMPTS
                    await asyncio.to_thread(self._failed, inbox_id, event, exc, final, sender)
                    if final:
                        break
                    await asyncio.sleep(0.05 * attempt)
        await self.send(inbox_id, prefix)

    def _claim(self, inbox_id: int) -> tuple[InboundEvent, Sender | None] | None:
        """The event, marked processing, and its sender (looked up once per message; None: a stranger)."""
        with self.db.session() as s:
            row = s.get(InboxMessage, inbox_id, with_for_update=True)
            if row is None or row.status not in ("pending", "processing"):
                return None
            user = by_identity(s, row.channel, row.sender_id)
            sender = Sender(user.id, user.language) if user is not None else None
            event = event_from_payload(row.payload)
            if row.attempts >= MAX_ATTEMPTS:
                # tried as often as allowed, across restarts too (a message that kills the worker): set it aside
                row.status, row.error, row.processed_at = "failed", "dead letter", self.clock()
                lang = sender.language if sender else "zh"
                self._queue(s, event, [_out(event, say(lang, "error"))], sender.id if sender else None)
                log.error("inbox %s set aside after %d attempts (dead letter)", inbox_id, row.attempts)
                return None
            row.status = "processing"
            row.attempts += 1
            return event, sender

    async def _transcribe(self, event: InboundEvent, sender: Sender) -> tuple[Heard | None, str]:
        """(what was heard, reply in the sender's language when nothing was)."""
        if not event.text.strip():
            # Whisper takes seconds: say at once that the note arrived and is being transcribed
            key = await asyncio.to_thread(self._queue_notice, event, sender)
            await deliver(self.db, self.channels, self.clock(), key_prefix=key)
        user_hints = await asyncio.to_thread(self._hints, sender)
        try:
            heard = await voice_text(event, self.channels.get(event.channel), user_hints)
        except VoiceError as exc:
            return None, say(sender.language, exc.key)
        return heard, ""

    def _queue_notice(self, event: InboundEvent, sender: Sender) -> str:
        """The "transcribing" notice for this voice note, queued once (a retry finds its key taken)."""
        key = _reply_prefix(event) + "transcribing"
        row = {
            "key": key,
            "channel": event.channel,
            "recipient_id": sender.id,
            "address": event.chat_id,
            "payload": {"text": say(sender.language, "transcribing"), "title": None, "buttons": [], "context": None},
            "status": "pending",
            "attempts": 0,
            "late": False,
            "error": None,
            "due_at": self.clock(),
            "created_at": self.clock(),
            "sent_at": None,
        }
        with self.db.session() as s:
            insert_outbox(s, [row])
        return key

    def _hints(self, sender: Sender) -> dict[str, list[str]]:
        with self.db.session() as s:
            user = s.get(User, sender.id)
            return hints_for(s, user) if user else {}

    async def _refuse(self, event: InboundEvent) -> None:
        """Sent once (the inbox row is already "refused"); nothing else is stored for a stranger."""
        channel = self.channels.get(event.channel)
        if channel is None:
            return
        try:
            await channel.send(
                Reply(chat_id=event.chat_id, text=say("zh", "refuse")), dict(event.reply_context) or None
            )
        except Exception as exc:  # the platform's failure; the stranger may write again
            log.warning("refusal not sent: %s", type(exc).__name__)

    def _converse(self, inbox_id: int, event: InboundEvent, transcript: Heard | None, sender: Sender | None) -> bool:
        """Run the conversation; True when the sender is unknown (refused)."""
        with self.db.session() as s:
            row = s.get(InboxMessage, inbox_id)
            assert row is not None
            user = s.get(User, sender.id) if sender is not None else None
            if user is None:
                # a stranger's message is not kept: only what recognises a platform's retry of it
                row.payload = {}
                row.status, row.processed_at = "refused", self.clock()
                return True
            heard = None
            if transcript is not None:
                event = _with_text(event, transcript.text)
                heard = transcript.shown
            text = transcript.text if transcript is not None else None
            turn = Turn(event=event, user=user, now=self.clock(), transcript=text, heard=heard)
            outs = self.conversation.handle(s, turn)
            self._queue(s, event, outs, user.id)
            row.status, row.processed_at, row.error = "done", self.clock(), None
            return False

    def _finish_with(self, inbox_id: int, event: InboundEvent, text: str, sender: Sender) -> None:
        with self.db.session() as s:
            row = s.get(InboxMessage, inbox_id)
            assert row is not None
            self._queue(s, event, [_out(event, text)], sender.id)
            row.status, row.processed_at = "done", self.clock()

    def _failed(self, inbox_id: int, event: InboundEvent, exc: Exception, final: bool, sender: Sender | None) -> None:
        with self.db.session() as s:
            row = s.get(InboxMessage, inbox_id)
            assert row is not None
            row.error = type(exc).__name__  # no message text: it may carry personal data
            if not final:
                row.status = "pending"
                return
            lang = sender.language if sender else "zh"
            self._queue(s, event, [_out(event, say(lang, "error"))], sender.id if sender else None)
            row.status, row.processed_at = "failed", self.clock()

    def _queue(self, s: Any, event: InboundEvent, outs: list[Out], user_id: int | None) -> None:
        for i, out in enumerate(outs):
            r = out.reply
            s.add(
                OutboxMessage(
                    key=f"{_reply_prefix(event)}{i}",
                    channel=out.channel,
                    recipient_id=out.recipient_id or user_id,
                    address=r.chat_id,
                    payload={
                        "text": r.text,
                        "title": r.title,
                        "buttons": [[b.label, b.payload] for b in r.buttons],
                        "context": out.context,
                    },
                    status="pending",
                    due_at=self.clock(),
                    created_at=self.clock(),
                )
            )

    # sending ----------------------------------------------------------------
    async def send(self, inbox_id: int | None, prefix: str | None = None) -> None:
        """Send this message's replies now (all pending ones after a restart) through the one outbox."""
        if inbox_id is None:
            await deliver(self.db, self.channels, self.clock(), key_prefix="reply:", due_only=False)
            return
        if prefix is None:
            prefix = await asyncio.to_thread(self._reply_prefix, inbox_id)
        if prefix is not None:
            await deliver(self.db, self.channels, self.clock(), key_prefix=prefix)

    def _reply_prefix(self, inbox_id: int) -> str | None:
        with self.db.session() as s:
            row = s.get(InboxMessage, inbox_id)
            return None if row is None else f"reply:{row.channel}:{row.message_id}:"


def _reply_prefix(event: InboundEvent) -> str:
    """The outbox keys of one message's replies start with this (bot/turns.py `_queue`)."""
    return f"reply:{event.channel}:{event.message_id}:"


def _out(event: InboundEvent, text: str) -> Out:
    return Out(Reply(chat_id=event.chat_id, text=text), event.channel, dict(event.reply_context) or None)


def _with_text(event: InboundEvent, text: str) -> InboundEvent:
    from dataclasses import replace

    return replace(event, text=text, audio=None)
