"""Group commit of the inbox: concurrent webhooks share transactions, every row stored once and durably."""

from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy import func, select

from leadscribe.bot.dispatch import Dispatcher
from leadscribe.bot.intake import GroupCommit
from leadscribe.crm.db import Database
from leadscribe.crm.models import InboxMessage
from leadscribe.ports import InboundEvent

from .conftest import NOW


class Silent:
    name = "console"

    async def send(self, reply, context=None) -> None:
        pass


def event(mid: str) -> InboundEvent:
    return InboundEvent(channel="console", chat_id="x", sender_id="stranger", message_id=mid, kind="text", text="hi")


async def test_concurrent_submits_share_transactions_and_each_message_is_stored_once(seeded):
    d = Dispatcher(seeded, {"console": Silent()}, clock=lambda: NOW)
    deliveries = [event(f"g{i}") for i in range(150) for _ in range(3)]
    random.Random(5).shuffle(deliveries)
    results = await asyncio.gather(*(d.submit(e) for e in deliveries))
    await d.drain()
    accepted = [e.message_id for e, ok in zip(deliveries, results, strict=True) if ok]
    assert sorted(accepted) == sorted(f"g{i}" for i in range(150))  # one acceptance per message, copies refused
    assert d.intake.batches < len(deliveries) / 5  # many submits per transaction
    with seeded.session() as s:
        assert s.scalar(select(func.count(InboxMessage.id))) == 150
    again = await asyncio.gather(*(d.submit(event(f"g{i}")) for i in range(0, 150, 10)))
    assert not any(again)  # a retry after the commit is refused too


async def test_an_accepted_message_is_already_committed_for_another_connection(seeded):
    d = Dispatcher(seeded, {"console": Silent()}, clock=lambda: NOW)
    assert await d.submit(event("durable"))
    other = Database(seeded.url)  # a second engine: sees only what is committed
    try:
        with other.session() as s:
            assert s.scalar(select(func.count()).where(InboxMessage.message_id == "durable")) == 1
    finally:
        other.dispose()
    await d.drain()


async def test_a_failing_row_fails_alone_and_its_neighbours_are_written():
    written: list[list[str]] = []

    def write(batch: list[str]) -> list[str]:
        if "bad" in batch:
            raise ValueError("constraint")
        written.append(batch)
        return [item.upper() for item in batch]

    writer = GroupCommit(write)
    results = await asyncio.gather(*(writer.put(x) for x in ["a", "bad", "b", "c"]), return_exceptions=True)
    assert results[0] == "A" and results[2:] == ["B", "C"]
    assert isinstance(results[1], ValueError)
    assert sorted(x for batch in written for x in batch) == ["a", "b", "c"]
    writer.close()


async def test_a_caller_that_goes_away_does_not_cancel_the_batch():
    def write(batch: list[int]) -> list[int]:
        return [x * 2 for x in batch]

    writer = GroupCommit(write)
    first = asyncio.ensure_future(writer.put(1))
    others = [asyncio.ensure_future(writer.put(x)) for x in (2, 3)]
    await asyncio.sleep(0)
    first.cancel()
    assert await asyncio.gather(*others) == [4, 6]
    with pytest.raises(asyncio.CancelledError):
        await first
    writer.close()
