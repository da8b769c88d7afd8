"""Running the reminder engine: leader election, then APScheduler (jobs in the product database)
deciding when to tick: a steady interval tick plus a one-shot wake-up at the next due instant."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from ..crm.db import Database
from ..ports import Channel, SmsSender
from .clock import Clock, SystemClock
from .engine import ReminderEngine, TickReport
from .leader import Leader, leader_for
from .policy import PolicyBook

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
TICK_JOB, WAKE_JOB = "reminders.tick", "reminders.wake"
JOB_FUNC = "leadscribe.reminders.runner:scheduled_tick"
# A tick missed while the process was down still runs (once) when it comes back.
JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": 7 * 24 * 3600, "max_instances": 1}

_LEADING: dict[str, SchedulerHandle] = {}  # database key -> the handle leading in this process


async def scheduled_tick(key: str) -> None:
    """The APScheduler job: it carries only the database's key and finds its engine here."""
    handle = _LEADING.get(key)
    if handle is None or handle.stopping:
        return
    # Confirm the lock first: a leader whose lock connection died must not tick beside its successor.
    if not await asyncio.to_thread(handle.leader.still_leading):
        handle._step_down()
        return
    await handle.tick_now()


class SchedulerHandle:
    """A started scheduler; `leading` says whether this process holds the lock right now."""

    def __init__(self, engine: ReminderEngine, leader: Leader, tick_seconds: float, standby_seconds: float) -> None:
        self.engine, self.leader = engine, leader
        self.tick_seconds, self.standby_seconds = tick_seconds, standby_seconds
        # Jobs carry only this key (a digest, so no database password lands in the job table).
        self.key = hashlib.sha1(engine.db.url.encode()).hexdigest()[:16]
        self.scheduler: AsyncIOScheduler | None = None
        self.last_report: TickReport | None = None
        self.ticks = 0
        self._stop = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @property
    def leading(self) -> bool:
        return self.scheduler is not None

    async def tick_now(self) -> TickReport:
        """Tick until nothing more is due right now, then set the wake-up for the next due instant."""
        for _ in range(100):  # bounded: a clock that never moves cannot spin us forever
            report = await self.engine.tick()  # a failure is logged by APScheduler; the next tick retries
            self.last_report, self.ticks = report, self.ticks + 1
            if report.next_wake is None or report.next_wake > self.engine.clock.now():
                break
        self._schedule_wake(report.next_wake)
        return report

    def _schedule_wake(self, at: datetime | None) -> None:
        if self.scheduler is None or at is None:
            return
        # The engine's clock may be a test clock: translate "due in N seconds" to wall time.
        delay = max(0.0, (at - self.engine.clock.now()).total_seconds())
        if delay > self.tick_seconds:
            return  # the interval tick comes first anyway
        run_at = datetime.now(UTC) + timedelta(seconds=delay)
        # A wake-up may be set from inside the running wake-up job: allow the overlap (ticks queue on a lock).
        self.scheduler.add_job(
            JOB_FUNC,
            "date",
            run_date=run_at,
            args=[self.key],
            id=WAKE_JOB,
            replace_existing=True,
            max_instances=10,
            misfire_grace_time=JOB_DEFAULTS["misfire_grace_time"],
        )

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if not self.leading:
                    if await asyncio.to_thread(self.leader.try_acquire):
                        self._take_lead()
                elif not await asyncio.to_thread(self.leader.still_leading):
                    self._step_down()
            except Exception:
                log.exception("leader check failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.standby_seconds)

    def _take_lead(self) -> None:
        log.info("reminder scheduler: leading")
        store = SQLAlchemyJobStore(engine=self.engine.db.engine, tablename=JOBS_TABLE)
        scheduler = AsyncIOScheduler(jobstores={"default": store}, job_defaults=JOB_DEFAULTS, timezone=UTC)
        scheduler.start()
        scheduler.add_job(
            JOB_FUNC,
            "interval",
            seconds=self.tick_seconds,
            args=[self.key],
            id=TICK_JOB,
            replace_existing=True,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler = scheduler
        _LEADING[self.key] = self

    def _step_down(self, reason: str = "lost the lead, standing by") -> None:
        if self.scheduler is not None:
            log.log(logging.INFO if reason == "stopped" else logging.WARNING, "reminder scheduler: %s", reason)
        if _LEADING.get(self.key) is self:
            del _LEADING[self.key]
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None

    async def stop(self) -> None:
        self._stop.set()
        if self._loop_task is not None:
            await self._loop_task
        async with self.engine._lock:  # let a running tick finish before the scheduler goes
            self._step_down("stopped")
        await asyncio.to_thread(self.leader.release)


async def start_scheduler(
    db: Database,
    channels: Mapping[str, Channel],
    clock: Clock | None = None,
    *,
    sms: SmsSender,
    book: PolicyBook,
    tick_seconds: float = 30.0,
    standby_seconds: float = 5.0,
    keep: timedelta = timedelta(days=30),
) -> SchedulerHandle:
    """Start competing for the lead; the winner ticks. Call inside a running event loop."""
    engine = ReminderEngine(db, channels, clock or SystemClock(), sms=sms, book=book, keep=keep)
    handle = SchedulerHandle(engine, leader_for(db.url), tick_seconds, standby_seconds)
    if await asyncio.to_thread(handle.leader.try_acquire):
        handle._take_lead()
    handle._loop_task = asyncio.create_task(handle._run(), name="leadscribe-reminders-leader")
    return handle


async def stop_scheduler(handle: SchedulerHandle) -> None:
    await handle.stop()
