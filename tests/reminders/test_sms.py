"""The HTTP SMS provider against a fake provider on loopback; failures become retries in the outbox."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from leadscribe.adapters.sms import HttpSms, LogSms, SmsError, build_sms
from leadscribe.crm.models import OutboxMessage, User
from leadscribe.crm.tasks import add_task
from leadscribe.reminders.clock import FakeClock
from leadscribe.reminders.engine import ReminderEngine
from leadscribe.settings import Settings

from .conftest import RecordingChannel

SH = ZoneInfo("Asia/Shanghai")


class FakeProvider(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[dict, dict]] = []
        self.fail_next = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sms"


class _Handler(BaseHTTPRequestHandler):
    server: FakeProvider

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.fail_next:
            self.server.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"busy")
            return
        self.server.received.append((dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    server = FakeProvider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


async def test_http_sms_posts_json_with_bearer(provider):
    await HttpSms(provider.url, "s3cret").send("13800000001", "任务已逾期", "task:1:r1:overdue_sms")
    headers, body = provider.received[0]
    assert body == {"to": "13800000001", "text": "任务已逾期", "id": "task:1:r1:overdue_sms"}
    assert headers["Authorization"] == "Bearer s3cret"
    assert headers["Idempotency-Key"] == "task:1:r1:overdue_sms"


async def test_http_sms_raises_on_refusal_and_on_no_server(provider):
    provider.fail_next = 1
    with pytest.raises(SmsError, match="503"):
        await HttpSms(provider.url).send("1", "x", "k")
    provider.shutdown()
    provider.server_close()
    with pytest.raises(SmsError, match="unreachable"):
        await HttpSms(provider.url, timeout=1).send("1", "x", "k")


async def test_settings_choose_the_provider(monkeypatch, provider):
    monkeypatch.delenv("LEADSCRIBE_SMS_URL", raising=False)
    assert isinstance(build_sms(Settings()), LogSms)
    monkeypatch.setenv("LEADSCRIBE_SMS_URL", provider.url)
    monkeypatch.setenv("LEADSCRIBE_SMS_TOKEN", "tok")
    sms = build_sms(Settings())
    assert isinstance(sms, HttpSms) and sms.url == provider.url and sms.token == "tok"


async def test_refused_sms_is_retried_from_the_outbox(sqlite_db, team, book, provider):
    clock = FakeClock(datetime(2026, 11, 24, 9, 0, tzinfo=SH))
    engine = ReminderEngine(
        sqlite_db, {"telegram": RecordingChannel()}, clock, sms=HttpSms(provider.url, "t"), book=book
    )
    with sqlite_db.session() as s:
        add_task(
            s,
            s.get(User, team.rep),
            "回访",
            datetime(2026, 11, 24, 15, 0, tzinfo=SH),
            now=clock.now(),
        )
    provider.fail_next = 1
    clock.set(datetime(2026, 11, 24, 15, 15, tzinfo=SH))
    await engine.tick()
    with sqlite_db.session() as s:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms"))
        assert row.status == "pending" and row.attempts == 1 and "503" in row.error
    clock.set(datetime(2026, 11, 24, 15, 16, tzinfo=SH))
    await engine.tick()
    with sqlite_db.session() as s:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms"))
        assert row.status == "sent" and row.attempts == 2
    assert [b["to"] for _, b in provider.received] == ["13800000001"]
