"""DingTalk robot callback signature: base64(HmacSHA256(appSecret, "timestamp\\nappSecret")) within ±1 hour."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable

MAX_SKEW_MS = 60 * 60 * 1000  # DingTalk's documented window: older or future-dated requests are replays


class SignatureError(ValueError):
    """A callback whose timestamp or sign does not check out."""


def sign(timestamp: str, app_secret: str) -> str:
    digest = hmac.new(app_secret.encode(), f"{timestamp}\n{app_secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_signature(
    timestamp: str, given: str, app_secret: str, now_ms: Callable[[], int] = lambda: int(time.time() * 1000)
) -> None:
    """Raise SignatureError unless `given` signs `timestamp` (milliseconds) and it is fresh."""
    if not timestamp.isdigit() or len(timestamp) > 16:
        raise SignatureError("bad timestamp")
    if abs(now_ms() - int(timestamp)) > MAX_SKEW_MS:
        raise SignatureError("timestamp outside the one-hour window")
    if not hmac.compare_digest(sign(timestamp, app_secret).encode(), given.encode()):
        raise SignatureError("sign mismatch")
