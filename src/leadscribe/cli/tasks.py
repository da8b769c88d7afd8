"""`leadscribe tasks add|list|done|cancel|move`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .app import tasks_app
from .common import database, fail, print_json, require_user, settings

if TYPE_CHECKING:
    from ..crm.models import Task, User


def parse_due(value: str, user: User) -> tuple[datetime, bool]:
    """ISO with an offset is taken as is; without one it is the user's local time; a bare date is all-day,
    due when the user's team policy ends the working day."""
    from ..crm.capture import follow_up_due
    from ..wiring import build_policy

    tz = user.tz
    try:
        if len(value) == 10:
            return follow_up_due(value, tz, build_policy(settings()).for_team(user.team).workday_end)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"bad --due {value!r}: use ISO like 2026-11-23T15:00, 2026-11-23T15:00+08:00 or 2026-11-23")
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC), False
    return follow_up_due(parsed.strftime("%Y-%m-%dT%H:%M"), tz)[0], False


def task_dict(task: Task) -> dict[str, Any]:
    from zoneinfo import ZoneInfo

    tz = task.assignee.tz
    return {
        "id": task.id,
        "title": task.title,
        "assignee": task.assignee.name,
        "status": task.status,
        "due_utc": task.due_at.isoformat(),
        "due_local": task.due_at.astimezone(ZoneInfo(tz)).isoformat(),
        "all_day": task.all_day,
        "lead_id": task.lead_id,
        "revision": task.revision,
    }


@tasks_app.command("add")
def tasks_add(
    user: Annotated[str, typer.Option("--user", help="Whose task.")],
    title: Annotated[str, typer.Option("--title", help="What to do.")],
    due: Annotated[str, typer.Option("--due", help="ISO time; without offset, the user's local time.")],
    lead: Annotated[int | None, typer.Option("--lead", help="Lead id it belongs to.")] = None,
) -> None:
    """Add a task; its reminder ladder is planned at once."""
    from ..crm.access import AccessDenied
    from ..crm.tasks import TaskError, add_task

    with database().session() as s:
        u = require_user(s, user)
        due_utc, all_day = parse_due(due, u)
        try:
            task = add_task(s, u, title, due_utc, all_day=all_day, lead_id=lead)
        except (TaskError, AccessDenied) as exc:
            fail(str(exc))
        print_json(task_dict(task))


@tasks_app.command("list")
def tasks_list(
    user: Annotated[str | None, typer.Option("--user", help="Only what this user may see.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="Only tasks due that local day.")] = None,
    closed: Annotated[bool, typer.Option("--all", help="Include done and cancelled.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List tasks (open ones by default), soonest first."""
    from sqlalchemy import select

    from ..crm.models import Task
    from ..crm.tasks import tasks_for

    with database().session() as s:
        if user:
            u = require_user(s, user)
            tasks = tasks_for(s, u, date.fromisoformat(day) if day else None, include_closed=closed)
        else:
            q = select(Task).order_by(Task.due_at)
            tasks = list(s.scalars(q if closed else q.where(Task.status == "open")))
        rows = [task_dict(t) for t in tasks]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(f"#{r['id']:<5} {r['due_local'][:16]}  {r['assignee']:<12} {r['status']:<9} {r['title']}")


def _change(user: str, task_id: int, action: str, due: str | None = None) -> None:
    from ..crm.access import AccessDenied
    from ..crm.tasks import TaskError, cancel_task, complete_task, reschedule_task

    with database().session() as s:
        u = require_user(s, user)
        try:
            if action == "done":
                task = complete_task(s, u, task_id)
            elif action == "cancel":
                task = cancel_task(s, u, task_id)
            else:
                due_utc, all_day = parse_due(due or "", u)
                task = reschedule_task(s, u, task_id, due_utc, all_day)
        except (TaskError, AccessDenied) as exc:
            fail(str(exc))
        print_json(task_dict(task))


@tasks_app.command("done")
def tasks_done(
    task_id: Annotated[int, typer.Argument(help="Task id.")],
    user: Annotated[str, typer.Option("--user", help="Who is acting.")],
) -> None:
    """Mark a task done (its pending reminders stop)."""
    _change(user, task_id, "done")


@tasks_app.command("cancel")
def tasks_cancel(
    task_id: Annotated[int, typer.Argument(help="Task id.")],
    user: Annotated[str, typer.Option("--user", help="Who is acting.")],
) -> None:
    """Cancel a task (its pending reminders stop)."""
    _change(user, task_id, "cancel")


@tasks_app.command("move")
def tasks_move(
    task_id: Annotated[int, typer.Argument(help="Task id.")],
    user: Annotated[str, typer.Option("--user", help="Who is acting.")],
    due: Annotated[str, typer.Option("--due", help="New ISO time (local without offset).")],
) -> None:
    """Reschedule a task (its ladder moves)."""
    _change(user, task_id, "move", due)
