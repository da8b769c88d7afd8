"""Reminder engine figures, printed as JSON: scheduler start and memory with 100,000 pending tasks,
building every 08:00 briefing for 10,000 reps, and firing lateness over 10,000 steps in compressed time.

Run: python bench/reminders.py [--pg] [--tasks N] [--reps N] [--steps N]
(--pg: two temporary databases on PostgreSQL at 127.0.0.1:5432, dropped afterwards)"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil
from sqlalchemy import insert, select

from leadscribe.crm.db import Database
from leadscribe.crm.models import Customer, Lead, Task, User
from leadscribe.ports import Reply
from leadscribe.reminders.duties import queue_briefings
from leadscribe.reminders.ladder import plan_pending
from leadscribe.reminders.policy import load_policy_book, parse_policy_book
from leadscribe.reminders.runner import start_scheduler

ZONES = ["Asia/Shanghai", "Asia/Shanghai", "Asia/Shanghai", "America/Los_Angeles", "Europe/Berlin"]


class NullChannel:
    name = "telegram"

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []

    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        self.times.append((reply.text, time.time()))

    async def fetch_media(self, event: object) -> bytes:
        raise NotImplementedError


class NullSms:
    name = "null"

    async def send(self, phone: str, text: str, key: str) -> None:
        return None


def seed_team(db: Database, reps: int) -> list[int]:
    """10 store managers, a manager per 100 reps, `reps` reps spread over a few zones."""
    with db.session() as s:
        rows = [
            dict(
                name=f"store{i}",
                role="store_manager",
                tz="Asia/Shanghai",
                language="zh",
                team=f"t{i}",
                telegram_id=f"s{i}",
                active=True,
                created_at=datetime.now(UTC),
            )
            for i in range(10)
        ]
        s.execute(insert(User), rows)
        stores = list(s.scalars(select(User.id).where(User.role == "store_manager").order_by(User.id)))
        n_boss = max(1, reps // 100)
        s.execute(
            insert(User),
            [
                dict(
                    name=f"boss{i}",
                    role="manager",
                    manager_id=stores[i % 10],
                    team=f"t{i % 10}",
                    tz="Asia/Shanghai",
                    language="zh",
                    telegram_id=f"b{i}",
                    active=True,
                    created_at=datetime.now(UTC),
                )
                for i in range(n_boss)
            ],
        )
        bosses = list(s.scalars(select(User.id).where(User.role == "manager").order_by(User.id)))
        s.execute(
            insert(User),
            [
                dict(
                    name=f"rep{i}",
                    role="rep",
                    manager_id=bosses[i % n_boss],
                    team=f"t{(i % n_boss) % 10}",
                    tz=ZONES[i % len(ZONES)],
                    language="en" if i % 5 == 3 else "zh",
                    telegram_id=f"r{i}",
                    phone=f"1{i:010d}",
                    active=True,
                    created_at=datetime.now(UTC),
                )
                for i in range(reps)
            ],
        )
        return list(s.scalars(select(User.id).where(User.role == "rep").order_by(User.id)))


def seed_tasks(db: Database, rep_ids: list[int], n: int, start: datetime, span: timedelta) -> None:
    with db.session() as s:
        customers = [
            dict(
                owner_id=r,
                company=f"Co{r}",
                at_risk=(r % 7 == 0),
                last_interaction_at=start,
                created_at=start,
                updated_at=start,
            )
            for r in rep_ids
        ]
        s.execute(insert(Customer), customers)
        cust = dict(s.execute(select(Customer.owner_id, Customer.id)).all())
        s.execute(
            insert(Lead),
            [
                dict(
                    customer_id=cust[r],
                    owner_id=r,
                    budget_max=(r * 7919) % 1_000_000,
                    currency="CNY",
                    stage="new",
                    created_at=start,
                    updated_at=start,
                )
                for r in rep_ids
            ],
        )
        lead = dict(s.execute(select(Lead.owner_id, Lead.id)).all())
        batch = []
        for i in range(n):
            r = rep_ids[i % len(rep_ids)]
            due = start + span * (i / n)
            batch.append(
                dict(
                    title=f"task {i}",
                    due_at=due,
                    all_day=False,
                    status="open",
                    assignee_id=r,
                    lead_id=lead[r],
                    revision=1,
                    created_at=start - timedelta(days=1),
                )
            )
            if len(batch) == 10_000:
                s.execute(insert(Task), batch)
                batch = []
        if batch:
            s.execute(insert(Task), batch)


async def bench_start(url: str, tasks: int, reps: int) -> dict[str, object]:
    db = Database(url)
    db.upgrade()
    now = datetime.now(UTC)
    rep_ids = seed_team(db, reps)
    seed_tasks(db, rep_ids, tasks, now + timedelta(days=1), timedelta(days=30))
    book = load_policy_book()
    t0 = time.perf_counter()
    while True:
        with db.session() as s:
            if not plan_pending(s, book, now, limit=10_000):
                break
    plan_s = time.perf_counter() - t0
    proc = psutil.Process()
    rss_before = proc.memory_info().rss
    t0 = time.perf_counter()
    handle = await start_scheduler(db, {"telegram": NullChannel()}, sms=NullSms(), book=book)
    while handle.ticks < 1:
        await asyncio.sleep(0.01)
    start_s = time.perf_counter() - t0
    rss = proc.memory_info().rss
    await handle.stop()
    # Every rep's 08:00 briefing for one weekday, through the same path the scheduler uses.
    day = date.fromordinal(now.date().toordinal() + 2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    late_evening = datetime.combine(day, dtime(23, 0), tzinfo=ZoneInfo("America/Los_Angeles"))
    t0 = time.perf_counter()
    with db.session() as s:
        briefings = queue_briefings(s, book, late_evening)
    brief_s = time.perf_counter() - t0
    db.dispose()
    return {
        "pending_tasks": tasks,
        "plan_all_tasks_s": round(plan_s, 2),
        "scheduler_start_s": round(start_s, 3),
        "rss_mb_after_start": round(rss / 2**20, 1),
        "rss_mb_before_start": round(rss_before / 2**20, 1),
        "briefings_built": briefings,
        "briefings_s": round(brief_s, 2),
    }


async def bench_lateness(url: str, steps: int, window_s: float) -> dict[str, object]:
    db = Database(url)
    db.upgrade()
    book = parse_policy_book(
        {
            "default": {
                "steps": [{"name": "before", "at": "due", "offset": -60, "channel": "chat", "to": "assignee"}],
                "weekend": [],
            }
        }
    )
    rep_ids = seed_team(db, 100)
    lead_in = 3.0  # seconds before the first step, so the scheduler is up
    first = datetime.now(UTC) + timedelta(seconds=lead_in)
    # The steps are due between `first` and `first + window_s`: hours of work squeezed into seconds.
    seed_tasks(db, rep_ids, steps, first + timedelta(minutes=60), timedelta(seconds=window_s))
    with db.session() as s:
        while plan_pending(s, book, datetime.now(UTC) - timedelta(days=1), limit=10_000):
            pass
    with db.session() as s:
        due = {t: d for t, d in s.execute(select(Task.title, Task.due_at))}
    chat = NullChannel()
    handle = await start_scheduler(db, {"telegram": chat}, sms=NullSms(), book=book, tick_seconds=30)
    deadline = time.time() + lead_in + window_s + 30
    while sum(t.startswith("⏰") for t, _ in chat.times) < steps and time.time() < deadline:
        await asyncio.sleep(0.1)
    await handle.stop()
    lateness = []
    for text, at in chat.times:
        m = re.match(r"⏰ .*?(task \d+)", text)
        if m:
            lateness.append(at - (due[m.group(1)] - timedelta(minutes=60)).timestamp())
    lateness.sort()
    db.dispose()
    return {
        "steps": steps,
        "fired": len(lateness),
        "window_s": window_s,
        "lateness_p50_s": round(statistics.median(lateness), 3) if lateness else None,
        "lateness_p99_s": round(lateness[int(len(lateness) * 0.99) - 1], 3) if lateness else None,
        "lateness_max_s": round(lateness[-1], 3) if lateness else None,
    }


@contextmanager
def temp_databases(use_pg: bool) -> Iterator[tuple[str, str]]:
    if not use_pg:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'start.db'}", f"sqlite:///{Path(tmp) / 'late.db'}"
        return
    import psycopg

    admin = dict(host="127.0.0.1", port=5432, user="postgres", dbname="test", autocommit=True)
    names = [f"ls_rem_bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(**admin) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(f"postgresql+psycopg://postgres@127.0.0.1:5432/{n}" for n in names)  # type: ignore[misc]
    finally:
        with psycopg.connect(**admin) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", action="store_true", help="run on PostgreSQL instead of SQLite")
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=10_000)
    ap.add_argument("--steps", type=int, default=10_000)
    ap.add_argument("--window", type=float, default=20.0, help="seconds the steps are spread over")
    args = ap.parse_args()
    with temp_databases(args.pg) as (url_a, url_b):
        out: dict[str, object] = {"database": "postgresql" if args.pg else "sqlite"}
        out.update(asyncio.run(bench_start(url_a, args.tasks, args.reps)))
        out.update(asyncio.run(bench_lateness(url_b, args.steps, args.window)))
        out["targets"] = {"scheduler_start_s": 5, "briefings_s": 30, "lateness_p99_s": 1}
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
