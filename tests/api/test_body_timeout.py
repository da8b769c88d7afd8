"""A webhook body that trickles in is cut off with 408 instead of holding a connection (api/routes/limits.py),
over a real socket to a real uvicorn server."""

from __future__ import annotations

import socket
import time

from fastapi import FastAPI, Request

from leadscribe.api.routes.limits import read_capped

from ..fakes.server import serve


def _app() -> FastAPI:
    app = FastAPI()

    @app.post("/hook")
    async def hook(request: Request) -> dict[str, int]:
        return {"bytes": len(await read_capped(request, seconds=0.5))}

    return app


def _exchange(base: str, sent: bytes, declared: int) -> tuple[str, float]:
    """Send `sent` of a body announced as `declared` bytes, then wait (up to 5 s) for the answer."""
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        head = f"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: {declared}\r\n\r\n".encode()
        sock.sendall(head + sent)
        status = sock.recv(4096).split(b"\r\n", 1)[0].decode()
    return status, time.monotonic() - started


def test_a_body_that_stops_arriving_gets_408_and_a_prompt_one_is_read():
    with serve(_app()) as base:
        status, took = _exchange(base, b"x" * 10, 200)  # 190 bytes never come
        assert "408" in status and took < 3.0
        status, _ = _exchange(base, b"y" * 200, 200)
        assert " 200 " in status
