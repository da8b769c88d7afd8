"""A fake Telegram Bot API server: getMe, sendMessage, answerCallbackQuery, getFile, file download, getUpdates."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class FakeBotApi:
    token: str
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> bytes
    updates: list[dict[str, Any]] = field(default_factory=list)  # served by getUpdates
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self.method, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self.download),
            ]
        )

    async def method(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        name = request.path_params["method"]
        params = await _params(request)
        self.calls.append((name, params))
        handler = getattr(self, f"m_{name}", None)
        if handler is None:
            return JSONResponse({"ok": True, "result": True})
        return JSONResponse({"ok": True, "result": handler(params)})

    def m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802 - Bot API method name
        return {"id": 4242, "is_bot": True, "first_name": "Leadscribe", "username": "leadscribe_bot"}

    def m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {
            "message_id": len(self.calls),
            "date": 1700000000,
            "text": params.get("text", ""),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
        }

    def m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        file_id = params["file_id"]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": f"voice/{file_id}.oga",
        }

    def m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        return [u for u in self.updates if u["update_id"] >= offset]

    async def download(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return Response(status_code=401)
        file_id = request.path_params["path"].rsplit("/", 1)[-1].removesuffix(".oga")
        if file_id not in self.files:
            return Response(status_code=404)
        return Response(self.files[file_id], media_type="audio/ogg")


async def _params(request: Request) -> dict[str, Any]:
    """PTB posts form fields whose non-string values are JSON-encoded."""
    if request.headers.get("content-type", "").startswith("application/json"):
        return await request.json()
    # urlencoded by hand: PTB sends no files here, and starlette's form parser needs python-multipart
    out: dict[str, Any] = {}
    for key, value in parse_qsl((await request.body()).decode()):
        try:
            out[key] = json.loads(str(value))
        except ValueError:
            out[key] = value
    return out
