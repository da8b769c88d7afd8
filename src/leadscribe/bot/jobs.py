"""Many workers on PostgreSQL: every inbox row becomes a procrastinate job, and any number of worker processes,
on any number of machines, take the jobs.

- Each rep's messages in order: a job's procrastinate `lock` is its sender, and procrastinate runs the jobs of
  one lock one at a time in the order they were deferred (an edit never overtakes the note that made its card).
- Voice on a queue of its own, worked by its own slots: a burst of voice notes never delays anyone's text.
- Nothing lost: the acknowledgement waits for the inbox row, not for the job. A row whose job was never
  deferred (a crash in between), whose job failed (the database went away) or whose worker died mid-job is found
  again by `Sweeper`; processing a row twice is harmless (bot/turns.py: one transaction, unique reply keys).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from procrastinate import App, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ..crm.db import Database
from .dispatch import Dispatcher
from .outbox import deliver, release_stale

log = logging.getLogger(__name__)

TASK = "leadscribe.inbox"
TEXT, VOICE = "text", "voice"
QUEUES = (TEXT, VOICE)
# a worker that has not written its heartbeat for this long is dead: its jobs are run again elsewhere
HEARTBEAT_S, STALLED_AFTER_S = 2.0, 10.0
# Workers poll instead of listening: every deferred job would wake every worker listening on its queue, and all
# but one would fetch for nothing (measured: more CPU per message than the whole reply). A worker fetches again
# at once after each job, so only an idle one waits up to its poll; voice tolerates a longer one.
POLL_S = {"text": 0.1, "voice": 0.5}
# an inbox row this old without a live job lost its job; a reply "sending" this long lost its worker
ORPHAN_AFTER = timedelta(seconds=10)
SENDING_STALE = timedelta(minutes=2)

_ORPHANS = text(
    """
    SELECT i.id FROM inbox i
     WHERE i.status IN ('pending', 'processing') AND i.received_at < :cutoff
       AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j
                        WHERE j.task_name = :task AND j.status IN ('todo', 'doing')
                          AND (j.args->>'inbox_id')::bigint = i.id)
     ORDER BY i.id LIMIT 500
    """
)


def conninfo(db_url: str) -> str:
    """libpq's form of the SQLAlchemy URL (procrastinate talks to PostgreSQL through psycopg directly)."""
    return make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)


def build_app(db_url: str, pool_size: int = 4) -> App:
    app = App(connector=PsycopgConnector(conninfo=conninfo(db_url), min_size=1, max_size=pool_size))

    @app.task(name=TASK, pass_context=True)
    async def process_inbox(context: Any, inbox_id: int) -> None:
        dispatcher: Dispatcher = context.additional_context["dispatcher"]
        await dispatcher.process(inbox_id)

    return app


def _lock(channel: str, sender_id: str) -> str:
    # hashed: procrastinate may print locks, and a platform user id never reaches a log
    return "rep:" + hashlib.sha256(f"{channel}\x00{sender_id}".encode()).hexdigest()[:24]


def jobs_for(db: Database, inbox_ids: Iterable[int]) -> list[Job]:
    """One job per inbox row, in row order, on its sender's lock and its kind's queue."""
    ids = sorted(set(inbox_ids))
    if not ids:
        return []
    q = text("SELECT id, channel, sender_id, kind FROM inbox WHERE id = ANY(:ids) ORDER BY id")
    with db.engine.connect() as conn:
        rows = conn.execute(q, {"ids": ids}).all()
    return [
        Job(
            id=None,
            queue=VOICE if kind == "voice" else TEXT,
            lock=_lock(channel, sender),
            queueing_lock=f"inbox:{inbox_id}",  # one waiting job per row, however often it is deferred
            task_name=TASK,
            task_kwargs={"inbox_id": inbox_id},
        )
        for inbox_id, channel, sender, kind in rows
    ]


async def defer(app: App, db: Database, inbox_ids: Iterable[int]) -> int:
    """Defer jobs for these rows in one statement; one by one when some row already has a waiting job."""
    jobs = await asyncio.to_thread(jobs_for, db, inbox_ids)
    if not jobs:
        return 0
    try:
        await app.job_manager.batch_defer_jobs_async(jobs)
        return len(jobs)
    except AlreadyEnqueued:
        deferred = 0
        for job in jobs:
            with contextlib.suppress(AlreadyEnqueued):
                await app.job_manager.defer_job_async(job)
                deferred += 1
        return deferred


