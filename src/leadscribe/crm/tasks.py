"""Task service: add, complete, cancel and reschedule tasks.

Ladders are not planned here: the reminder engine plans every open task whose current revision has none
(reminders/ladder.py `plan_pending`); closing or moving a task drops its unfired steps here, in the
same transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.orm import Session

from .access import AccessDenied, can_write, get_lead, get_task, tasks_query
from .models import AuditEntry, Task, User
from .models_reminders import ReminderStep


class TaskError(ValueError):
    """A task request that cannot be done (empty title, naive time, not open...)."""


def add_task(
    session: Session,
    user: User,
    title: str,
    due_utc: datetime,
    all_day: bool = False,
    lead_id: int | None = None,
    source_message_id: str | None = None,
    *,
    now: datetime | None = None,
) -> Task:
    """Create a task for `user` (the reminder engine plans its ladder)."""
    title = title.strip()
    if not title:
        raise TaskError("a task needs a title")
    _check_aware(due_utc)
    if lead_id is not None:
        lead = get_lead(session, user, lead_id)
        if not can_write(user, lead.owner_id):
            raise AccessDenied(f"lead {lead_id} is not {user.name}'s")
    now = now or datetime.now(UTC)
    task = Task(
        title=title[:200],
        due_at=due_utc,
        all_day=all_day,
        assignee_id=user.id,
        lead_id=lead_id,
        source_message_id=source_message_id,
        created_at=now,
    )
    session.add(task)
    session.flush()
    _audit(session, user, task, "created", None, str(task.id), source_message_id)
    return task


def complete_task(session: Session, user: User, task_id: int, *, now: datetime | None = None) -> Task:
    """Mark done; its remaining reminders are dropped in the same transaction."""
    return _close(session, user, task_id, "done", now)


def cancel_task(session: Session, user: User, task_id: int, *, now: datetime | None = None) -> Task:
    return _close(session, user, task_id, "cancelled", now)


def reschedule_task(
    session: Session,
    user: User,
    task_id: int,
    new_due_utc: datetime,
    all_day: bool = False,
    *,
    now: datetime | None = None,
) -> Task:
    """Move the due time: a new revision, so the engine retires the old ladder and plans a new one."""
    _check_aware(new_due_utc)
    task = _writable(session, user, task_id)
    if task.status != "open":
        raise TaskError(f"task {task_id} is {task.status}")
    old = task.due_at
    task.due_at, task.all_day = new_due_utc, all_day
    task.revision += 1
    _audit(session, user, task, "due_at", old.isoformat(), new_due_utc.isoformat(), None)
    drop_ladder(session, task.id)
    return task


def tasks_for(session: Session, user: User, day: date | None = None, include_closed: bool = False) -> list[Task]:
    """Tasks `user` may see (their own, their team's), open ones unless asked; `day` in the user's zone."""
    q = tasks_query(session, user)
    if not include_closed:
        q = q.where(Task.status == "open")
    if day is not None:
        zone = ZoneInfo(user.tz)
        start = datetime.combine(day, time(0), tzinfo=zone)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        q = q.where(Task.due_at >= start, Task.due_at < end)
    return list(session.scalars(q))


def _close(session: Session, user: User, task_id: int, status: str, now: datetime | None) -> Task:
    task = _writable(session, user, task_id)
    if task.status != "open":
        raise TaskError(f"task {task_id} is already {task.status}")
    task.status = status
    task.completed_at = now or datetime.now(UTC)
    drop_ladder(session, task.id)
    _audit(session, user, task, "status", "open", status, None)
    return task


def _writable(session: Session, user: User, task_id: int) -> Task:
    task = get_task(session, user, task_id)
    if not can_write(user, task.assignee_id):
        raise AccessDenied(f"task {task_id} is not {user.name}'s")
    return task


def _check_aware(when: datetime) -> None:
    if when.tzinfo is None:
        raise TaskError("due time must carry a zone (UTC)")


def _audit(
    session: Session, user: User, task: Task, field: str, old: str | None, new: str | None, source: str | None
) -> None:
    session.add(
        AuditEntry(
            entity="task",
            entity_id=task.id,
            field=field,
            old_value=old,
            new_value=new,
            user_id=user.id,
            source_message_id=source,
        )
    )


def drop_ladder(session: Session, task_id: int) -> None:
    """Forget the steps of a task that have not fired yet (done, cancelled or moved)."""
    session.execute(
        delete(ReminderStep)
        .where(ReminderStep.task_id == task_id, ReminderStep.status == "planned")
        .execution_options(synchronize_session=False)
    )
