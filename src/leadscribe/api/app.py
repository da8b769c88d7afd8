"""The FastAPI application: webhooks of every configured channel, /healthz, and the scheduler."""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from ..bot.conversation import Conversation
from ..bot.dispatch import Dispatcher
from ..crm.db import Database
from ..ports import Channel
from ..settings import Settings, get_settings

log = logging.getLogger(__name__)

# channel name -> (builder "module:function" taking Settings, router factory "module:function")
CHANNELS: dict[str, tuple[str, str]] = {
    "wecom": ("leadscribe.adapters.wecom:build_wecom", "leadscribe.api.routes.wecom:wecom_router"),
    "dingtalk": ("leadscribe.adapters.dingtalk:build_dingtalk", "leadscribe.api.routes.dingtalk:dingtalk_router"),
    "telegram": ("leadscribe.adapters.telegram:build_telegram", "leadscribe.api.routes.telegram:telegram_router"),
}


def _load(ref: str) -> Callable[..., Any]:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def build_channels(settings: Settings) -> dict[str, Channel]:
    """Every chat channel whose credentials are set."""
    channels: dict[str, Channel] = {}
    for name, (builder, _) in CHANNELS.items():
        try:
            build = _load(builder)
        except (ModuleNotFoundError, AttributeError):
            log.warning("channel %s is not available in this build", name)
            continue
        adapter = build(settings)
        if adapter is not None:
            channels[name] = adapter
    return channels


# channel name -> (settings attribute, mode that listens outbound instead of a webhook, "module:function" runner)
LISTENERS: dict[str, tuple[str, str, str]] = {
    "telegram": ("telegram_mode", "polling", "leadscribe.adapters.telegram_polling:run_polling"),
    "dingtalk": ("dingtalk_mode", "stream", "leadscribe.adapters.dingtalk_stream:run_stream"),
}


def _outbound(settings: Settings, name: str) -> str | None:
    """The runner of a channel set to listen outbound (Telegram polling, DingTalk Stream), else None."""
    if name not in LISTENERS:
        return None
    attr, mode, runner = LISTENERS[name]
    return runner if getattr(settings, attr, "webhook") == mode else None


async def _listen(name: str, runner: Callable[..., Any], channel: Channel, submitter: Any) -> None:
    try:
        await runner(channel, submitter)
    except asyncio.CancelledError:
        raise
    except Exception:  # the webhooks and the other channels keep working
        log.exception("%s listener stopped", name)


def build_dispatcher(settings: Settings, db: Database, channels: dict[str, Channel]) -> Dispatcher:
    """The conversation and its durable intake, configured from settings (web process and worker alike)."""
    conversation = Conversation(playbooks_file=settings.playbooks_file, workday_end=settings.workday_end)
    return Dispatcher(db, channels, conversation)


def warm_up() -> None:
    from ..nlp.pipeline import get_pipeline

    get_pipeline()


def _tune_for_latency() -> None:
    """Keep a burst of webhooks from waiting on the interpreter.

    The start-up heap (the NLP pipeline's objects above all) leaves the garbage collector's view: a full
    collection otherwise walks all of it, a pause of 100+ ms. And a thread handing the GIL back (the intake
    writer after each SQLite call, the loop after a processing step) waits 1 ms instead of the default 5.
    """
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)


def create_app(
    settings: Settings | None = None,
    db: Database | None = None,
    channels: dict[str, Channel] | None = None,
    run_scheduler: bool | None = None,
    worker: str | None = None,
) -> FastAPI:
    """The web app. `worker` ("process" or "inline", default from settings) says where the inbox is processed:
    in a child process (production: acknowledgements never wait on processing) or in this one."""
    settings = settings or get_settings()
    db = db or Database(settings.db_url)
    db.upgrade()
    channels = build_channels(settings) if channels is None else channels
    dispatcher = build_dispatcher(settings, db, channels)
    scheduler_on = settings.scheduler_enabled if run_scheduler is None else run_scheduler
    child = None
    if (worker or settings.worker) == "process":
        from .worker import WorkerProcess

        # the child builds its own channels and runs the scheduler from these settings
        child = WorkerProcess(settings.model_copy(update={"scheduler_enabled": scheduler_on}))
        dispatcher.notify = child.ring

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if child is None:
            # load the extraction pipeline (about a second) before the first message, not inside its transaction
            await asyncio.to_thread(warm_up)
        await asyncio.to_thread(db.warm)
        _tune_for_latency()
        if child is None:
            await dispatcher.resume()
        else:
            await child.start()
        listeners = [
            asyncio.create_task(_listen(name, _load(ref), channels[name], dispatcher), name=f"{name}-listener")
            for name in channels
            if (ref := _outbound(settings, name))
        ]
        handle = None
        if scheduler_on and child is None:
            from ..reminders.runner import start_scheduler

            handle = await start_scheduler(db, channels)
        try:
            yield
        finally:
            if handle is not None:
                from ..reminders.runner import stop_scheduler

                await stop_scheduler(handle)
            for task in listeners:
                task.cancel()
            await asyncio.gather(*listeners, return_exceptions=True)
            await dispatcher.drain()
            if child is not None:
                await child.stop()

    app = FastAPI(title="leadscribe", version="0.1.0", lifespan=lifespan)
    app.state.db, app.state.dispatcher, app.state.channels, app.state.worker = db, dispatcher, channels, child

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            with db.engine.connect() as conn:
                conn.execute(text("select 1"))
        except Exception as exc:  # the database is the one thing we cannot work without
            return JSONResponse({"status": "error", "database": type(exc).__name__}, status_code=503)
        state = "inline" if child is None else child.state
        return JSONResponse({"status": "ok", "channels": sorted(channels), "worker": state})

    for name, (_, router_ref) in CHANNELS.items():
        if name in channels and _outbound(settings, name) is None:
            app.include_router(_load(router_ref)(channels[name], dispatcher))
    return app
