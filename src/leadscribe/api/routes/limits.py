"""Shared guards for webhook routes: a capped request body, read without trusting Content-Length."""

from __future__ import annotations

from fastapi import HTTPException, Request

MAX_BODY = 1024 * 1024  # chat callbacks are a few KB; anything near a megabyte is hostile


async def read_capped(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, or 413 as soon as it grows past `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, "payload too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, "payload too large")
        chunks.append(chunk)
    return b"".join(chunks)
