"""`leadscribe worker`: process the inbox and run the scheduler (started by `leadscribe serve`)."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app


@app.command()
def worker(
    wake_fd: Annotated[
        int | None, typer.Option("--wake-fd", help="Pipe from the web process: rings, and EOF when it exits.")
    ] = None,
    ready_fd: Annotated[
        int | None, typer.Option("--ready-fd", help="Pipe to the web process: one byte once the inbox is worked.")
    ] = None,
    queues: Annotated[
        str | None,
        typer.Option("--queues", help='PostgreSQL: the queues this worker takes, "text", "voice" or "text,voice".'),
    ] = None,
) -> None:
    """Process received messages, send replies and reminders (`serve` starts and supervises its own; on
    PostgreSQL, start more on any machine that reaches the database)."""
    import asyncio
    import os

    from ..api.worker import run_worker
    from ..settings import get_settings

    if queues is not None:
        os.environ["LEADSCRIBE_WORKER_QUEUES"] = queues  # read, and checked, like any other setting
        get_settings.cache_clear()
    asyncio.run(run_worker(get_settings(), wake_fd, ready_fd))
