"""`leadscribe replay SESSIONS.jsonl`: scripted rep sessions through the real conversation (docs/SESSIONS.md)."""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import app


@dataclass
class ReplayChannel:
    """The console channel for several users at once: keeps each user's replies and card buttons."""

    name: str = "console"
    buttons: dict[str, list[Any]] = field(default_factory=dict)
    said: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    async def send(self, reply: Any, context: Mapping[str, str] | None = None) -> None:
        self.said[reply.chat_id].append("\n".join(x for x in (reply.title, reply.text) if x))
        if reply.buttons:
            self.buttons[reply.chat_id] = list(reply.buttons)

    async def fetch_media(self, event: Any) -> bytes:
        return Path(event.media_ref or "").read_bytes()

    def event(self, user: str, text: str, at: datetime) -> Any:
        """What the console makes of a typed line: a button press when it names one of the user's buttons."""
        from ..ports import InboundEvent

        kind, payload = "text", text
        buttons = self.buttons.get(user, [])
        if text.isdigit() and 0 < int(text) <= len(buttons):
            kind, payload = "button", buttons[int(text) - 1].payload
        else:
            pressed = next((b for b in buttons if b.label.lower() == text.lower()), None)
            if pressed is not None:
                kind, payload = "button", pressed.payload
        return InboundEvent(
            channel="console",
            chat_id=user,
            sender_id=user,
            message_id=uuid.uuid4().hex,
            kind=kind,  # type: ignore[arg-type]
            text=payload,
            sent_at=at,
        )


def _turns(session: dict[str, Any]) -> list[dict[str, Any]]:
    user = session.get("user") or "小张"
    return [{"user": user, **(t if isinstance(t, dict) else {"text": t})} for t in session["turns"]]


async def play(session: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """One session in a fresh database: its replies per turn and the leads every user ends with."""
    from ..bot.dispatch import Dispatcher
    from ..crm.db import Database
    from ..crm.models import Lead
    from ..crm.seed import seed_demo
    from ..crm.views import lead_dict
    from ..wiring import build_conversation
    from .common import settings

    db = Database(f"sqlite:///{workdir / (uuid.uuid4().hex + '.db')}")
    db.upgrade()
    with db.session() as s:
        seed_demo(s)
    clock = [datetime.fromisoformat(session.get("start") or "2026-12-02T10:00:00+08:00")]
    channel = ReplayChannel()
    dispatcher = Dispatcher(db, {"console": channel}, build_conversation(settings()), clock=lambda: clock[0])
    turns = []
    try:
        for i, turn in enumerate(_turns(session)):
            if turn.get("at"):
                clock[0] = datetime.fromisoformat(turn["at"])
            elif i:
                clock[0] += timedelta(minutes=1)
            before = len(channel.said[turn["user"]])
            await dispatcher.handle_now(channel.event(turn["user"], str(turn["text"]), clock[0]))
            replies = channel.said[turn["user"]][before:]
            turns.append({"user": turn["user"], "text": turn["text"], "replies": replies})
        with db.session() as s:
            from sqlalchemy import select

            leads = [lead_dict(lead, lead.customer.owner.tz) for lead in s.scalars(select(Lead).order_by(Lead.id))]
    finally:
        db.dispose()
    return {"id": session.get("id"), "turns": turns, "leads": leads}


def read_sessions(path: Path) -> list[dict[str, Any]]:
    """The sessions of a JSONL file; ValueError naming the line when one is not a session."""
    sessions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        session = json.loads(line)
        if not isinstance(session, dict) or not isinstance(session.get("turns"), list):
            raise ValueError(f"line {n} is not a session (an object with a list of turns)")
        sessions.append(session)
    return sessions


def replay_file(path: Path) -> list[dict[str, Any]]:
    sessions = read_sessions(path)
    with tempfile.TemporaryDirectory(prefix="leadscribe-replay-") as tmp:
        return [asyncio.run(play(s, Path(tmp))) for s in sessions]


@app.command()
def replay(
    sessions: Annotated[Path, typer.Argument(help="A JSONL file of scripted sessions (docs/SESSIONS.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per session.")] = False,
) -> None:
    """Play scripted sessions, each in a fresh database with the demo team, and print the CRM each leaves."""
    from .common import fail, print_json

    if not sessions.is_file():
        fail(f"no such file: {sessions}")
    try:
        results = replay_file(sessions)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        fail(f"{sessions}: not a sessions file ({type(exc).__name__}: {exc})")
    for result in results:
        if as_json:
            print_json(result)
            continue
        typer.echo(f"== {result['id']}")
        for turn in result["turns"]:
            typer.echo(f"{turn['user']}> {turn['text']}")
            for reply in turn["replies"]:
                typer.echo("  " + reply.replace("\n", "\n  "))
        for lead in result["leads"]:
            c = lead["customer"]
            people = ", ".join(f"{k['name'] or '?'} {' '.join(k['phones'])}".strip() for k in c["contacts"])
            typer.echo(f"  [{lead['stage']}] {c['company'] or '-'} ({c['owner']}; {people}) {lead['need'] or ''}")
