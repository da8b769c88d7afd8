"""Fault probes, in one process against the real intake, outbox and DingTalk route; prints JSON counts:
lost messages in a database outage, duplicate replies after a crash mid-send, 500s for malformed but signed
input, and secrets or phone numbers that reached the log.

    python bench/faults.py
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

PHONE = "13812345678"
TOKEN = "123456789:AAH-secret_TokenValue"


async def outage(tmp: Path) -> dict[str, int]:
    """60 messages arrive while PostgreSQL refuses connections; then the database is back."""
    from sqlalchemy import func, select

    from leadscribe.bot.dispatch import Dispatcher
    from leadscribe.bot.spool import Spool
    from leadscribe.crm.db import Database
    from leadscribe.crm.models import InboxMessage
    from leadscribe.crm.seed import seed_demo
    from leadscribe.ports import InboundEvent

    spool = Spool(tmp / "spool.jsonl")
    events = [
        InboundEvent(
            channel="console",
            chat_id="小张",
            sender_id="小张",
            message_id=f"o{n}",
            kind="text",
            text=f"华东医疗的张总电话{PHONE}，第{n}条",
        )
        for n in range(60)
    ]
    down = Dispatcher(Database("postgresql://test@127.0.0.1:1/test"), {}, spool=spool)
    acknowledged = retries = 0
    for e in events:
        acknowledged += await down.submit(e)
        if e.message_id.endswith(("3", "7")):
            retries += await down.submit(e)  # WeCom's retry of a message it saw no answer to
    down.inbox.close()
    db = Database(f"sqlite:///{tmp / 'outage.db'}")
    db.upgrade()
    with db.session() as s:
        seed_demo(s)
    up = Dispatcher(db, {}, spool=spool)
    await up.drain_spool()
    up.inbox.close()
    with db.session() as s:
        stored = s.scalar(select(func.count(InboxMessage.id)))
    db.dispose()
    return {
        "sent": len(events),
        "retried": retries,
        "acknowledged": acknowledged,
        "stored": stored,
        "lost": len(events) - stored,
        "duplicates": max(0, stored - len(events)),
    }


async def crash(tmp: Path) -> dict[str, int]:
    """Ten replies are going out when the process dies after the fourth; then it restarts and sends the rest."""
    import leadscribe.bot.outbox as outbox
    from leadscribe.crm.db import Database
    from leadscribe.crm.models import utcnow

    db = Database(f"sqlite:///{tmp / 'crash.db'}")
    db.upgrade()
    from tests.fakes.hanging import HangsAfter, queue_replies

    with db.session() as s:
        queue_replies(s, 10, utcnow())
    delivered: list[str] = []
    parallel, outbox.PARALLEL = outbox.PARALLEL, 1
    try:
        task = asyncio.create_task(outbox.deliver(db, {"console": HangsAfter(4, delivered)}, utcnow()))
        while len(delivered) < 4:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        outbox.release_stale(db)
        await outbox.deliver(db, {"console": HangsAfter(None, delivered)}, utcnow())
    finally:
        outbox.PARALLEL = parallel
    db.dispose()
    return {"replies": 10, "delivered": len(delivered), "duplicates": len(delivered) - len(set(delivered))}


async def malformed() -> dict[str, int]:
    """Signed DingTalk callbacks whose bodies no platform sends."""
    import httpx
    from fastapi import FastAPI
    from tests.fakes.submitter import RecordingSubmitter

    from leadscribe.adapters.dingtalk import DingTalkChannel
    from leadscribe.adapters.dingtalk_sign import sign
    from leadscribe.api.routes.dingtalk import dingtalk_router

    key, secret, now = "k", "s", 1_700_000_000_000
    channel = DingTalkChannel(key, secret, api_base="http://127.0.0.1:1", now_ms=lambda: now)
    app = FastAPI()
    app.include_router(dingtalk_router(channel, RecordingSubmitter()))
    base = {"msgId": "m", "senderStaffId": "s1", "conversationType": "1", "msgtype": "text", "text": {"content": "x"}}
    bodies = [
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        json.dumps({**base, "createAt": 10**400}).encode(),
        json.dumps({**base, "msgId": "x" * 200}).encode(),
        json.dumps({**base, "msgId": "m\u0000"}).encode(),
        json.dumps({**base, "senderStaffId": ["a"]}).encode(),
        json.dumps({**base, "text": "not an object"}).encode(),
        b"\xff\xfe garbage",
        b"[]",
        b"null",
    ]
    codes = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
        for body in bodies:
            headers = {"timestamp": str(now), "sign": sign(str(now), secret), "content-type": "application/json"}
            codes.append((await client.post("/dingtalk/callback", content=body, headers=headers)).status_code)
    await channel.aclose()
    return {"probes": len(bodies), "server_errors": sum(c >= 500 for c in codes)}


def main() -> None:
    from leadscribe.logs import RedactingFilter

    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.addFilter(RedactingFilter())
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    logging.getLogger("leadscribe").warning(
        "send failed: https://api.telegram.org/bot%s/sendMessage to %s", TOKEN, PHONE
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = {
            "outage": asyncio.run(outage(Path(tmp))),
            "crash": asyncio.run(crash(Path(tmp))),
            "malformed": asyncio.run(malformed()),
        }
    text = log.getvalue()
    out["log"] = {
        "lines": text.count("\n"),
        "leaked": len(re.findall(re.escape(PHONE) + "|" + re.escape(TOKEN) + r"|access_token=(?!\*)", text)),
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
