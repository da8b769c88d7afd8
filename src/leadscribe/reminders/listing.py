"""What `leadscribe reminders list` shows: every planned step, in UTC and in the recipient's zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..crm.access import readable_owner_ids
from ..crm.models import Task, User
from ..crm.models_reminders import ReminderStep
from ..crm.users import preferred_channel
from .ladder import plan_pending
from .policy import PolicyBook


def planned_steps(
    session: Session, book: PolicyBook, now: datetime, viewer: User | None = None
) -> list[dict[str, Any]]:
    """Planned steps (tasks made elsewhere, e.g. by a capture, are planned first), soonest first."""
    while plan_pending(session, book, now):
        pass
    q = (
        select(ReminderStep, Task, User)
        .join(Task, Task.id == ReminderStep.task_id)
        .join(User, User.id == ReminderStep.recipient_id)
        .where(ReminderStep.status == "planned", Task.status == "open")
        .order_by(ReminderStep.fire_at, ReminderStep.id)
    )
    if viewer is not None:
        owners = readable_owner_ids(session, viewer)
        if owners is not None:
            q = q.where((Task.assignee_id.in_(owners)) | (ReminderStep.recipient_id == viewer.id))
    out = []
    for step, task, recipient in session.execute(q):
        local = step.fire_at.astimezone(ZoneInfo(recipient.tz))
        out.append(
            {
                "task_id": task.id,
                "title": task.title,
                "step": step.step,
                "channel": "sms" if step.channel == "sms" else preferred_channel(recipient),
                "recipient": recipient.name,
                "at_utc": step.fire_at.isoformat(),
                "at_local": local.isoformat(),
                "tz": recipient.tz,
                "deferred": step.fire_at != step.nominal_at,
                "key": step.key,
            }
        )
    return out
