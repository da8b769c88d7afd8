"""The one place that builds the running parts from settings: channels, listeners, dispatcher, scheduler.

`serve`, the worker process and the CLI all call these; nothing below this module reads the global settings.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from .adapters.dingtalk import build_dingtalk
from .adapters.sms import build_sms
from .adapters.telegram import build_telegram
from .adapters.wecom import build_wecom
from .bot.conversation import Conversation
from .bot.dispatch import Dispatcher
from .crm.db import Database
from .ports import Channel, Submitter
from .reminders.policy import PolicyBook, load_policy_book
from .reminders.runner import SchedulerHandle, start_scheduler
from .settings import Settings
from .speech.config import SpeechConfig, configure

log = logging.getLogger(__name__)

Listener = Callable[[Any, Submitter], Awaitable[None]]


def configure_process(settings: Settings) -> None:
    """Settings of the process-wide parts: the Whisper model and its worker pool."""
    configure(SpeechConfig.from_settings(settings))


def build_channels(settings: Settings) -> dict[str, Channel]:
    """Every chat channel whose credentials are set."""
    built = {
        "wecom": build_wecom(settings),
        "dingtalk": build_dingtalk(settings),
        "telegram": build_telegram(settings),
    }
    return {name: channel for name, channel in built.items() if channel is not None}


def listener(settings: Settings, name: str) -> Listener | None:
    """The runner of a channel set to listen outbound (Telegram polling, DingTalk Stream), else None."""
    if name == "telegram" and settings.telegram_mode == "polling":
        from .adapters.telegram_polling import run_polling

        return run_polling
    if name == "dingtalk" and settings.dingtalk_mode == "stream":
        from .adapters.dingtalk_stream import run_stream

        return run_stream
    return None


def build_policy(settings: Settings) -> PolicyBook:
    """The reminder ladders and team policies (the one source of each team's working hours)."""
    return load_policy_book(None, settings)


def build_conversation(settings: Settings, book: PolicyBook | None = None) -> Conversation:
    book = book or build_policy(settings)
    policy = book

    def briefing(session: Any, user: Any, now: Any) -> str:
        from zoneinfo import ZoneInfo

        from .reminders.briefing import briefing_for

        return briefing_for(session, user, now.astimezone(ZoneInfo(user.tz)).date(), policy).text()

    return Conversation(
        playbooks_file=settings.playbooks_file,
        workday_end=lambda user: book.for_team(user.team).workday_end,
        briefing=briefing,
        day_parts=settings.day_parts(),
        working_day=lambda user, day: book.for_team(user.team).is_working_day(day, user.tz),
    )


def build_dispatcher(settings: Settings, db: Database, channels: Mapping[str, Channel]) -> Dispatcher:
    """The conversation and its durable intake (web process and worker alike)."""
    from .bot.spool import Spool

    return Dispatcher(
        db, channels, build_conversation(settings), spool=Spool(settings.data_dir / "spool" / "inbox.jsonl")
    )


async def build_scheduler(
    settings: Settings, db: Database, channels: Mapping[str, Channel], tick_seconds: float = 30.0
) -> SchedulerHandle:
    """Start competing for the reminder lead with the ladders, quiet hours and SMS these settings name."""
    return await start_scheduler(
        db,
        channels,
        sms=build_sms(settings),
        book=build_policy(settings),
        tick_seconds=tick_seconds,
        keep=timedelta(days=settings.keep_days),
    )


def warm_up() -> None:
    """Load the extraction pipeline (about a second) before the first message, not inside its transaction."""
    from .nlp.pipeline import get_pipeline

    get_pipeline()
