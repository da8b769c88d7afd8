"""Several workers on PostgreSQL share the inbox through procrastinate (bot/jobs.py): each rep's messages are
processed one at a time and in order while different reps run in parallel, and a row that lost its job, or
whose worker died mid-job, is processed by the sweep."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import defaultdict
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from leadscribe.bot import jobs
from leadscribe.bot.conversation import Conversation, Turn
from leadscribe.bot.dispatch import Dispatcher
from leadscribe.crm.db import Database
from leadscribe.crm.models import InboxMessage, Lead, OutboxMessage
from leadscribe.crm.users import add_user
from leadscribe.ports import InboundEvent

from ..pg import migrated_pg
from .conftest import NOW
from .test_dispatch import Recorder

pytestmark = pytest.mark.postgres

REPS = [f"rep{r}" for r in range(8)]


@pytest.fixture
def pg() -> Iterator[Database]:
    with migrated_pg() as db:
        with db.session() as s:
            for name in REPS:
                add_user(s, name)
        yield db


class Witness(Conversation):
    """The real conversation, also noting when each message of each rep started and ended (a few ms apart,
    at random, so that out-of-order or overlapping work would show)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
        self._lock = threading.Lock()

    def handle(self, session, turn: Turn):
        start = time.monotonic()
        time.sleep(random.uniform(0.001, 0.02))
        outs = super().handle(session, turn)
        with self._lock:
            self.seen[turn.event.sender_id].append((turn.event.text, start, time.monotonic()))
        return outs


def note(rep: str, n: int, text: str) -> InboundEvent:
    return InboundEvent(channel="console", chat_id=rep, sender_id=rep, message_id=f"{rep}-{n}", kind="text", text=text)


async def _workers(db: Database, count: int, conversation: Conversation, channel: Recorder):
    """`count` workers as separate procrastinate apps and dispatchers (as separate processes would be)."""
    stop = asyncio.Event()
    apps, tasks = [], []
    for _ in range(count):
        app = jobs.build_app(str(db.engine.url.render_as_string(hide_password=False)))
        await app.open_async()
        dispatcher = Dispatcher(db, {"console": channel}, conversation, clock=lambda: NOW)
        apps.append(app)
        tasks.append(asyncio.create_task(jobs.work(app, dispatcher, stop, text_slots=4)))
    return stop, apps, tasks


