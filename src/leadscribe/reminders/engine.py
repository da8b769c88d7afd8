"""One reminder tick: plan new ladders, fire due steps, run the SLA and briefing duties, deliver.

Design: the database is the source of truth. Ladders are planned into `reminder_steps` (one row
per rung, keyed like its outbox row), periodic duties keep watermarks in `scheduler_marks`, and a
tick does everything that is due at `clock.now()`. Firing a step inserts its outbox row (unique
key, ON CONFLICT DO NOTHING) and marks the step fired in the same transaction, so a step can never
be queued twice; delivery happens after commit, and a crash before delivery leaves a pending row
that the next tick retries. A tick after downtime simply finds older steps due and marks their
rows late. Tasks made by the task service get their ladder at once; tasks made elsewhere (a
capture) are planned by the next tick; a done, cancelled or moved task loses its planned rows and
any survivor is skipped at firing time (status and revision are re-checked). Quiet hours and
weekends are applied when planning and again when firing (a late SMS at 3 a.m. is held, never
dropped). The only gap left is on the wire: a crash after a platform accepted a message but before
the row was marked sent resends it once (SMS carry the key as Idempotency-Key for the provider).
APScheduler only decides *when* to tick (see runner.py); tests call `tick()` with a fake clock."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..bot.inbox import forget_old
from ..bot.outbox import SMS, SmsChannel, deliver, next_retry
from ..crm.db import Database
from ..crm.models_reminders import ReminderStep
from ..ports import Channel, SmsSender
from .clock import Clock, SystemClock
from .duties import (
    briefing_groups,
    escalate_stale_leads,
    flag_at_risk,
    next_briefing_instant,
    queue_briefings,
)
from .ladder import plan_pending
from .policy import PolicyBook
from .steps import queue_due_steps

log = logging.getLogger(__name__)

AT_RISK_EVERY = timedelta(minutes=10)
FORGET_EVERY = timedelta(hours=1)
PLAN_BUDGET_S = 3.0


@dataclass
class TickReport:
    at: datetime
    planned: int = 0
    queued: int = 0
    sent: int = 0
    next_wake: datetime | None = None


class ReminderEngine:
    """Everything time-based, driven by whoever calls `tick()`."""

    def __init__(
        self,
        db: Database,
        channels: Mapping[str, Channel] | None = None,
        clock: Clock | None = None,
        *,
        sms: SmsSender,
        book: PolicyBook,
        keep: timedelta = timedelta(days=30),
    ) -> None:
        self.db = db
        self.keep = keep  # how long finished messages are kept (bot/inbox.py forget_old)
        # SMS is one more channel of the one outbox
        self.channels: Mapping[str, Channel] = {**(channels or {}), SMS: SmsChannel(sms)}
        self.clock = clock or SystemClock()
        self.book = book  # built from settings by leadscribe.wiring
        self._lock = asyncio.Lock()  # ticks never overlap (interval and wake-up jobs may coincide)
        self._last_at_risk: datetime | None = None
        self._last_forget: datetime | None = None

    async def tick(self) -> TickReport:
        async with self._lock:
            now = self.clock.now()
            report = TickReport(at=now)
            report.planned, report.queued = await asyncio.to_thread(self._queue, now)
            report.sent = await deliver(self.db, self.channels, now)
            report.next_wake = await asyncio.to_thread(self.next_wake, now)
            return report

    def _queue(self, now: datetime) -> tuple[int, int]:
        planned, started = 0, time.monotonic()
        while time.monotonic() - started < PLAN_BUDGET_S:  # a big backlog spreads over a few ticks
            with self.db.session() as s:
                n = plan_pending(s, self.book, now)
            planned += n
            if n == 0:
                break
        queued = 0
        while True:  # a backlog after downtime drains in bounded transactions
            with self.db.session() as s:
                n = queue_due_steps(s, self.book, now)
            queued += n
            if n == 0 or not self._more_due(now):
                break
        with self.db.session() as s:
            queued += escalate_stale_leads(s, self.book, now)
        if self._last_at_risk is None or now - self._last_at_risk >= AT_RISK_EVERY or now < self._last_at_risk:
            with self.db.session() as s:
                flag_at_risk(s, self.book, now)
            self._last_at_risk = now
        with self.db.session() as s:
            queued += queue_briefings(s, self.book, now)
        if self._last_forget is None or now - self._last_forget >= FORGET_EVERY or now < self._last_forget:
            forgotten = forget_old(self.db, now, self.keep)
            if any(forgotten.values()):
                log.info("retention: deleted %s older than %s", forgotten, self.keep)
            self._last_forget = now
        return planned, queued

    def _more_due(self, now: datetime) -> bool:
        with self.db.session() as s:
            return bool(
                s.scalar(
                    select(func.count())
                    .select_from(ReminderStep)
                    .where(ReminderStep.status == "planned", ReminderStep.fire_at <= now)
                )
            )

    def next_wake(self, now: datetime) -> datetime | None:
        """The earliest future instant at which a tick has work: a step, a retry or a briefing."""
        with self.db.session() as s:
            candidates = [
                s.scalar(
                    select(ReminderStep.fire_at)
                    .where(ReminderStep.status == "planned")
                    .order_by(ReminderStep.fire_at)
                    .limit(1)
                ),
                next_retry(s),
            ]
            candidates += [
                next_briefing_instant(tz, team, self.book, now) for tz, team in briefing_groups(s, self.book)
            ]
        found = [c for c in candidates if c is not None]
        return max(min(found), now) if found else None
