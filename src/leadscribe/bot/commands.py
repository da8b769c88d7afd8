"""Rep commands in Chinese and English: today, done, reschedule, find, undo, help."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..crm.access import AccessDenied, customers_query
from ..crm.capture import follow_up_due
from ..crm.known import gazetteer_for
from ..crm.models import Contact, Customer, Draft, Task, User
from ..crm.tasks import TaskError, complete_task, reschedule_task, tasks_for
from ..crm.undo import undo_message
from ..nlp.read import read_follow_up
from .i18n import say, stage_label

WORDS = {
    "today": ("今天", "今日", "待办", "today", "tasks"),
    "done": ("完成", "done"),
    "reschedule": ("改期", "reschedule"),
    "find": ("查", "查找", "find", "search"),
    "undo": ("撤销", "undo"),
    "help": ("帮助", "help", "start", "?", "？"),
}
_ALL = sorted((w for ws in WORDS.values() for w in ws), key=len, reverse=True)
COMMAND = re.compile(
    rf"^\s*/?(?P<word>{'|'.join(re.escape(w) for w in _ALL)})(?:\s+|$|(?=\d))(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Command:
    name: str
    rest: str


def parse_command(text: str) -> Command | None:
    m = COMMAND.match(text.strip())
    if not m:
        return None
    word = m.group("word").lower()
    name = next(n for n, ws in WORDS.items() if word in (w.lower() for w in ws))
    rest = m.group("rest").strip()
    if name in ("today", "help", "undo") and rest:
        return None  # "今天下午拜访了…" is a note, not a command
    return Command(name, rest)


def _local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%m-%d %H:%M")


def numbered_tasks(session: Session, user: User, now: datetime) -> list[Task]:
    """The rep's own open tasks by due time (overdue first): the numbers `完成 N` and `改期 N` refer to, the same
    in every view (today, tomorrow, this week)."""
    return sorted((t for t in tasks_for(session, user) if t.assignee_id == user.id), key=lambda t: (t.due_at, t.id))


PERIOD_HEAD = {"overdue": "overdue_head", "today": "today_head", "tomorrow": "tomorrow_head", "week": "week_head"}


def tasks(session: Session, user: User, now: datetime, period: str = "today") -> str:
    """The rep's tasks of a period, numbered as `numbered_tasks`: today shows what is overdue too."""
    zone = ZoneInfo(user.tz)
    today_date = now.astimezone(zone).date()
    week_end = today_date + timedelta(days=6 - today_date.weekday())
    groups: dict[str, list[tuple[int, Task]]] = {}
    for n, t in enumerate(numbered_tasks(session, user, now), 1):
        day = t.due_at.astimezone(zone).date()
        kind = "overdue" if day < today_date else "today" if day == today_date else None
        if kind is None:
            kind = "tomorrow" if day == today_date + timedelta(days=1) else "week" if day <= week_end else "later"
        wanted = {
            "today": ("overdue", "today"),
            "overdue": ("overdue",),
            "tomorrow": ("tomorrow",),
            "week": ("overdue", "today", "tomorrow", "week"),
        }.get(period, ("overdue", "today"))
        if kind in wanted:
            groups.setdefault(kind, []).append((n, t))
    if not groups:
        return say(user.language, f"{period}_none" if period in PERIOD_HEAD else "today_none")
    lines: list[str] = []
    for kind in ("overdue", "today", "tomorrow", "week"):
        if kind in groups:
            lines.append(say(user.language, PERIOD_HEAD[kind]))
            for n, t in groups[kind]:
                lines.append(say(user.language, "task_item", n=n, title=t.title, due=_local(t.due_at, user.tz)))
    return "\n".join(lines)


def today(session: Session, user: User, now: datetime) -> str:
    return tasks(session, user, now, "today")


def customers(session: Session, user: User, limit: int = 20) -> str:
    """The rep's customers, most recently active first, with their latest deal's stage."""
    found = session.scalars(
        customers_query(session, user).order_by(None).order_by(Customer.last_interaction_at.desc()).limit(limit)
    ).all()
    if not found:
        return say(user.language, "customers_none")
    lines = [say(user.language, "customers_head", n=len(found))]
    for c in found:
        lead = c.leads[-1] if c.leads else None
        stage = stage_label(user.language, lead.stage) if lead else ""
        name = c.company or next((k.name for k in c.contacts if k.name), None) or "-"
        lines.append(f"· {name}  {(lead.need or '') if lead else ''} {stage}".rstrip())
    return "\n".join(lines)