async def _until(check, db: Database, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not await asyncio.to_thread(check):
        assert time.monotonic() < deadline, _state(db)
        await asyncio.sleep(0.1)


def _state(db: Database) -> str:
    """What is left when waiting timed out: inbox rows, replies and jobs by status."""
    with db.engine.connect() as conn:
        inbox = conn.execute(text("SELECT status, count(*) FROM inbox GROUP BY status")).all()
        outbox = conn.execute(text("SELECT status, count(*) FROM outbox GROUP BY status")).all()
        queued = conn.execute(text("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")).all()
    return f"timed out: inbox {inbox}, outbox {outbox}, jobs {queued}"


def _all_done(db: Database, count: int):
    def check() -> bool:
        with db.session() as s:
            done = s.scalar(select(func.count()).where(InboxMessage.status == "done"))
            sent = s.scalar(select(func.count()).where(OutboxMessage.status == "sent"))
            return done == count and sent >= count

    return check


async def test_three_workers_keep_each_reps_messages_in_order_and_work_reps_in_parallel(pg):
    witness, channel = Witness(), Recorder()
    url = str(pg.engine.url.render_as_string(hide_password=False))
    deferrer = jobs.Deferrer(jobs.build_app(url), pg)
    web = Dispatcher(pg, {"console": channel}, clock=lambda: NOW)
    web.notify = deferrer.add
    await deferrer.start()
    # each rep: a note, its confirmation (right only after the card) and a note about nobody, all queued before
    # the workers start, so that twelve slots could take all three of a rep's messages at once
    sent = {rep: [f"华东医疗的张总要{n + 1}台CT，预算{50 + n}万", "确认", "今天好累"] for n, rep in enumerate(REPS)}
    for i in range(3):
        for rep in REPS:
            assert await web.submit(note(rep, i, sent[rep][i]))
    await deferrer.stop()
    web.inbox.close()
    stop, apps, tasks = await _workers(pg, 3, witness, channel)
    try:
        await _until(_all_done(pg, 3 * len(REPS)), pg)
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        for app in apps:
            await app.close_async()

    spans = []
    for rep in REPS:
        seen = witness.seen[rep]
        assert [t for t, _, _ in seen] == sent[rep]  # in the order sent, each once
        assert all(a[2] <= b[1] for a, b in zip(seen, seen[1:], strict=False))  # never two at once
        spans += [(a, b) for _, a, b in seen]
    # different reps did run at the same time: the workers share the load
    assert any(a1 < b2 and a2 < b1 for i, (a1, b1) in enumerate(spans) for a2, b2 in spans[i + 1 :])
    with pg.session() as s:
        # the confirmation found its card every time: one saved lead per rep, nothing else
        assert s.scalar(select(func.count(Lead.id))) == len(REPS)


async def test_a_row_without_a_job_and_a_job_of_a_dead_worker_are_both_processed_by_the_sweep(pg):
    channel = Recorder()
    dispatcher = Dispatcher(pg, {"console": channel}, clock=lambda: NOW)
    dispatcher.notify = lambda inbox_id: None  # the web process died before deferring any job
    for i, rep in enumerate(REPS[:2]):
        await dispatcher.submit(note(rep, i, f"华东医疗的张总要{i + 1}台CT"))
    url = str(pg.engine.url.render_as_string(hide_password=False))
    app = jobs.build_app(url)
    await app.open_async()
    try:
        with pg.engine.begin() as conn:
            first, second = conn.scalars(text("SELECT id FROM inbox ORDER BY id")).all()
            # the second row's job was taken by a worker that then died (its heartbeat stopped long ago)
            dead = conn.scalar(
                text(
                    "INSERT INTO procrastinate_workers(last_heartbeat) VALUES (now() - interval '1 hour') RETURNING id"
                )
            )
        [job] = await asyncio.to_thread(jobs.jobs_for, pg, [second])
        job = await app.job_manager.defer_job_async(job)
        with pg.engine.begin() as conn:
            conn.execute(
                text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w WHERE id = :j"),
                {"w": dead, "j": job.id},
            )
        sweeper = jobs.Sweeper(app, dispatcher)
        # the dead worker's job goes back to the queue; the first row is too recent to be called an orphan (its
        # job may still be on its way) ...
        assert await sweeper.sweep() == {"stalled": 1, "orphans": 0, "replies": 0}
        dispatcher.clock = lambda: NOW.replace(year=NOW.year + 1)  # ... and later it is
        assert await sweeper.sweep() == {"stalled": 0, "orphans": 1, "replies": 0}
        stop = asyncio.Event()
        worker = asyncio.create_task(jobs.work(app, dispatcher, stop, text_slots=2))
        await _until(_all_done(pg, 2), pg)
        stop.set()
        await worker
    finally:
        dispatcher.inbox.close()
        await app.close_async()
    assert len(channel.sent) == 2 and first != second


async def test_the_sweep_sends_a_reply_a_dead_worker_left_sending_but_not_one_being_sent_now(pg):
    from datetime import UTC, datetime, timedelta

    channel = Recorder()
    dispatcher = Dispatcher(pg, {"console": channel}, clock=lambda: NOW)
    now = datetime.now(UTC)
    with pg.session() as s:
        for key, claimed in (("reply:console:old:0", now - timedelta(minutes=3)), ("reply:console:new:0", now)):
            payload = {"text": key, "title": None, "buttons": [], "context": None}
            s.add(
                OutboxMessage(
                    key=key,
                    channel="console",
                    address="rep0",
                    payload=payload,
                    status="sending",
                    claimed_at=claimed,
                    due_at=NOW,
                )
            )
    app = jobs.build_app(str(pg.engine.url.render_as_string(hide_password=False)))
    await app.open_async()
    try:
        assert (await jobs.Sweeper(app, dispatcher).sweep())["replies"] == 1
    finally:
        dispatcher.inbox.close()
        await app.close_async()
    assert channel.sent == ["reply:console:old:0"]  # the other one is its worker's to send
