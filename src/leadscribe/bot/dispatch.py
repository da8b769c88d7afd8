"""Durable, idempotent intake and processing of inbound events.

Every event is committed to the inbox before `submit` returns (the adapter acknowledges only then). Processing
runs in the background: the conversation's database effects, the replies it queues in the one outbox
(bot/outbox.py) and the inbox status change commit in ONE transaction, so a crash leaves either nothing or all of
it. The message's replies are then delivered at once; `resume()` after a restart re-processes unfinished inbox
rows and sends every unsent reply. Reply keys are `reply:<channel>:<message id>:<n>`: nothing is sent twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from sqlalchemy.exc import InterfaceError, OperationalError

from ..crm.db import Database
from ..ports import Channel, InboundEvent
from .conversation import Conversation
from .inbox import Inbox, event_from_payload, event_payload
from .intake import GroupCommit
from .outbox import release_stale
from .spool import Spool
from .turns import MAX_ATTEMPTS, TurnProcessor

__all__ = ["MAX_ATTEMPTS", "Dispatcher", "event_from_payload", "event_payload"]

log = logging.getLogger(__name__)


class Dispatcher:
    """The Submitter port for every adapter: the inbox (bot/inbox.py) for intake, the turn processor
    (bot/turns.py) for the work, the outbox (bot/outbox.py) for what goes out."""

    def __init__(
        self,
        db: Database,
        channels: Mapping[str, Channel],
        conversation: Conversation | None = None,
        concurrency: int | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        spool: Spool | None = None,
    ) -> None:
        self.db = db
        self.spool = spool
        self.channels = dict(channels)
        self.clock = clock
        # SQLite runs one unit of work at a time: more workers there only fight the webhooks for the GIL
        if concurrency is None:
            concurrency = 2 if db.gate is not None else 8
        self.inbox = Inbox(db, clock)
        self.turns = TurnProcessor(db, self.channels, conversation or Conversation(), concurrency, clock)
        self._tasks: set[asyncio.Task[None]] = set()
        # set when other processes work the inbox (bot/worker.py rung, bot/jobs.py deferred): intake only stores
        # each row and passes its id on
        self.notify: Callable[[int], None] | None = None

    # intake -----------------------------------------------------------------
    async def submit(self, event: InboundEvent) -> bool:
        """True once the event is durably stored (its inbox row committed, or, while the database refuses
        writes, its line synced to the spool); False for a message id already stored."""
        try:
            inbox_id = await self.inbox.put(event)
        except (OperationalError, InterfaceError):
            if self.spool is None:
                raise
            await asyncio.to_thread(self.spool.append, event)
            return True
        if inbox_id is None:
            return False
        if self.notify is not None:
            self.notify(inbox_id)
            return True
        task = asyncio.create_task(self.process(inbox_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def handle_now(self, event: InboundEvent) -> bool:
        """Store and process before returning (the console waits for its replies)."""
        inbox_id = await self.inbox.put(event)
        if inbox_id is None:
            return False
        await self.process(inbox_id)
        return True

    async def resume(self) -> int:
        """After a restart: finish what was received but not processed, send what was not sent."""
        await asyncio.to_thread(release_stale, self.db)
        ids = await asyncio.to_thread(self.inbox.unfinished)
        await asyncio.gather(*(self.process(i) for i in ids))
        await self.turns.send(None)
        return len(ids)

    async def recover(self) -> None:
        """A worker's start: rows a crash left half-processed go back to pending, unsent replies are sent."""
        await asyncio.to_thread(release_stale, self.db)
        await asyncio.to_thread(self.inbox.requeue)
        await self.turns.send(None)

    async def drain_spool(self) -> int:
        """Move what was spooled during an outage into the inbox and process it; 0 while the database still
        refuses (the spool is kept)."""
        if self.spool is None or not await asyncio.to_thread(self.spool.depth):
            return 0
        try:
            ids = await asyncio.to_thread(self.spool.drain, self.db)
        except (OperationalError, InterfaceError):
            return 0
        for inbox_id in ids:
            if self.notify is not None:
                self.notify(inbox_id)
                continue
            task = asyncio.create_task(self.process(inbox_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(ids)

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def process(self, inbox_id: int) -> None:
        await self.turns.process(inbox_id)

    def pending_ids(self, busy: set[int] | frozenset[int] = frozenset(), limit: int = 500) -> list[int]:
        return self.inbox.pending_ids(busy, limit)

    @property
    def conversation(self) -> Conversation:
        return self.turns.conversation

    @property
    def intake(self) -> GroupCommit[InboundEvent, int | None]:
        """The inbox's group commit (closed when the process stops; tests count its batches)."""
        return self.inbox.commit
