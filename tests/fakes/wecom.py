"""A fake WeCom server API: gettoken, message/send, media/get, with recorded calls and token expiry."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class FakeWeCom:
    corp_id: str
    secret: str
    media: dict[str, bytes] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    token_requests: int = 0
    valid_tokens: set[str] = field(default_factory=set)
    _seq: Any = field(default_factory=lambda: itertools.count(1))

    def expire_tokens(self) -> None:
        """Server-side expiry: every issued token now answers 42001."""
        self.valid_tokens.clear()

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/cgi-bin/gettoken", self.gettoken),
                Route("/cgi-bin/message/send", self.message_send, methods=["POST"]),
                Route("/cgi-bin/media/get", self.media_get),
            ]
        )

    async def gettoken(self, request: Request) -> Response:
        self.token_requests += 1
        q = request.query_params
        if q.get("corpid") != self.corp_id or q.get("corpsecret") != self.secret:
            return JSONResponse({"errcode": 40001, "errmsg": "invalid credential"})
        token = f"tok{next(self._seq)}"
        self.valid_tokens.add(token)
        return JSONResponse({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})

    def _token_error(self, request: Request) -> Response | None:
        token = request.query_params.get("access_token", "")
        if token not in self.valid_tokens:
            return JSONResponse({"errcode": 42001, "errmsg": "access_token expired"})
        return None

    async def message_send(self, request: Request) -> Response:
        if (error := self._token_error(request)) is not None:
            return error
        body = await request.json()
        self.sent.append(body)
        return JSONResponse({"errcode": 0, "errmsg": "ok", "msgid": f"m{len(self.sent)}"})

    async def media_get(self, request: Request) -> Response:
        if (error := self._token_error(request)) is not None:
            return error
        data = self.media.get(request.query_params.get("media_id", ""))
        if data is None:
            return JSONResponse({"errcode": 40007, "errmsg": "invalid media_id"})
        return Response(data, media_type="audio/amr")
