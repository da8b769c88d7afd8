"""The 08:00 morning briefing: a rep's top to-dos, overdue follow-ups, at-risk customers and
yesterday's wins; a manager also gets their team's summary. Built in bulk, per time zone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..crm.access import team_ids
from ..crm.models import AuditEntry, Customer, Lead, Task, User
from .policy import PolicyBook
from .texts import say

CHUNK = 500
TOP_N = 3
LIST_N = 5


@dataclass(frozen=True)
class TaskLine:
    task_id: int
    title: str
    due_local: datetime
    all_day: bool
    value: int | None


@dataclass
class Digest:
    """What one person's own pipeline looks like on a given morning."""

    today: list[TaskLine] = field(default_factory=list)
    overdue: list[TaskLine] = field(default_factory=list)
    at_risk: list[str] = field(default_factory=list)
    wins: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    user_id: int
    name: str
    language: str
    day: date
    at: datetime  # the instant it is due, UTC
    own: Digest
    team: dict[str, Digest] | None = None  # member name -> digest, for managers

    @property
    def title(self) -> str:
        return say(self.language, "briefing_title", name=self.name, date=self.day.isoformat())

    def text(self) -> str:
        lang, own = self.language, self.own
        lines = [self.title, say(lang, "top") if own.today else say(lang, "none")]
        for n, t in enumerate(top_todos(own.today), 1):
            clock = say(lang, "all_day") if t.all_day else t.due_local.strftime("%H:%M")
            value = say(lang, "value", amount=f"{t.value:,}") if t.value else ""
            lines.append(say(lang, "top_line", n=n, time=clock, title=t.title, value=value))
        if own.overdue:
            lines.append(say(lang, "overdue_head", n=len(own.overdue)))
            lines += [f"  {t.due_local:%m-%d %H:%M} {t.title}" for t in own.overdue[:LIST_N]]
        for names, head in ((own.at_risk, "at_risk_head"), (own.wins, "wins_head"), (own.losses, "losses_head")):
            if names:
                lines.append(say(lang, head, n=len(names)))
                lines += [f"  {name}" for name in names[:LIST_N]]
        if self.team:
            digests = self.team.values()
            lines.append(
                say(
                    lang,
                    "team_head",
                    due=sum(len(d.today) for d in digests),
                    overdue=sum(len(d.overdue) for d in digests),
                    at_risk=sum(len(d.at_risk) for d in digests),
                    wins=sum(len(d.wins) for d in digests),
                    losses=sum(len(d.losses) for d in digests),
                )
            )
            for rep, d in sorted(self.team.items()):
                lines.append(
                    say(
                        lang,
                        "team_line",
                        rep=rep,
                        due=len(d.today),
                        overdue=len(d.overdue),
                        at_risk=len(d.at_risk),
                        wins=len(d.wins),
                        losses=len(d.losses),
                    )
                )
        return "\n".join(lines)


def top_todos(today: list[TaskLine]) -> list[TaskLine]:
    """Earliest first; among tasks due at the same time (all-day ones), the bigger deal first."""
    return sorted(today, key=lambda t: (t.due_local, -(t.value or 0), t.task_id))[:TOP_N]


def briefing_instant(user: User, day: date, book: PolicyBook) -> datetime:
    policy = book.for_team(user.team)
    return datetime.combine(day, policy.briefing_time, tzinfo=ZoneInfo(user.tz))


def build_briefings(session: Session, users: list[User], day: date, book: PolicyBook) -> list[Briefing]:
    """Briefings of `users` for the local `day`, with a few queries per time zone and chunk."""
    by_zone: dict[tuple[str, time], list[User]] = defaultdict(list)
    for u in users:
        by_zone[(u.tz, book.for_team(u.team).briefing_time)].append(u)
    out: list[Briefing] = []
    for (tz, at), group in by_zone.items():
        instant = datetime.combine(day, at, tzinfo=ZoneInfo(tz))
        for i in range(0, len(group), CHUNK):
            chunk = group[i : i + CHUNK]
            digests = collect_digests(session, [u.id for u in chunk], day, instant)
            for u in chunk:
                team = None
                if u.role != "rep":
                    team = team_digests(session, u, day, book)
                out.append(
                    Briefing(
                        u.id,
                        u.name,
                        u.language or "zh",
                        day,
                        instant.astimezone(ZoneInfo("UTC")),
                        digests[u.id],
                        team,
                    )
                )
    return out


