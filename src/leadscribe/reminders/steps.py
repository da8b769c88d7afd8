"""Turning due ladder steps into outbox rows, in one transaction with marking them fired."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..bot.outbox import insert_outbox, outbox_row
from ..crm.models import Task, User
from ..crm.models_reminders import ReminderStep
from .ladder import fire_time
from .policy import PolicyBook, StepRule
from .texts import say

LIMIT = 5000


def queue_due_steps(session: Session, book: PolicyBook, now: datetime, limit: int = LIMIT) -> int:
    """Fire every planned step due by `now`: skip stale ones, hold quiet ones, queue the rest."""
    steps = session.scalars(
        select(ReminderStep)
        .where(ReminderStep.status == "planned", ReminderStep.fire_at <= now)
        .order_by(ReminderStep.fire_at, ReminderStep.id)
        .limit(limit)
    ).all()
    if not steps:
        return 0
    tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_({s.task_id for s in steps})))}
    user_ids = {s.recipient_id for s in steps} | {t.assignee_id for t in tasks.values()}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
    reports: dict[int, list[tuple[ReminderStep, Task]]] = defaultdict(list)
    rows: list[dict[str, Any]] = []
    fired: list[int] = []
    skipped: list[int] = []
    with session.no_autoflush:
        for step in steps:
            task = tasks.get(step.task_id)
            recipient = users.get(step.recipient_id or -1)
            if (
                task is None
                or task.status != "open"
                or task.revision != step.revision
                or recipient is None
                or not recipient.active
            ):
                skipped.append(step.id)  # done, cancelled or moved since it was planned
                continue
            policy = book.for_team(recipient.team)
            if step.channel in policy.quiet_channels and policy.is_quiet(now.astimezone(ZoneInfo(recipient.tz))):
                # Due (perhaps late, after downtime) inside quiet hours: held to the next working time.
                step.fire_at = policy.next_allowed(now, recipient.tz)
                continue
            assignee = users[task.assignee_id]
            rule = _rule(book, assignee, step)
            if rule is not None and rule.at == "workday_end":
                reports[recipient.id].append((step, task))
                continue
            # Late against where the ladder put it, not against a hold applied after downtime.
            late = now - fire_time(step.nominal_at, step.channel, recipient, book) > policy.late_after
            payload = _task_payload(step, task, assignee, recipient)
            rows.append(outbox_row(step.key, recipient, step.channel, payload, now, late))
            fired.append(step.id)
        for recipient_id, items in reports.items():
            rows.append(_report_row(users[recipient_id], items, users, book, now))
            fired += [step.id for step, _ in items]
    # The outbox rows and the steps' new status commit together: a step is queued exactly once.
    queued = insert_outbox(session, rows)
    for status, ids in (("fired", fired), ("skipped", skipped)):
        for i in range(0, len(ids), 1000):
            session.execute(
                update(ReminderStep)
                .where(ReminderStep.id.in_(ids[i : i + 1000]))
                .values(status=status)
                .execution_options(synchronize_session=False)
            )
    session.flush()
    return queued


def _rule(book: PolicyBook, assignee: User, step: ReminderStep) -> StepRule | None:
    for rule in book.for_team(assignee.team).steps:
        if rule.name == step.step:
            return rule
    return None


def _task_payload(step: ReminderStep, task: Task, assignee: User, recipient: User) -> dict[str, Any]:
    lang = recipient.language
    due = task.due_at.astimezone(ZoneInfo(recipient.tz))
    clock = say(lang, "all_day") if task.all_day else due.strftime("%H:%M")
    minutes = int(abs((step.nominal_at - task.due_at).total_seconds()) // 60)
    before = step.nominal_at < task.due_at
    if recipient.id != assignee.id:
        key = "manager_upcoming" if before else "manager_overdue"
    elif step.channel == "sms":
        key = "upcoming" if before else "overdue_sms"
    else:
        key = "upcoming" if before else "overdue"
    text = say(lang, key, minutes=minutes, title=task.title, time=clock, rep=assignee.name)
    return {
        "text": text,
        "task_id": task.id,
        "step": step.step,
        "revision": step.revision,
        "fire_at": step.fire_at.isoformat(),
    }


def _report_row(
    recipient: User,
    items: list[tuple[ReminderStep, Task]],
    users: dict[int, User],
    book: PolicyBook,
    now: datetime,
) -> dict[str, Any]:
    """One end-of-day message per store manager per tick, listing every unfinished task."""
    lang, zone = recipient.language, ZoneInfo(recipient.tz)
    keys = sorted(step.key for step, _ in items)
    lines = [say(lang, "eod_title")]
    for _step, task in sorted(items, key=lambda it: (users[it[1].assignee_id].name, it[1].due_at)):
        clock = task.due_at.astimezone(zone).strftime("%m-%d %H:%M")
        lines.append(say(lang, "eod_line", rep=users[task.assignee_id].name, title=task.title, time=clock))
    earliest = min(step.fire_at for step, _ in items)
    late = now - earliest > book.for_team(recipient.team).late_after
    # The key names the exact set of steps, so a second leader racing on the same set cannot send twice.
    digest = hashlib.sha1("|".join(keys).encode()).hexdigest()[:20]
    payload = {"text": "\n".join(lines), "title": lines[0], "steps": keys, "fire_at": earliest.isoformat()}
    return outbox_row(f"eod:{recipient.id}:{digest}", recipient, "chat", payload, now, late)
