"""Logging for every entry point, with one filter that keeps secrets and personal data out of every line.

Code never logs message text on purpose; the filter is the net under it: tokens in URLs and headers, phone
numbers and long digit runs (platform user ids are often those) are masked in the message and its traceback.
"""

from __future__ import annotations

import logging
import re
import sys

_MASK = "***"
_PATTERNS = (
    # Telegram puts the bot token in the path: https://api.telegram.org/bot123:ABC/sendMessage
    (re.compile(r"/bot\d+:[A-Za-z0-9_-]+"), "/bot" + _MASK),
    # WeCom/DingTalk/generic secrets in query strings and forms
    (
        re.compile(
            r"(?i)\b(access_token|accesstoken|token|secret|corpsecret|appsecret|app_secret|sign|signature|"
            r"msg_signature|key|password|ticket|code)=([^&\s'\"]+)"
        ),
        r"\1=" + _MASK,
    ),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + _MASK),
    (re.compile(r"(?i)(\"?(?:access_token|token|secret|password|sign)\"?\s*[:=]\s*\"?)[^\"',\s}]+"), r"\1" + _MASK),
    # phone numbers and other long digit runs (mobiles, landlines with area codes, US numbers, user ids)
    (re.compile(r"(?<![\w.])\+?\d(?:[\d\s().-]{5,}\d)(?![\w.])"), _MASK),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with secrets and numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            record.exc_info = None  # the redacted text is what gets printed
        return True


def install(handler: logging.Handler) -> logging.Handler:
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter())
    return handler


def configure_logging(level: int = logging.WARNING) -> None:
    """stderr logging with the redacting filter on every handler the root and the servers' loggers have."""
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    protect_all()


def protect_all() -> None:
    """Put the filter on every handler that exists now (uvicorn adds its own when it starts)."""
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in list(logging.root.manager.loggerDict))]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            install(handler)


def uvicorn_log_config() -> dict:  # type: ignore[type-arg]
    """uvicorn's own logging setup with the redacting filter on each of its handlers (access lines carry URLs)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": RedactingFilter}
    for handler in config.get("handlers", {}).values():
        handler.setdefault("filters", []).append("redact")
    return config
