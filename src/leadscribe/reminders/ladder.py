"""Planning a task's ladder into `reminder_steps` rows, and dropping it when the task changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, exists, insert, select
from sqlalchemy.orm import Session

from ..crm.models import Task, User
from ..crm.models_reminders import ReminderStep
from ..crm.tasks import drop_ladder
from .policy import Policy, PolicyBook, StepRule


def step_key(task: Task, step: str) -> str:
    """The outbox key of a step: a new revision (reschedule) gives new keys."""
    return f"task:{task.id}:r{task.revision}:{step}"


def find_store_manager(session: Session, user: User) -> User | None:
    """The first store manager up the manager chain, else one in the same team."""
    seen: set[int] = set()
    boss = user.manager
    while boss is not None and boss.id not in seen:
        if boss.role == "store_manager" and boss.active:
            return boss
        seen.add(boss.id)
        boss = boss.manager
    if user.team:
        return session.scalar(
            select(User)
            .where(User.team == user.team, User.role == "store_manager", User.active.is_(True))
            .order_by(User.id)
            .limit(1)
        )
    return None


def recipient_for(session: Session, rule: StepRule, assignee: User) -> User | None:
    if rule.to == "assignee":
        return assignee
    if rule.to == "manager":
        return assignee.manager
    return find_store_manager(session, assignee)


def nominal_time(rule: StepRule, task: Task, assignee: User, policy: Policy) -> datetime:
    """Where the ladder puts a step, before quiet hours are applied."""
    if rule.at == "due":
        return task.due_at + rule.offset
    # End of the working day on which the task is due; a task due after that hour (or on a
    # weekend) is reported at the end of the next working day.
    zone = ZoneInfo(assignee.tz)
    local = task.due_at.astimezone(zone)
    end = policy.workday_end_on(local)
    while end < local or end.weekday() in policy.weekend:
        end = datetime.combine(end.date() + timedelta(days=1), policy.workday_end, tzinfo=zone)
    return end.astimezone(task.due_at.tzinfo) + rule.offset


def fire_time(nominal: datetime, channel: str, recipient: User, book: PolicyBook) -> datetime:
    policy = book.for_team(recipient.team)
    if channel in policy.quiet_channels:
        return policy.next_allowed(nominal, recipient.tz)
    return nominal


def plan_task(session: Session, task: Task, book: PolicyBook, now: datetime) -> list[ReminderStep]:
    """Replace the task's planned steps by those of its current revision."""
    drop_ladder(session, task.id)
    if task.status != "open":
        return []
    existing = set(session.scalars(select(ReminderStep.key).where(ReminderStep.task_id == task.id)))
    rows = [ReminderStep(**r) for r in draw_ladder(session, task, book, now, {}) if r["key"] not in existing]
    session.add_all(rows)
    session.flush()
    return rows


def draw_ladder(
    session: Session, task: Task, book: PolicyBook, now: datetime, store_managers: dict[int, User | None]
) -> list[dict[str, Any]]:
    """The rows (column values) of a task's ladder for its current revision.

    Steps whose time falls before the ladder was drawn (the task was created or moved inside
    the window) are kept as skipped, so the task counts as planned and nothing fires for them."""
    assignee = task.assignee
    policy = book.for_team(assignee.team)
    drawn_at = task.created_at if task.revision == 1 and task.created_at else now
    rows: list[dict[str, Any]] = []
    for rule in policy.steps:
        if rule.to == "store_manager":
            if assignee.id not in store_managers:
                store_managers[assignee.id] = find_store_manager(session, assignee)
            recipient = store_managers[assignee.id]
        else:
            recipient = recipient_for(session, rule, assignee)
        if recipient is None or not recipient.active:
            continue
        nominal = nominal_time(rule, task, assignee, policy)
        rows.append(
            dict(
                key=step_key(task, rule.name),
                task_id=task.id,
                revision=task.revision,
                step=rule.name,
                channel=rule.channel,
                recipient_id=recipient.id,
                nominal_at=nominal,
                fire_at=fire_time(nominal, rule.channel, recipient, book),
                status="planned" if nominal >= drawn_at else "skipped",
                created_at=now,
            )
        )
    if not rows:  # a sentinel, so a task with no rung is not planned again on every tick
        rows.append(
            dict(
                key=step_key(task, "none"),
                task_id=task.id,
                revision=task.revision,
                step="none",
                channel="none",
                recipient_id=None,
                nominal_at=task.due_at,
                fire_at=task.due_at,
                status="skipped",
                created_at=now,
            )
        )
    return rows


def plan_pending(session: Session, book: PolicyBook, now: datetime, limit: int = 5000) -> int:
    """Plan open tasks whose current revision has no ladder yet (e.g. made by a capture), in bulk,
    the soonest due first so a large backlog (an upgrade, an import) delays the urgent ones least."""
    has_plan = exists().where(and_(ReminderStep.task_id == Task.id, ReminderStep.revision == Task.revision))
    tasks = session.scalars(
        select(Task).where(Task.status == "open", ~has_plan).order_by(Task.due_at, Task.id).limit(limit)
    ).all()
    if not tasks:
        return 0
    ids = [t.id for t in tasks]
    # Any planned rows left belong to older revisions (moved elsewhere): retire them.
    session.execute(
        delete(ReminderStep)
        .where(ReminderStep.task_id.in_(ids), ReminderStep.status == "planned")
        .execution_options(synchronize_session=False)
    )
    # Load the people once; manager chains then resolve from the identity map.
    session.scalars(select(User).where(User.id.in_({t.assignee_id for t in tasks}))).all()
    store_managers: dict[int, User | None] = {}
    rows: list[dict[str, Any]] = []
    with session.no_autoflush:
        for task in tasks:
            rows += draw_ladder(session, task, book, now, store_managers)
    # One Core executemany (pipelined by psycopg): planning 100,000 tasks must not take many minutes.
    table = ReminderStep.__table__
    session.connection().execute(insert(table), rows)
    return len(tasks)
