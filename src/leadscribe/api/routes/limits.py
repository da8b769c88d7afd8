"""Shared guards for webhook routes: a capped request body, read without trusting Content-Length."""

from __future__ import annotations

import asyncio

from fastapi import HTTPException, Request

MAX_BODY = 1024 * 1024  # chat callbacks are a few KB; anything near a megabyte is hostile
# a platform sends its few KB at once; a body still trickling in after this long holds a connection for nothing
BODY_SECONDS = 10.0


async def read_capped(request: Request, limit: int = MAX_BODY, seconds: float = BODY_SECONDS) -> bytes:
    """The request body; 413 as soon as it grows past `limit` bytes, 408 when it takes over `seconds`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, "payload too large")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise HTTPException(413, "payload too large")
                chunks.append(chunk)
    except TimeoutError:
        raise HTTPException(408, "request body too slow") from None
    return b"".join(chunks)
