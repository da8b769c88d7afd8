"""A fake DingTalk: session webhook, oauth2 accessToken, robot batch/group send, and message-file download."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class FakeDingTalk:
    app_key: str
    app_secret: str
    files: dict[str, bytes] = field(default_factory=dict)  # downloadCode -> bytes
    webhook_posts: list[dict[str, Any]] = field(default_factory=list)
    robot_sends: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    token_requests: int = 0
    base_url: str = ""  # set by the test once the server runs, for downloadUrl
    _seq: Any = field(default_factory=lambda: itertools.count(1))
    _tokens: set[str] = field(default_factory=set)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/robot/sendBySession", self.session_webhook, methods=["POST"]),
                Route("/v1.0/oauth2/accessToken", self.access_token, methods=["POST"]),
                Route("/v1.0/robot/oToMessages/batchSend", self.robot_send, methods=["POST"]),
                Route("/v1.0/robot/groupMessages/send", self.robot_send, methods=["POST"]),
                Route("/v1.0/robot/messageFiles/download", self.download_url, methods=["POST"]),
                Route("/files/{code}", self.file),
            ]
        )

    async def session_webhook(self, request: Request) -> Response:
        if not request.query_params.get("session"):
            return JSONResponse({"errcode": 300001, "errmsg": "session is empty"})
        self.webhook_posts.append(await request.json())
        return JSONResponse({"errcode": 0, "errmsg": "ok"})

    async def access_token(self, request: Request) -> Response:
        self.token_requests += 1
        body = await request.json()
        if body.get("appKey") != self.app_key or body.get("appSecret") != self.app_secret:
            return JSONResponse({"code": "invalidClientIdOrSecret", "message": "bad"}, status_code=400)
        token = f"dt{next(self._seq)}"
        self._tokens.add(token)
        return JSONResponse({"accessToken": token, "expireIn": 7200})

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("x-acs-dingtalk-access-token", "") in self._tokens

    async def robot_send(self, request: Request) -> Response:
        if not self._authorised(request):
            return JSONResponse({"code": "InvalidAuthentication"}, status_code=401)
        self.robot_sends.append((request.url.path, await request.json()))
        return JSONResponse({"processQueryKey": "q1"})

    async def download_url(self, request: Request) -> Response:
        if not self._authorised(request):
            return JSONResponse({"code": "InvalidAuthentication"}, status_code=401)
        code = (await request.json()).get("downloadCode", "")
        if code not in self.files:
            return JSONResponse({"code": "invalidDownloadCode"}, status_code=400)
        return JSONResponse({"downloadUrl": f"{self.base_url}/files/{code}"})

    async def file(self, request: Request) -> Response:
        return Response(self.files[request.path_params["code"]], media_type="application/octet-stream")
