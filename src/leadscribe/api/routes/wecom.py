"""WeCom callback routes: URL verification (GET) and encrypted messages (POST)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

from ...adapters.wecom import WeComChannel
from ...adapters.wecom_crypto import CryptoError
from ...ports import Submitter
from .limits import read_capped

log = logging.getLogger(__name__)


def wecom_router(adapter: WeComChannel, submitter: Submitter, path: str = "/wecom/callback") -> APIRouter:
    router = APIRouter(tags=["wecom"])

    @router.get(path, response_class=PlainTextResponse)
    async def verify_url(msg_signature: str = "", timestamp: str = "", nonce: str = "", echostr: str = "") -> str:
        try:
            return adapter.crypto.verify_url(msg_signature, timestamp, nonce, echostr)
        except CryptoError as exc:
            log.warning("wecom url verification refused: %s", exc)
            raise HTTPException(400, "verification failed") from None

    async def callback(request: Request) -> Response:
        body = await read_capped(request)
        q = request.query_params
        if not adapter.fresh(q.get("timestamp", "")):
            log.warning("wecom callback refused: timestamp outside the window (a replay)")
            raise HTTPException(400, "stale callback")
        try:
            inner = adapter.crypto.decrypt_message(
                q.get("msg_signature", ""), q.get("timestamp", ""), q.get("nonce", ""), body
            )
        except CryptoError as exc:
            log.warning("wecom callback refused: %s", exc)
            raise HTTPException(400, "bad callback") from None
        try:
            event = adapter.parse_message(inner)
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError, OverflowError) as exc:
            # signed and decrypted, so the sender is WeCom itself: a shape we cannot store is still a 400
            log.warning("wecom callback: malformed message (%s)", type(exc).__name__)
            raise HTTPException(400, "malformed message") from None
        # durable intake first; a retried MsgId returns False and is still acknowledged
        if event is not None and not await submitter.submit(event):
            log.info("wecom: duplicate delivery of a message acknowledged again")
        # WeCom wants an answer within 5 s; an empty 200 means "received, no passive reply"
        return Response(status_code=200)

    # a plain Starlette route: FastAPI's request handling would cost more per webhook than decrypting it
    router.add_route(path, callback, methods=["POST"], include_in_schema=False)
    return router