def team_digests(session: Session, manager: User, day: date, book: PolicyBook) -> dict[str, Digest] | None:
    """Each member's digest on their own local `day` and briefing time (teams can span zones)."""
    members = session.scalars(select(User).where(User.id.in_(team_ids(session, manager) - {manager.id}))).all()
    if not members:
        return None
    zones: dict[tuple[str, time], list[User]] = defaultdict(list)
    for m in members:
        zones[(m.tz, book.for_team(m.team).briefing_time)].append(m)
    out: dict[str, Digest] = {}
    for (tz, at), group in zones.items():
        digests = collect_digests(session, [m.id for m in group], day, datetime.combine(day, at, tzinfo=ZoneInfo(tz)))
        out.update({m.name: digests[m.id] for m in group})
    return out


def collect_digests(session: Session, user_ids: list[int], day: date, instant: datetime) -> dict[int, Digest]:
    """Digests for many users on the morning `instant` (aware, in their zone) of `day`."""
    zone = instant.tzinfo
    start = datetime.combine(day, time(0), tzinfo=zone)
    # Midnight-to-midnight in the zone, even across a DST change (23- or 25-hour days).
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    yesterday = datetime.combine(day - timedelta(days=1), time(0), tzinfo=zone)
    out = {uid: Digest() for uid in user_ids}
    for i in range(0, len(user_ids), CHUNK):
        ids = user_ids[i : i + CHUNK]
        rows = session.execute(
            select(
                Task.id,
                Task.title,
                Task.due_at,
                Task.all_day,
                Task.assignee_id,
                Lead.budget_max,
                Lead.budget_min,
            )
            .outerjoin(Lead, Lead.id == Task.lead_id)
            .where(Task.assignee_id.in_(ids), Task.status == "open", Task.due_at < end)
            .order_by(Task.due_at)
        ).all()
        for tid, title, due, all_day, uid, bmax, bmin in rows:
            line = TaskLine(tid, title, due.astimezone(zone), all_day, bmax or bmin)
            (out[uid].overdue if due < instant else out[uid].today).append(line)
        for uid, company in session.execute(
            select(Customer.owner_id, Customer.company)
            .where(Customer.owner_id.in_(ids), Customer.at_risk.is_(True))
            .order_by(Customer.last_interaction_at)
        ):
            out[uid].at_risk.append(company or "?")
        # a deal closed yesterday: its stage change time, else (older rows) its audited stage change
        closed_by_audit = (
            select(AuditEntry.entity_id, AuditEntry.new_value)
            .where(AuditEntry.entity == "lead", AuditEntry.field == "stage")
            .where(AuditEntry.at >= yesterday, AuditEntry.at < start)
        )
        audited = {(lid, str(v).strip('"')) for lid, v in session.execute(closed_by_audit)}
        any_stage_audit = select(AuditEntry.entity_id).where(AuditEntry.entity == "lead", AuditEntry.field == "stage")
        seen: set[int] = set()
        for lid, uid, company, stage, changed, updated, unaudited in session.execute(
            select(
                Lead.id,
                Lead.owner_id,
                Customer.company,
                Lead.stage,
                Lead.stage_changed_at,
                Lead.updated_at,
                Lead.id.not_in(any_stage_audit),
            )
            .join(Customer, Customer.id == Lead.customer_id)
            .where(Lead.owner_id.in_(ids), Lead.stage.in_(("won", "lost")))
            .order_by(Lead.id)
        ):
            if changed is not None:
                closed = yesterday <= changed < start
            else:
                closed = (lid, stage) in audited or (bool(unaudited) and yesterday <= updated < start)
            if closed and lid not in seen:
                seen.add(lid)
                (out[uid].wins if stage == "won" else out[uid].losses).append(company or f"#{lid}")
    return out


def briefing_for(session: Session, user: User, day: date, book: PolicyBook) -> Briefing:
    return build_briefings(session, [user], day, book)[0]