def _pick(session: Session, user: User, rest: str, now: datetime) -> tuple[Task | None, str, str]:
    m = re.match(r"^(\d+)\s*(.*)$", rest)
    n = int(m.group(1)) if m else 1
    tasks = numbered_tasks(session, user, now)
    task = tasks[n - 1] if 0 < n <= len(tasks) else None
    return task, str(n), (m.group(2) if m else rest)


def done(session: Session, user: User, rest: str, now: datetime) -> str:
    task, n, _ = _pick(session, user, rest, now)
    if task is None:
        return say(user.language, "task_missing", n=n)
    try:
        complete_task(session, user, task.id, now=now)
    except (TaskError, AccessDenied) as exc:
        return say(user.language, "task_error", n=n, reason=str(exc))
    return say(user.language, "done", title=task.title)


def reschedule(session: Session, user: User, rest: str, now: datetime, workday_end: time) -> str:
    task, n, when = _pick(session, user, rest, now)
    if task is None:
        return say(user.language, "task_missing", n=n)
    found = read_follow_up(when, now, user.tz) if when else None
    if found is None:
        return say(user.language, "when_missing")
    due, all_day = follow_up_due(found, user.tz, workday_end)
    try:
        reschedule_task(session, user, task.id, due, all_day, now=now)
    except (TaskError, AccessDenied) as exc:
        return say(user.language, "task_error", n=n, reason=str(exc))
    return say(user.language, "rescheduled", title=task.title, due=_local(due, user.tz))


def find(session: Session, user: User, query: str) -> str:
    if not query:
        return say(user.language, "find_none", query="")
    # `查 %` and `查 _` look for those characters, not for everything
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matching = select(Contact.customer_id).where(Contact.name.ilike(like, escape="\\"))
    # the names the rep uses for a customer (short forms, aliases) find it too
    known = {i for m in gazetteer_for(session, user).find(query) for i in m.customer_ids}
    q = customers_query(session, user).where(
        or_(Customer.company.ilike(like, escape="\\"), Customer.id.in_(matching), Customer.id.in_(known))
    )
    found = session.scalars(q.limit(10)).all()
    if not found:
        return say(user.language, "find_none", query=query)
    lines = [say(user.language, "find_head")]
    for c in found:
        lead = c.leads[-1] if c.leads else None
        stage = stage_label(user.language, lead.stage) if lead else None
        lead_text = "" if lead is None else " ".join(x for x in (lead.need, stage) if x)
        contacts = "、".join(f"{k.name or ''} {'/'.join(k.phones or [])}".strip() for k in c.contacts)
        lines.append(
            say(
                user.language,
                "find_item",
                company=c.company or "-",
                contacts=contacts or "-",
                lead=lead_text or "-",
            )
        )
    return "\n".join(lines)


def undo(session: Session, user: User) -> tuple[str, Draft | None]:
    """Undo the rep's last confirmation, and only that one: after an undo, another 撤销 undoes nothing."""
    draft = session.scalar(
        select(Draft)
        .where(Draft.user_id == user.id, Draft.status.in_(("confirmed", "undone")))
        .order_by(Draft.confirmed_at.desc(), Draft.id.desc())
        .limit(1)
    )
    if draft is None or draft.status == "undone":
        return say(user.language, "undo_none"), None
    undo_message(session, user, draft_source(draft))
    draft.status = "undone"
    summary = " ".join(
        str(draft.fields.get(k, {}).get("value")) for k in ("company", "contact_name") if draft.fields.get(k)
    )
    return say(user.language, "undone", summary=summary or f"#{draft.id}"), draft


def draft_source(draft: Draft) -> str:
    """The audit source id of what a draft's confirmation wrote: the platform message it came from."""
    return str((draft.fields.get("_meta") or {}).get("source") or f"draft:{draft.id}")
