"""HTTP bodies read with a ceiling: a platform's file is refused as soon as it is bigger than we accept."""

from __future__ import annotations

from typing import Any

import httpx

from ..ports import MAX_MEDIA_BYTES, MediaTooLarge

API_BODY_BYTES = 1024 * 1024  # a JSON answer of a platform API


async def read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise MediaTooLarge(f"{declared} bytes announced")
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise MediaTooLarge(f"more than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def request_limited(
    client: httpx.AsyncClient, method: str, url: str, max_bytes: int = MAX_MEDIA_BYTES, **kwargs: Any
) -> httpx.Response:
    """`client.request`, with the body read in chunks and refused past `max_bytes`."""
    request = client.build_request(method, url, **kwargs)
    response = await client.send(request, stream=True)
    try:
        body = await read_limited(response, max_bytes)
    finally:
        await response.aclose()
    return httpx.Response(response.status_code, headers=response.headers, content=body, request=request)
