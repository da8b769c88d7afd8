"""A seeded team, a console channel that records what it prints, and a dispatcher on a real database."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from leadscribe.adapters.console import ConsoleChannel
from leadscribe.bot.dispatch import Dispatcher
from leadscribe.crm.seed import seed_demo

# A Tuesday morning in Shanghai.
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


class Chat:
    """One rep typing into the console; `said` is everything printed since the last call."""

    def __init__(self, dispatcher: Dispatcher, channel: ConsoleChannel) -> None:
        self.dispatcher, self.channel = dispatcher, channel

    async def type(self, line: str) -> str:
        out = self.channel.out
        out.seek(0)
        out.truncate()
        event = self.channel.to_event(line)
        assert event is not None
        await self.dispatcher.handle_now(event)
        return out.getvalue()


@pytest.fixture
def seeded(db):
    with db.session() as s:
        seed_demo(s)
    return db


def make_chat(db, user: str = "小张", clock=lambda: NOW, conversation=None) -> Chat:
    channel = ConsoleChannel(user, out=io.StringIO())
    return Chat(Dispatcher(db, {"console": channel}, conversation, clock=clock), channel)


@pytest.fixture
def chat(seeded) -> Chat:
    return make_chat(seeded)
