"""The one outbox: every message leadscribe sends (replies, reminders, escalations, briefings, SMS) is a row with
a unique key, delivered by one state machine: pending -> sending -> sent, or back to pending with back-off, or
failed after MAX_ATTEMPTS. A row is claimed (pending -> sending) in one conditional UPDATE, so two senders never
send it twice; rows a crash left "sending" go back to pending at start-up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..crm.db import Database
from ..crm.models import OutboxMessage, User
from ..crm.users import chat_address, preferred_channel
from ..ports import Button, Channel, Reply, SmsSender

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BATCH = 500
PARALLEL = 50
SMS = "sms"


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min... capped at an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


class SmsChannel:
    """SMS as one more channel: the reply's chat id is the phone number, the outbox key travels in the context."""

    name = SMS

    def __init__(self, sender: SmsSender) -> None:
        self.sender = sender

    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        await self.sender.send(reply.chat_id, reply.text, (context or {}).get("outbox_key", ""))

    async def fetch_media(self, event: Any) -> bytes:
        raise LookupError("SMS carries no media")


def outbox_row(
    key: str, recipient: User, medium: str, payload: dict[str, Any], due_at: datetime, late: bool
) -> dict[str, Any]:
    """Column values of one row for a user; `medium` is "chat" (their preferred channel) or "sms"."""
    if medium == SMS:
        channel, address = SMS, recipient.phone
    else:
        channel = preferred_channel(recipient)
        address = chat_address(recipient, channel)
    return dict(
        key=key,
        channel=channel,
        recipient_id=recipient.id,
        address=address,
        payload=payload,
        status="pending" if address else "failed",
        attempts=0,
        late=late,
        error=None if address else f"no {medium} address for user {recipient.id}",
        due_at=due_at,
        created_at=due_at,
        sent_at=None,
    )


def insert_outbox(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert rows whose key is new (ON CONFLICT DO NOTHING); count those inserted."""
    if not rows:
        return 0
    dialect_insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = (
        dialect_insert(OutboxMessage.__table__)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OutboxMessage.__table__.c.id)
    )
    # executemany through SQLAlchemy's batched "insertmanyvalues": one cached statement, few round trips.
    return len(session.connection().execute(stmt, rows).all())


def queue_message(
    session: Session, key: str, recipient: User, medium: str, payload: dict[str, Any], due_at: datetime, late: bool
) -> bool:
    """Insert one row unless `key` exists; True if inserted."""
    return bool(insert_outbox(session, [outbox_row(key, recipient, medium, payload, due_at, late)]))


@dataclass
class Delivery:
    id: int
    key: str
    channel: str
    address: str
    payload: dict[str, Any]
    attempts: int


async def deliver(
    db: Database,
    channels: Mapping[str, Channel],
    now: datetime,
    *,
    key_prefix: str | None = None,
    due_only: bool = True,
) -> int:
    """Send pending rows (those due by `now`, or all of them; only keys starting with `key_prefix` when given).
    Failures go back to pending with back-off, then fail; returns how many were sent."""
    sent_total = 0
    while True:
        batch = await asyncio.to_thread(_claim, db, now, key_prefix, due_only)
        if not batch:
            return sent_total
        gate = asyncio.Semaphore(PARALLEL)
        results = await asyncio.gather(*(_attempt(d, gate, channels, db, now) for d in batch))
        sent_total += sum(1 for _, err in results if err is None)
        if len(batch) < BATCH:
            return sent_total


def release_stale(db: Database, older_than: timedelta | None = None) -> int:
    """Rows a crash left "sending" go back to pending: all of them when one worker starts (nothing else sends),
    only those taken `older_than` ago when other workers may be sending right now."""
    q = update(OutboxMessage).where(OutboxMessage.status == "sending")
    if older_than is not None:
        cutoff = datetime.now(UTC) - older_than
        q = q.where(or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < cutoff))
    with db.session() as s:
        return s.execute(q.values(status="pending").execution_options(synchronize_session=False)).rowcount


def next_retry(session: Session) -> datetime | None:
    return session.scalar(
        select(OutboxMessage.due_at).where(OutboxMessage.status == "pending").order_by(OutboxMessage.due_at).limit(1)
    )


def _claim(db: Database, now: datetime, key_prefix: str | None, due_only: bool) -> list[Delivery]:
    with db.session() as s:
        q = select(OutboxMessage).where(OutboxMessage.status == "pending")
        if due_only:
            q = q.where(OutboxMessage.due_at <= now)
        if key_prefix is not None:
            q = q.where(OutboxMessage.key.startswith(key_prefix, autoescape=True))
        claimed = []
        for r in s.scalars(q.order_by(OutboxMessage.due_at, OutboxMessage.id).limit(BATCH)).all():
            won = s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == r.id, OutboxMessage.status == "pending")
                .values(status="sending", claimed_at=datetime.now(UTC))
                .execution_options(synchronize_session=False)
            ).rowcount
            if won:
                claimed.append(Delivery(r.id, r.key, r.channel, r.address or "", dict(r.payload), r.attempts))
        return claimed


# Results are written on a thread of their own: behind voice transcription in the shared pool, a sent reply would
# stay "sending" for seconds, and a crash in between would send it again.
_RECORDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-record")


async def _attempt(
    d: Delivery, gate: asyncio.Semaphore, channels: Mapping[str, Channel], db: Database, now: datetime
) -> tuple[Delivery, str | None]:
    async with gate:
        err: str | None = None
        try:
            await _send(d, channels)
        except Exception as exc:  # the outside world's failure: recorded by type (no URL, token or text), retried
            detail = getattr(exc, "public_detail", None)
            err = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        # recorded at once, so a crash repeats at most the replies in flight, never the ones already taken
        await asyncio.get_running_loop().run_in_executor(_RECORDER, _record, db, [(d, err)], now)
        return d, err


async def _send(d: Delivery, channels: Mapping[str, Channel]) -> None:
    channel = channels.get(d.channel)
    if channel is None:
        raise LookupError(f"channel {d.channel!r} is not running in this process")
    reply = Reply(
        chat_id=d.address,
        text=str(d.payload.get("text", "")),
        title=d.payload.get("title"),
        buttons=[Button(label, data) for label, data in d.payload.get("buttons") or []],
    )
    context = d.payload.get("context")
    if d.channel == SMS:
        context = {"outbox_key": d.key}
    await channel.send(reply, context)


def _record(db: Database, results: list[tuple[Delivery, str | None]], now: datetime) -> None:
    with db.session() as s:
        ok = [d.id for d, err in results if err is None]
        if ok:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ok))
                .values(status="sent", sent_at=now, attempts=OutboxMessage.attempts + 1, error=None)
                .execution_options(synchronize_session=False)
            )
        for d, err in results:
            if err is None:
                continue
            attempts = d.attempts + 1
            failed = attempts >= MAX_ATTEMPTS
            log.warning("send %s failed (attempt %d%s): %s", d.id, attempts, ", giving up" if failed else "", err)
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == d.id)
                .values(
                    attempts=attempts,
                    error=err,
                    status="failed" if failed else "pending",
                    due_at=now + backoff(attempts),
                )
                .execution_options(synchronize_session=False)
            )
