"""The outbox side of reminders: insert a message once (unique key), then deliver it with retries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..crm.db import Database
from ..crm.models import OutboxMessage, User
from ..crm.users import chat_address, preferred_channel
from ..ports import Channel, Reply, SmsSender

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BATCH = 500
PARALLEL = 50


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min... capped at an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def outbox_row(
    key: str, recipient: User, medium: str, payload: dict[str, Any], due_at: datetime, late: bool
) -> dict[str, Any]:
    """Column values of one outbox row; `medium` is "chat" (their preferred channel) or "sms"."""
    if medium == "sms":
        channel, address = "sms", recipient.phone
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
        error=None if address else f"no {medium} address for {recipient.name}",
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
    session: Session,
    key: str,
    recipient: User,
    medium: str,
    payload: dict[str, Any],
    due_at: datetime,
    late: bool,
) -> bool:
    """Insert one outbox row unless `key` exists; True if inserted."""
    return bool(insert_outbox(session, [outbox_row(key, recipient, medium, payload, due_at, late)]))


@dataclass
class Delivery:
    id: int
    key: str
    channel: str
    address: str
    payload: dict[str, Any]
    attempts: int


async def dispatch(db: Database, channels: Mapping[str, Channel], sms: SmsSender, now: datetime) -> int:
    """Send every pending row that is due; failures are retried with back-off, then marked failed."""
    sent_total = 0
    while True:
        batch = await asyncio.to_thread(_claim, db, now)
        if not batch:
            return sent_total
        gate = asyncio.Semaphore(PARALLEL)
        results = await asyncio.gather(*(_attempt(d, gate, channels, sms) for d in batch))
        await asyncio.to_thread(_record, db, results, now)
        sent_total += sum(1 for _, err in results if err is None)
        if len(batch) < BATCH:
            return sent_total


def _claim(db: Database, now: datetime) -> list[Delivery]:
    with db.session() as s:
        rows = s.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.due_at <= now)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(BATCH)
        ).all()
        return [Delivery(r.id, r.key, r.channel, r.address or "", dict(r.payload), r.attempts) for r in rows]


async def _attempt(
    d: Delivery, gate: asyncio.Semaphore, channels: Mapping[str, Channel], sms: SmsSender
) -> tuple[Delivery, str | None]:
    async with gate:
        try:
            await _deliver(d, channels, sms)
            return d, None
        except Exception as exc:  # any failure of the outside world is recorded, then retried
            return d, f"{exc.__class__.__name__}: {exc}"[:500]


async def _deliver(d: Delivery, channels: Mapping[str, Channel], sms: SmsSender) -> None:
    text = str(d.payload.get("text", ""))
    if d.channel == "sms":
        await sms.send(d.address, text, d.key)
        return
    channel = channels.get(d.channel)
    if channel is None:
        raise LookupError(f"channel {d.channel!r} is not running in this process")
    await channel.send(Reply(chat_id=d.address, text=text, title=d.payload.get("title")), None)


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
            log.warning("send %s failed (attempt %d%s): %s", d.key, attempts, ", giving up" if failed else "", err)
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


def next_retry(session: Session) -> datetime | None:
    return session.scalar(
        select(OutboxMessage.due_at).where(OutboxMessage.status == "pending").order_by(OutboxMessage.due_at).limit(1)
    )
