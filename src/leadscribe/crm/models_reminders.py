"""Tables the reminder engine owns: planned ladder steps and its watermarks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class ReminderStep(Base):
    """One planned rung of a task's ladder; `key` matches the outbox key it will be sent under."""

    __tablename__ = "reminder_steps"
    __table_args__ = (
        Index("ix_reminder_steps_status_fire_at", "status", "fire_at"),
        Index("ix_reminder_steps_task_id_revision", "task_id", "revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(10))  # "chat" or "sms"
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    nominal_at: Mapped[datetime] = mapped_column()  # where the ladder puts it
    fire_at: Mapped[datetime] = mapped_column()  # after quiet hours and weekends
    status: Mapped[str] = mapped_column(String(10), default="planned")  # planned, fired, skipped
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SchedulerMark(Base):
    """A named watermark ("sla", "briefing:<zone>:<HH:MM>"...): how far a periodic duty has run."""

    __tablename__ = "scheduler_marks"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    at: Mapped[datetime] = mapped_column()
