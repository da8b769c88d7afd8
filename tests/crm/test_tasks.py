"""The task service: each change to a task changes its planned ladder in the same transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from leadscribe.crm.access import AccessDenied
from leadscribe.crm.models import AuditEntry, Customer, Lead, User
from leadscribe.crm.models_reminders import ReminderStep
from leadscribe.crm.tasks import TaskError, add_task, cancel_task, complete_task, reschedule_task, tasks_for
from leadscribe.crm.users import add_user
from leadscribe.reminders.ladder import plan_pending
from leadscribe.reminders.policy import load_policy_book

NOW = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


@pytest.fixture
def people(db):
    with db.session() as s:
        add_user(s, "Boss", role="manager", telegram="b")
        add_user(s, "Rep", manager="Boss", telegram="r", phone="1")
        add_user(s, "Other", manager="Boss", tz="America/Los_Angeles")
    return db


def planned(s, task_id: int) -> list[tuple[str, int]]:
    return [
        (st.step, st.revision)
        for st in s.scalars(
            select(ReminderStep)
            .where(ReminderStep.task_id == task_id, ReminderStep.status == "planned")
            .order_by(ReminderStep.id)
        )
    ]


def user(s, name: str) -> User:
    return s.scalar(select(User).where(User.name == name))


def test_an_added_task_is_planned_by_the_reminder_engine(people):
    book = load_policy_book()
    with people.session() as s:
        t = add_task(s, user(s, "Rep"), "  call  ", NOW + timedelta(hours=5), now=NOW)
        assert t.title == "call" and t.revision == 1
        assert planned(s, t.id) == []  # crm plans nothing itself: one planner, the engine's
        assert plan_pending(s, book, NOW) == 1
        # No store manager anywhere: the end-of-day rung has nobody to go to.
        assert planned(s, t.id) == [("before", 1), ("overdue_sms", 1), ("overdue_manager", 1)]


def test_complete_and_cancel_drop_pending_rungs(people):
    with people.session() as s:
        rep = user(s, "Rep")
        a = add_task(s, rep, "a", NOW + timedelta(hours=5), now=NOW)
        b = add_task(s, rep, "b", NOW + timedelta(hours=5), now=NOW)
        plan_pending(s, load_policy_book(), NOW)
        assert planned(s, a.id) and planned(s, b.id)
        complete_task(s, rep, a.id, now=NOW)
        cancel_task(s, rep, b.id, now=NOW)
        assert planned(s, a.id) == [] and planned(s, b.id) == []
        assert (a.status, b.status) == ("done", "cancelled") and a.completed_at == NOW
        with pytest.raises(TaskError):
            complete_task(s, rep, a.id)
        assert (
            s.scalar(
                select(AuditEntry).where(
                    AuditEntry.entity == "task", AuditEntry.field == "status", AuditEntry.entity_id == a.id
                )
            ).new_value
            == "done"
        )


def test_reschedule_bumps_revision_and_replans(people):
    with people.session() as s:
        rep = user(s, "Rep")
        t = add_task(s, rep, "a", NOW + timedelta(hours=5), now=NOW)
        plan_pending(s, load_policy_book(), NOW)
        reschedule_task(s, rep, t.id, NOW + timedelta(days=1), now=NOW)
        assert planned(s, t.id) == []  # the first revision's unfired rungs are dropped with the move
        plan_pending(s, load_policy_book(), NOW)
        assert t.revision == 2 and {r for _, r in planned(s, t.id)} == {2}
        before = s.scalar(select(ReminderStep).where(ReminderStep.key == f"task:{t.id}:r2:before"))
        assert before.fire_at == NOW + timedelta(days=1, minutes=-60)


def test_only_the_assignee_changes_a_task(people):
    with people.session() as s:
        t = add_task(s, user(s, "Rep"), "a", NOW + timedelta(hours=5), now=NOW)
        with pytest.raises(AccessDenied):
            complete_task(s, user(s, "Other"), t.id)
        with pytest.raises(AccessDenied):  # a manager reads the team's tasks but does not tick them off
            complete_task(s, user(s, "Boss"), t.id)


def test_bad_input(people):
    with people.session() as s:
        rep = user(s, "Rep")
        with pytest.raises(TaskError):
            add_task(s, rep, " ", NOW)
        with pytest.raises(TaskError):
            add_task(s, rep, "x", datetime(2026, 11, 24, 9, 0))
        other = user(s, "Other")
        c = Customer(owner_id=other.id, company="X")
        s.add(c)
        s.flush()
        lead = Lead(customer_id=c.id, owner_id=other.id)
        s.add(lead)
        s.flush()
        with pytest.raises(AccessDenied):
            add_task(s, rep, "x", NOW, lead_id=lead.id)


def test_tasks_for_a_local_day(people):
    la = ZoneInfo("America/Los_Angeles")
    with people.session() as s:
        other = user(s, "Other")
        add_task(s, other, "late evening", datetime(2026, 11, 24, 23, 30, tzinfo=la).astimezone(UTC), now=NOW)
        add_task(s, other, "next morning", datetime(2026, 11, 25, 0, 30, tzinfo=la).astimezone(UTC), now=NOW)
        assert [t.title for t in tasks_for(s, other, date(2026, 11, 24))] == ["late evening"]
        assert [t.title for t in tasks_for(s, user(s, "Boss"))] == ["late evening", "next morning"]
        assert tasks_for(s, user(s, "Rep")) == []
