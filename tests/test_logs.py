"""No token, phone number or platform id reaches a log line, whatever the code passes to the logger."""

from __future__ import annotations

import io
import logging
import logging.config

import httpx

from leadscribe.logs import RedactingFilter, redact, uvicorn_log_config

SECRETS = [
    "123456789:AAH-secret_TokenValue",  # a Telegram bot token
    "wx_ACCESS_TOKEN_9f8e7d",
    "13812345678",
    "(949) 555-0123",
    "+86 139 1234 5678",
    "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
]


def _logger(stream: io.StringIO) -> logging.Logger:
    logger = logging.getLogger("leadscribe.test_logs")
    logger.handlers.clear()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.propagate = False
    return logger


def test_secrets_in_messages_args_and_tracebacks_are_masked():
    stream = io.StringIO()
    log = _logger(stream)
    url = "https://api.telegram.org/bot123456789:AAH-secret_TokenValue/sendMessage"
    log.warning("send failed: %s", url)
    log.warning("wecom %s", "https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=wx_ACCESS_TOKEN_9f8e7d")
    log.warning("sms to %s and %s, user %s", "13812345678", "(949) 555-0123", "+86 139 1234 5678")
    log.warning("header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig")
    try:
        raise httpx.ConnectError(f"cannot reach {url} for 13812345678")
    except httpx.HTTPError:
        log.exception("delivery failed")
    out = stream.getvalue()
    for secret in SECRETS:
        assert secret not in out, secret
    assert "sendMessage" in out and "delivery failed" in out and "ConnectError" in out


def test_what_is_no_secret_stays_readable():
    assert redact("inbox row 42 failed after 3 attempts") == "inbox row 42 failed after 3 attempts"
    assert redact("took 1.25 s") == "took 1.25 s"


def test_uvicorn_handlers_carry_the_filter():
    config = uvicorn_log_config()
    assert all("redact" in h["filters"] for h in config["handlers"].values())
    logging.config.dictConfig(config)
    handler = logging.getLogger("uvicorn.access").handlers[0]
    assert any(isinstance(f, RedactingFilter) for f in handler.filters)


def test_the_cli_installs_the_filter_on_its_handlers():
    from leadscribe.logs import configure_logging

    configure_logging()
    assert all(any(isinstance(f, RedactingFilter) for f in h.filters) for h in logging.getLogger().handlers)
