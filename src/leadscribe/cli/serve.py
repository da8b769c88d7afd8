"""`leadscribe serve`: webhooks and /healthz, with the inbox worker and the scheduler in a child process."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
) -> None:
    """Run the FastAPI app (webhooks, /healthz, OpenAPI docs at /docs), the inbox worker and the scheduler."""
    import uvicorn

    from ..api.app import create_app
    from ..logs import uvicorn_log_config
    from .common import settings

    uvicorn.run(create_app(settings()), host=host, port=port, log_level="info", log_config=uvicorn_log_config())
