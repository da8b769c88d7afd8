"""Telegram webhook route: secret-token check, capped body, Update → Submitter."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from telegram.error import TelegramError

from ...adapters.telegram import TelegramChannel
from ...ports import InboundEvent, Submitter
from .limits import read_capped

log = logging.getLogger(__name__)


def telegram_router(adapter: TelegramChannel, submitter: Submitter, path: str = "/telegram/webhook") -> APIRouter:
    router = APIRouter(tags=["telegram"])
    background: set[asyncio.Task[None]] = set()  # keep task references so they are not collected mid-flight

    async def webhook(request: Request) -> Response:
        given = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not adapter.secret or not hmac.compare_digest(given.encode(), adapter.secret.encode()):
            log.warning("telegram webhook refused: bad secret token")
            raise HTTPException(403, "forbidden")
        body = await read_capped(request)
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an Update")
            event = await adapter.parse_update(data)
        except Exception as exc:  # any shape PTB cannot read is the sender's fault, never a 500
            log.warning("telegram webhook: malformed update (%s)", type(exc).__name__)
            raise HTTPException(400, "malformed update") from None
        if event is not None:
            await submitter.submit(event)
            if event.kind == "button":
                task = asyncio.create_task(_answer(adapter, event))
                background.add(task)
                task.add_done_callback(background.discard)
        return Response(status_code=200)

    # a plain Starlette route: FastAPI's request handling would cost more per webhook than decrypting it
    router.add_route(path, webhook, methods=["POST"], include_in_schema=False)
    return router


async def _answer(adapter: TelegramChannel, event: InboundEvent) -> None:
    try:
        await adapter.answer_button(event)
    except TelegramError as exc:
        log.info("telegram answerCallbackQuery failed: %s", type(exc).__name__)