class Deferrer:
    """In the web process: jobs for freshly stored rows, deferred in batches off the acknowledgement's path."""

    def __init__(self, app: App, db: Database) -> None:
        self.app, self.db = app, db
        self._ids: list[int] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def add(self, inbox_id: int) -> None:
        self._ids.append(inbox_id)
        self._wake.set()

    async def start(self) -> None:
        await self.app.open_async()
        self._task = asyncio.create_task(self._run(), name="job-deferrer")

    async def stop(self) -> None:
        """Defer what is left, then close (a flush under way is finished, never cut: its rows would wait for
        a sweep)."""
        if self._task is not None:
            self._closing = True
            self._wake.set()
            await self._task
        await self.app.close_async()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._flush()
            if self._closing and not self._ids:
                return

    async def _flush(self) -> None:
        ids, self._ids = self._ids, []
        if not ids:
            return
        try:
            await defer(self.app, self.db, ids)
        except Exception as exc:  # the rows are stored: a worker's sweep defers them
            log.warning("deferring %d jobs failed (%s); workers will find them", len(ids), type(exc).__name__)


class Sweeper:
    """In every worker, every few seconds: jobs of dead workers run again, rows without a job get one, replies a
    dead worker left "sending" are sent. Safe when several workers sweep at once (queueing locks, status checks)."""

    def __init__(self, app: App, dispatcher: Dispatcher, every: float = 5.0) -> None:
        self.app, self.dispatcher, self.every = app, dispatcher, every

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.sweep()
            except Exception as exc:  # the database may be away; try again next round
                log.warning("sweep failed: %s", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.every)

    async def sweep(self) -> dict[str, int]:
        manager = self.app.job_manager
        stalled = list(await manager.get_stalled_jobs(task_name=TASK, seconds_since_heartbeat=STALLED_AFTER_S))
        for job in stalled:
            await manager.retry_job(job)
        db = self.dispatcher.db
        orphans = await asyncio.to_thread(self._orphans, db)
        deferred = await defer(self.app, db, orphans) if orphans else 0
        released = await asyncio.to_thread(release_stale, db, SENDING_STALE)
        sent = 0
        if released:
            sent = await deliver(db, self.dispatcher.channels, self.dispatcher.clock(), key_prefix="reply:")
        found = {"stalled": len(stalled), "orphans": deferred, "replies": sent}
        if any(found.values()):
            log.warning("sweep recovered %s", found)
        return found

    def _orphans(self, db: Database) -> list[int]:
        cutoff = self.dispatcher.clock() - ORPHAN_AFTER
        with db.engine.connect() as conn:
            return list(conn.scalars(_ORPHANS, {"cutoff": cutoff, "task": TASK}))


async def work(
    app: App, dispatcher: Dispatcher, stop: asyncio.Event, queues: Iterable[str] = QUEUES, text_slots: int = 8
) -> None:
    """Work the queues until `stop`, then finish the jobs started. Text and voice get workers of their own in
    this process, so a transcription never holds a text slot."""
    slots = {TEXT: text_slots, VOICE: 1}
    options: dict[str, Any] = {
        "additional_context": {"dispatcher": dispatcher},
        "install_signal_handlers": False,
        "listen_notify": False,
        "update_heartbeat_interval": HEARTBEAT_S,
        "stalled_worker_timeout": STALLED_AFTER_S,
        "delete_jobs": "successful",  # the inbox row is the record; a finished job is only clutter
    }
    workers = [
        asyncio.create_task(
            app.run_worker_async(
                queues=[q],
                concurrency=slots[q],
                name=f"leadscribe-{q}",
                fetch_job_polling_interval=POLL_S[q],
                **options,
            )
        )
        for q in queues
    ]
    sweeper = asyncio.create_task(Sweeper(app, dispatcher).run(stop))
    await stop.wait()
    for task in workers:
        task.cancel()  # procrastinate stops taking jobs and lets the running ones finish
    await asyncio.gather(*workers, sweeper, return_exceptions=True)
