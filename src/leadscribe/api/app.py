"""The FastAPI application: webhooks of every configured channel, /healthz, and the scheduler."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import text

from .. import wiring
from ..bot.dispatch import Dispatcher
from ..crm.db import Database
from ..ports import Channel, Submitter
from ..settings import Settings
from .routes.dingtalk import dingtalk_router
from .routes.telegram import telegram_router
from .routes.wecom import wecom_router
from .worker import WorkerProcess

log = logging.getLogger(__name__)

ROUTERS = {"wecom": wecom_router, "dingtalk": dingtalk_router, "telegram": telegram_router}


async def _listen(name: str, runner: wiring.Listener, channel: Channel, submitter: Submitter) -> None:
    try:
        await runner(channel, submitter)
    except asyncio.CancelledError:
        raise
    except Exception:  # the webhooks and the other channels keep working
        log.exception("%s listener stopped", name)


async def _drain_spool(dispatcher: Dispatcher, every: float = 1.0) -> None:
    """Messages spooled while the database refused writes go to the inbox as soon as it takes them again."""
    while True:
        try:
            await dispatcher.drain_spool()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("draining the spool failed")
        await asyncio.sleep(every)


def _tune_for_latency() -> None:
    """Keep a burst of webhooks from waiting on the interpreter.

    The start-up heap (the NLP pipeline's objects above all) leaves the garbage collector's view: a full
    collection otherwise walks all of it, a pause of 100+ ms. And a thread handing the GIL back (the intake
    writer after each SQLite call, the loop after a processing step) waits 1 ms instead of the default 5.
    """
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)


def _local_docs(app: FastAPI) -> None:
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    app.mount("/docs-static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="leadscribe API",
            swagger_js_url="/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/docs-static/swagger-ui.css",
            swagger_favicon_url="/docs-static/favicon-32x32.png",
        )


def create_app(
    settings: Settings,
    db: Database | None = None,
    channels: dict[str, Channel] | None = None,
    run_scheduler: bool | None = None,
    worker: str | None = None,
) -> FastAPI:
    """The web app. `worker` ("process" or "inline", default from settings) says where the inbox is processed:
    in a child process (production: acknowledgements never wait on processing) or in this one."""
    wiring.configure_process(settings)
    db = db or Database(settings.db_url)
    db.upgrade()
    channels = wiring.build_channels(settings) if channels is None else channels
    dispatcher = wiring.build_dispatcher(settings, db, channels)
    scheduler_on = settings.scheduler_enabled if run_scheduler is None else run_scheduler
    children: list[WorkerProcess] = []
    deferrer = None
    if (worker or settings.worker) == "process":
        # each child builds its own channels from these settings; the first also runs the scheduler
        count = settings.workers if settings.uses_jobs else 1
        children = [
            WorkerProcess(settings.model_copy(update={"scheduler_enabled": scheduler_on and i == 0}))
            for i in range(count)
        ]
        if settings.uses_jobs:
            from ..bot.jobs import Deferrer, build_app

            deferrer = Deferrer(build_app(settings.db_url), db)
            dispatcher.notify = deferrer.add
        else:
            dispatcher.notify = lambda _inbox_id: children[0].ring()
    child = children[0] if children else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if child is None:
            # load the extraction pipeline (about a second) before the first message, not inside its transaction
            await asyncio.to_thread(wiring.warm_up)
        await asyncio.to_thread(db.warm)
        _tune_for_latency()
        if child is None:
            await dispatcher.resume()
        if deferrer is not None:
            await deferrer.start()
        for each in children:
            await each.start()
        listeners = [
            asyncio.create_task(_listen(name, runner, channels[name], dispatcher), name=f"{name}-listener")
            for name in channels
            if (runner := wiring.listener(settings, name))
        ]
        listeners.append(asyncio.create_task(_drain_spool(dispatcher), name="spool"))
        handle = None
        if scheduler_on and child is None:
            handle = await wiring.build_scheduler(settings, db, channels)
        try:
            yield
        finally:
            if handle is not None:
                await handle.stop()
            for task in listeners:
                task.cancel()
            await asyncio.gather(*listeners, return_exceptions=True)
            await dispatcher.drain()
            if deferrer is not None:
                await deferrer.stop()
            await asyncio.gather(*(each.stop() for each in children))

    # /docs from files in the package: no CDN, so it works on an intranet and in mainland China
    app = FastAPI(title="leadscribe", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    _local_docs(app)
    app.state.db, app.state.dispatcher, app.state.channels, app.state.worker = db, dispatcher, channels, child
    app.state.workers = children

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            with db.engine.connect() as conn:
                conn.execute(text("select 1"))
        except Exception as exc:  # the database is the one thing we cannot work without
            spooled = dispatcher.spool.depth() if dispatcher.spool else 0
            body = {"status": "error", "database": type(exc).__name__, "spooled": spooled}
            return JSONResponse(body, status_code=503)
        states = [each.state for each in children]
        # "running" once every worker is; otherwise the first one that is not
        state = "inline" if not children else next((st for st in states if st != "running"), "running")
        body = {"status": "ok", "channels": sorted(channels), "worker": state}
        spool = dispatcher.spool
        if spool is not None and (spool.failing or spool.depth()):
            # reads work but the last write failed (SQLite on a full or read-only disk): not healthy
            body.update(status="degraded", writes="failing" if spool.failing else "ok", spooled=spool.depth())
            return JSONResponse(body, status_code=503)
        return JSONResponse(body)

    for name, router in ROUTERS.items():
        if name in channels and wiring.listener(settings, name) is None:
            app.include_router(router(channels[name], dispatcher))
    return app
