"""`leadscribe reminders list`, `leadscribe briefing` and `leadscribe scheduler`."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any

import typer

from .app import app, reminders_app
from .common import database, fail, print_json, require_user, settings

log = logging.getLogger(__name__)


@reminders_app.command("list")
def reminders_list(
    user: Annotated[str | None, typer.Option("--user", help="Steps this user may see or receives.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Every planned reminder step: task, step, channel, recipient, time in UTC and local."""
    from ..reminders.listing import planned_steps
    from ..wiring import build_policy

    with database().session() as s:
        viewer = require_user(s, user) if user else None
        rows = planned_steps(s, build_policy(settings()), datetime.now(UTC), viewer)
    if as_json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(
            f"#{r['task_id']:<5} {r['step']:<16} {r['channel']:<9} {r['recipient']:<12} "
            f"{r['at_local'][:16]} ({r['tz']})  {r['title']}"
        )


@app.command("briefing")
def briefing(
    user: Annotated[str, typer.Option("--user", help="Whose morning briefing.")],
    day: Annotated[str | None, typer.Option("--date", help="Local day, YYYY-MM-DD (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON with title and text.")] = False,
) -> None:
    """Print a user's morning briefing as it is (or was) sent at 08:00 their time."""
    from zoneinfo import ZoneInfo

    from ..reminders.briefing import briefing_for
    from ..wiring import build_policy

    with database().session() as s:
        u = require_user(s, user)
        try:
            when = date.fromisoformat(day) if day else datetime.now(ZoneInfo(u.tz)).date()
        except ValueError:
            fail(f"bad --date {day!r}: use YYYY-MM-DD")
        b = briefing_for(s, u, when, build_policy(settings()))
    if as_json:
        print_json(
            {
                "user": b.name,
                "date": b.day.isoformat(),
                "at": b.at.isoformat(),
                "title": b.title,
                "text": b.text(),
            }
        )
        return
    typer.echo(b.text())


class LogChannel:
    """Console users have no push channel; the standalone scheduler prints their reminders."""

    name = "console"

    async def send(self, reply: Any, context: Mapping[str, str] | None = None) -> None:
        typer.echo(f"[{reply.chat_id}] {reply.text}")

    async def fetch_media(self, event: Any) -> bytes:
        raise NotImplementedError


def scheduler_channels() -> dict[str, Any]:
    """The configured chat channels, plus the console (its users' reminders are printed here)."""
    from ..wiring import build_channels

    return {"console": LogChannel(), **build_channels(settings())}


@app.command("scheduler")
def scheduler(
    tick: Annotated[float, typer.Option("--tick", help="Seconds between steady ticks.")] = 30.0,
) -> None:
    """Run reminders, escalations and briefings in this process (one leader per database)."""
    from ..wiring import build_scheduler

    if not settings().scheduler_enabled:
        fail("the scheduler is disabled (LEADSCRIBE_SCHEDULER_ENABLED=false)")

    async def run() -> None:
        db = database()
        handle = await build_scheduler(settings(), db, scheduler_channels(), tick_seconds=tick)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        typer.echo(f"scheduler started ({'leading' if handle.leading else 'standing by'}); Ctrl-C stops", err=True)
        await stop.wait()
        await handle.stop()

    logging.getLogger("leadscribe").setLevel(logging.INFO)
    asyncio.run(run())
