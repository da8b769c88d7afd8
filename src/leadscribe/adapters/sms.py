"""SMS out: by default only the outbox and the log; or a generic HTTP provider (JSON POST, bearer token)."""

from __future__ import annotations

import logging

import httpx

from ..ports import SmsSender
from ..settings import Settings

log = logging.getLogger(__name__)


class SmsError(RuntimeError):
    """The provider refused or could not be reached; the caller retries later. `public_detail` is safe to store
    and log (a status or an error type, never the URL, the token, the number or the text)."""

    def __init__(self, message: str, public_detail: str) -> None:
        super().__init__(message)
        self.public_detail = public_detail


class LogSms:
    """No provider configured: the outbox row is the record, the log line the delivery."""

    name = "log"

    async def send(self, phone: str, text: str, key: str) -> None:
        log.warning("SMS %s kept in the outbox: no SMS provider is configured (LEADSCRIBE_SMS_URL)", key)


class HttpSms:
    """POST {"to", "text", "id"} as JSON to `url` with `Authorization: Bearer <token>`."""

    name = "http"

    def __init__(self, url: str, token: str = "", timeout: float = 10.0, client: httpx.AsyncClient | None = None):
        self.url, self.token, self.timeout = url, token, timeout
        self._client = client

    async def send(self, phone: str, text: str, key: str) -> None:
        headers = {"Idempotency-Key": key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = {"to": phone, "text": text, "id": key}
        try:
            if self._client is not None:
                resp = await self._client.post(self.url, json=body, headers=headers, timeout=self.timeout)
            else:
                async with httpx.AsyncClient() as client:
                    resp = await client.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise SmsError("SMS provider unreachable", f"unreachable ({exc.__class__.__name__})") from exc
        if resp.status_code >= 300:
            raise SmsError(f"SMS provider answered {resp.status_code}", f"HTTP {resp.status_code}")


def build_sms(settings: Settings) -> SmsSender:
    """HttpSms when LEADSCRIBE_SMS_URL is set, else LogSms."""
    return HttpSms(settings.sms_url, settings.sms_token) if settings.sms_url else LogSms()
