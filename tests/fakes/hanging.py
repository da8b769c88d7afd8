"""A chat platform that takes the first replies and then hangs on one: the process dying mid-send."""

from __future__ import annotations

import asyncio
from typing import Any


class HangsAfter:
    """Takes `quick` replies at once (all of them when None); the next one never completes. `sent` may be shared
    by several instances (one before the crash, one after the restart)."""

    name = "console"

    def __init__(self, quick: int | None, sent: list[str] | None = None) -> None:
        self.quick = quick
        self.sent: list[str] = [] if sent is None else sent
        self.stuck = asyncio.Event()

    async def send(self, reply: Any, context: Any = None) -> None:
        if self.quick is not None and len(self.sent) >= self.quick:
            self.stuck.set()
            await asyncio.Event().wait()  # the process is killed while this one is in flight
        self.sent.append(reply.text)

    async def fetch_media(self, event: Any) -> bytes:
        raise LookupError


def queue_replies(session: Any, n: int, due: Any) -> None:
    """`n` replies waiting in the outbox for 小张 on the console."""
    from leadscribe.crm.models import OutboxMessage

    for i in range(n):
        session.add(
            OutboxMessage(
                key=f"reply:console:m{i}:0",
                channel="console",
                address="小张",
                payload={"text": f"r{i}"},
                status="pending",
                due_at=due,
            )
        )
