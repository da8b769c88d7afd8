"""Reminder test kit: recording fakes for the outside world (chat, SMS) and a small team."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select

from leadscribe.crm.db import Database
from leadscribe.crm.models import OutboxMessage
from leadscribe.crm.users import add_user
from leadscribe.ports import Reply
from leadscribe.reminders.clock import FakeClock
from leadscribe.reminders.engine import ReminderEngine
from leadscribe.reminders.policy import PolicyBook, load_policy_book


class RecordingChannel:
    """A chat platform that records what it is asked to deliver; can be told to fail."""

    def __init__(self, name: str = "telegram") -> None:
        self.name = name
        self.sent: list[Reply] = []  # reminders and escalations
        self.all: list[Reply] = []  # with the morning briefings
        self.fail_next = 0

    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("platform down")
        self.all.append(reply)
        if not is_briefing(reply):
            self.sent.append(reply)

    async def fetch_media(self, event: object) -> bytes:
        raise NotImplementedError

    def texts_to(self, chat_id: str) -> list[str]:
        return [r.text for r in self.sent if r.chat_id == chat_id]

    def briefings_to(self, chat_id: str) -> list[Reply]:
        return [r for r in self.all if r.chat_id == chat_id and is_briefing(r)]


def is_briefing(reply: Reply) -> bool:
    return bool(reply.title) and ("简报" in reply.title or "Briefing for" in reply.title)


class RecordingSms:
    name = "fake"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    async def send(self, phone: str, text: str, key: str) -> None:
        self.sent.append((phone, text, key))


@dataclass
class Team:
    store: int
    manager: int
    rep: int
    la_rep: int


@pytest.fixture
def book() -> PolicyBook:
    return load_policy_book()


@pytest.fixture
def team(sqlite_db: Database) -> Team:
    return make_team(sqlite_db)


def make_team(db: Database) -> Team:
    with db.session() as s:
        store = add_user(s, "店长", role="store_manager", telegram="t-store", team="north")
        boss = add_user(s, "经理", role="manager", manager="店长", telegram="t-boss")
        rep = add_user(s, "王芳", manager="经理", telegram="t-rep", phone="13800000001")
        la = add_user(
            s,
            "Ann",
            manager="经理",
            tz="America/Los_Angeles",
            language="en",
            telegram="t-ann",
            phone="+15550001",
        )
        return Team(store.id, boss.id, rep.id, la.id)


@dataclass
class Rig:
    db: Database
    clock: FakeClock
    chat: RecordingChannel
    sms: RecordingSms
    engine: ReminderEngine

    async def at(self, when: datetime) -> None:
        """Move the clock to `when` and tick once, as the scheduler would."""
        self.clock.set(when)
        await self.engine.tick()

    def outbox(self) -> list[OutboxMessage]:
        with self.db.session() as s:
            return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def make_rig(db: Database, book: PolicyBook, start: datetime) -> Rig:
    clock, chat, sms = FakeClock(start), RecordingChannel(), RecordingSms()
    return Rig(db, clock, chat, sms, ReminderEngine(db, {"telegram": chat}, clock, sms=sms, book=book))
