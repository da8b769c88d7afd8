"""A crash while replies go out repeats at most the reply that was in flight: each one is marked sent as soon as
the platform took it, not when the whole batch is done."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from leadscribe.bot.outbox import deliver, release_stale
from leadscribe.crm.models import OutboxMessage

from ..fakes.hanging import HangsAfter, queue_replies
from .conftest import NOW


async def test_a_crash_mid_batch_repeats_only_the_reply_in_flight(seeded):
    with seeded.session() as s:
        queue_replies(s, 6, NOW)
    channel = HangsAfter(4)
    import leadscribe.bot.outbox as outbox

    parallel = outbox.PARALLEL
    outbox.PARALLEL = 1  # one at a time, so "in flight" is exactly one reply
    try:
        task = asyncio.create_task(deliver(seeded, {"console": channel}, NOW))
        await asyncio.wait_for(channel.stuck.wait(), 10)
        await asyncio.sleep(0.2)  # the four replies the platform took are recorded while the fifth hangs
        task.cancel()  # the process dies here
        await asyncio.gather(task, return_exceptions=True)
    finally:
        outbox.PARALLEL = parallel
    release_stale(seeded)  # the restart
    with seeded.session() as s:
        statuses = [r.status for r in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert statuses[:4] == ["sent"] * 4
    assert statuses[4:] == ["pending", "pending"]  # the in-flight one and the one never tried: sent once, later
