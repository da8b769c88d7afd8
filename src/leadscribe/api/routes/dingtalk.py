"""DingTalk robot callback route: signature and freshness check, capped JSON body → Submitter."""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from ...adapters.dingtalk import DingTalkChannel
from ...adapters.dingtalk_sign import SignatureError, check_signature
from ...ports import Submitter
from .limits import read_capped

log = logging.getLogger(__name__)


def dingtalk_router(adapter: DingTalkChannel, submitter: Submitter, path: str = "/dingtalk/callback") -> APIRouter:
    router = APIRouter(tags=["dingtalk"])

    async def callback(request: Request) -> JSONResponse:
        try:
            check_signature(
                request.headers.get("timestamp", ""),
                request.headers.get("sign", ""),
                adapter.app_secret,
                adapter.now_ms,
            )
        except SignatureError as exc:
            log.warning("dingtalk callback refused: %s", exc)
            raise HTTPException(401, "bad signature") from None
        body = await read_capped(request)
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            event = adapter.parse(data)
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError, OverflowError) as exc:
            log.warning("dingtalk callback: malformed body (%s)", type(exc).__name__)
            raise HTTPException(400, "malformed body") from None
        if event is not None:
            await submitter.submit(event)  # False on a redelivered msgId: acknowledged all the same
        # an empty JSON object tells DingTalk "received, the answer comes through the session webhook"
        return JSONResponse({})

    # a plain Starlette route: FastAPI's request handling would cost more per webhook than decrypting it
    router.add_route(path, callback, methods=["POST"], include_in_schema=False)
    return router
