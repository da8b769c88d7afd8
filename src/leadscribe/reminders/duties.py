"""Periodic duties driven by watermarks: lead SLA escalations, at-risk customers, morning briefings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import Session

from ..bot.outbox import insert_outbox, outbox_row, queue_message
from ..crm.models import Customer, Lead, Note, Task, User
from ..crm.models_reminders import SchedulerMark
from .briefing import build_briefings
from .policy import PolicyBook
from .texts import say

FIRST_RUN_LOOKBACK = timedelta(days=7)  # how far back a brand-new database catches up
NOTE_SLACK = timedelta(minutes=1)  # a capture writes its own note with the lead; that is not a follow-up


def get_mark(session: Session, name: str, default: datetime) -> datetime:
    mark = session.get(SchedulerMark, name)
    return mark.at if mark is not None else default


def set_mark(session: Session, name: str, at: datetime) -> None:
    mark = session.get(SchedulerMark, name)
    if mark is None:
        session.add(SchedulerMark(name=name, at=at))
    else:
        mark.at = at


def _as_utc(value: datetime) -> datetime:
    # An aggregate loses the column type on SQLite: the value comes back naive (stored as UTC).
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def escalate_stale_leads(session: Session, book: PolicyBook, now: datetime) -> int:
    """Leads whose SLA deadline passed since the last run and that saw no follow-up: tell the manager."""
    slas = [p.lead_sla for p in (book.default, *book.teams.values())]
    since = get_mark(session, "lead_sla", now - FIRST_RUN_LOOKBACK)
    has_task = exists().where(and_(Task.lead_id == Lead.id, Task.status != "cancelled"))
    # Every team's window at once; each lead is then held to its own team's deadline below.
    leads = session.scalars(
        select(Lead)
        .where(Lead.created_at > since - max(slas), Lead.created_at <= now - min(slas))
        .where(Lead.stage == "new", ~has_task)
        .order_by(Lead.id)
    ).all()
    last_note = dict(
        session.execute(
            select(Note.lead_id, func.max(Note.created_at))
            .where(Note.lead_id.in_([lead.id for lead in leads]))
            .group_by(Note.lead_id)
        ).all()
    )
    leads = [
        lead
        for lead in leads
        if last_note.get(lead.id) is None or _as_utc(last_note[lead.id]) <= lead.created_at + NOTE_SLACK
    ]
    sent = 0
    for lead in leads:
        owner = session.get(User, lead.owner_id)
        boss = owner.manager if owner else None
        if owner is None or boss is None or not boss.active:
            continue
        policy = book.for_team(owner.team)
        deadline = lead.created_at + policy.lead_sla
        if not since < deadline <= now:
            continue  # not this run's: an earlier run had it, or a later one will
        company = lead.customer.company or say(boss.language, "unknown_company")
        text = say(
            boss.language,
            "sla",
            rep=owner.name,
            lead=lead.id,
            company=company,
            hours=int(policy.lead_sla.total_seconds() // 3600),
        )
        payload = {"text": text, "lead_id": lead.id, "fire_at": deadline.isoformat()}
        sent += queue_message(
            session, f"lead:{lead.id}:sla", boss, "chat", payload, now, now - deadline > policy.late_after
        )
    set_mark(session, "lead_sla", now)
    return sent


def flag_at_risk(session: Session, book: PolicyBook, now: datetime) -> None:
    """A customer silent for its team's `at_risk_days` becomes at-risk; heard from again, it is not."""
    named = list(book.teams)
    groups = [(book.default, User.team.is_(None) | User.team.not_in(named) if named else None)]
    groups += [(book.teams[t], User.team == t) for t in named]
    for policy, team_filter in groups:
        cutoff = now - policy.at_risk
        owners = select(User.id) if team_filter is None else select(User.id).where(team_filter)
        for becomes, silent in (
            (True, Customer.last_interaction_at < cutoff),
            (False, Customer.last_interaction_at >= cutoff),
        ):
            session.execute(
                update(Customer)
                .where(Customer.at_risk.is_(not becomes), silent, Customer.owner_id.in_(owners))
                .values(at_risk=becomes)
                .execution_options(synchronize_session=False)
            )


def briefing_groups(session: Session, book: PolicyBook) -> list[tuple[str, str | None]]:
    return [
        tuple(r)
        for r in session.execute(  # type: ignore[misc]
            select(User.tz, User.team).where(User.active.is_(True)).distinct()
        ).all()
    ]


def next_briefing_instant(tz: str, team: str | None, book: PolicyBook, after: datetime) -> datetime:
    """The first briefing time strictly after `after` in that zone, skipping the team's weekend."""
    policy, zone = book.for_team(team), ZoneInfo(tz)
    day = after.astimezone(zone).date()
    for i in range(15):
        at = datetime.combine(day + timedelta(days=i), policy.briefing_time, tzinfo=zone)
        if at > after and at.weekday() not in policy.weekend:
            return at
    return after + timedelta(days=1)


def latest_briefing_instant(tz: str, team: str | None, book: PolicyBook, now: datetime) -> datetime | None:
    """Today's briefing time in that zone if it has passed (and today is a working day)."""
    policy, zone = book.for_team(team), ZoneInfo(tz)
    at = datetime.combine(now.astimezone(zone).date(), policy.briefing_time, tzinfo=zone)
    return at if at <= now and at.weekday() not in policy.weekend else None


def queue_briefings(session: Session, book: PolicyBook, now: datetime) -> int:
    """Queue today's briefing for every (zone, team) whose 08:00 has come; only today's, never a backlog."""
    sent = 0
    for tz, team in briefing_groups(session, book):
        at = latest_briefing_instant(tz, team, book, now)
        name = f"briefing:{tz}:{team or ''}"
        if at is None or get_mark(session, name, at - timedelta(seconds=1)) >= at:
            continue
        users = session.scalars(
            select(User).where(
                User.active.is_(True),
                User.tz == tz,
                User.team.is_(None) if team is None else User.team == team,
            )
        ).all()
        late = now - at > book.for_team(team).late_after
        by_id = {u.id: u for u in users}
        rows = []
        for b in build_briefings(session, list(users), at.date(), book):
            payload = {
                "text": b.text(),
                "title": b.title,
                "briefing": b.day.isoformat(),
                "fire_at": at.isoformat(),
            }
            key = f"briefing:{b.user_id}:{b.day.isoformat()}"
            rows.append(outbox_row(key, by_id[b.user_id], "chat", payload, now, late))
        sent += insert_outbox(session, rows)
        set_mark(session, name, at)
    return sent
