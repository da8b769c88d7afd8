"""The inbox worker: processes what intake stored, apart from the process that acknowledges webhooks.

Intake commits a row and rings; the worker picks up every pending row (oldest first) and runs it through the
Dispatcher. It also looks every `poll` seconds, so a lost ring, or a row stored by another process, waits at most
that long. One worker per database works the inbox (a lock; the others stand by), so rows a crashed worker left
half-done can go back to pending when the next one takes over: processing is one transaction per message, so
redoing one never doubles anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from .dispatch import Dispatcher

log = logging.getLogger(__name__)


class Lock(Protocol):
    """Who works the inbox (reminders.leader: an advisory lock on PostgreSQL, a file lock beside SQLite)."""

    def try_acquire(self) -> bool: ...
    def still_leading(self) -> bool: ...
    def release(self) -> None: ...


class InboxWorker:
    def __init__(
        self, dispatcher: Dispatcher, poll: float = 1.0, lock: Lock | None = None, standby: float = 2.0
    ) -> None:
        self.dispatcher = dispatcher
        self.poll = poll
        self.lock = lock
        self.standby = standby
        self._rung = asyncio.Event()
        self._busy: set[int] = set()  # rows this worker is processing now
        self._tasks: set[asyncio.Task[None]] = set()

    def ring(self) -> None:
        """Something new is in the inbox (call from the worker's event loop)."""
        self._rung.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Process the inbox until `stop` is set, then finish the messages already started."""
        said = False
        while not stop.is_set():
            if self.lock is None or await asyncio.to_thread(self.lock.try_acquire):
                said = False
                try:
                    await self._work(stop)
                finally:
                    if self.lock is not None:
                        await asyncio.to_thread(self.lock.release)
                continue
            if not said:
                log.info("another worker has the inbox; standing by")
                said = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.standby)

    async def _work(self, stop: asyncio.Event) -> None:
        await self.dispatcher.recover()
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                if self.lock is not None and not await asyncio.to_thread(self.lock.still_leading):
                    log.warning("lost the inbox lock; standing by")
                    return
                self._rung.clear()
                for inbox_id in await asyncio.to_thread(self.dispatcher.pending_ids, self._busy):
                    self._start(inbox_id)
                rung = asyncio.ensure_future(self._rung.wait())
                await asyncio.wait({rung, stopping}, timeout=self.poll, return_when=asyncio.FIRST_COMPLETED)
                rung.cancel()
        finally:
            stopping.cancel()
            while self._tasks:
                await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _start(self, inbox_id: int) -> None:
        self._busy.add(inbox_id)
        task = asyncio.create_task(self.dispatcher.process(inbox_id))
        self._tasks.add(task)

        def done(t: asyncio.Task[None]) -> None:
            self._tasks.discard(t)
            self._busy.discard(inbox_id)
            if not t.cancelled() and t.exception() is not None:
                log.warning("inbox %s: %s", inbox_id, type(t.exception()).__name__)

        task.add_done_callback(done)
