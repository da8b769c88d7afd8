"""The inbox: every inbound event committed before it is acknowledged, once per (channel, message id)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from ..crm.db import Database, insert_new
from ..crm.models import Draft, InboxMessage, OutboxMessage
from ..ports import InboundEvent
from .intake import GroupCommit


def event_payload(event: InboundEvent) -> dict[str, Any]:
    data = asdict(event)
    audio = data.pop("audio")
    data["audio_b64"] = base64.b64encode(audio).decode() if audio else None
    data["sent_at"] = event.sent_at.isoformat() if event.sent_at else None
    return data


def event_from_payload(data: dict[str, Any]) -> InboundEvent:
    data = dict(data)
    b64 = data.pop("audio_b64", None)
    sent_at = data.get("sent_at")
    data["sent_at"] = datetime.fromisoformat(sent_at) if sent_at else None
    data["audio"] = base64.b64decode(b64) if b64 else None
    return InboundEvent(**data)


def store_events(db: Database, events: list[InboundEvent], now: datetime) -> list[int | None]:
    """One transaction: each event's new inbox row id, None for a message id stored before (or earlier in the
    list). Webhook intake and the outage spool both store through here."""
    rows = [
        {
            "channel": e.channel,
            "message_id": e.message_id,
            "chat_id": e.chat_id,
            "sender_id": e.sender_id,
            "kind": e.kind,
            "payload": event_payload(e),
            "received_at": now,
        }
        for e in events
    ]
    table = InboxMessage.__table__
    return db.write_now(lambda s: insert_new(s, table, rows, ["channel", "message_id"]))  # type: ignore[arg-type]


class Inbox:
    """Stores events (concurrent webhooks share one transaction, bot/intake.py) and lists what is left to do."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db, self.clock = db, clock
        self.commit: GroupCommit[InboundEvent, int | None] = GroupCommit(self._store_batch)

    async def put(self, event: InboundEvent) -> int | None:
        """The new row's id once committed; None for a message id already stored."""
        return await self.commit.put(event)

    def close(self) -> None:
        self.commit.close()

    def _store_batch(self, events: list[InboundEvent]) -> list[int | None]:
        """One transaction for the batch: a new row's id, None for a duplicate (stored before or in the batch)."""
        return store_events(self.db, events, self.clock())

    def requeue(self) -> None:
        with self.db.session() as s:
            s.execute(update(InboxMessage).where(InboxMessage.status == "processing").values(status="pending"))

    def pending_ids(self, busy: set[int] | frozenset[int] = frozenset(), limit: int = 500) -> list[int]:
        """Oldest pending inbox rows, leaving out those in `busy` (being processed)."""
        with self.db.session() as s:
            q = select(InboxMessage.id).where(InboxMessage.status == "pending").order_by(InboxMessage.id)
            return [i for i in s.scalars(q.limit(limit + len(busy))) if i not in busy][:limit]

    def unfinished(self) -> list[int]:
        with self.db.session() as s:
            return list(
                s.scalars(
                    select(InboxMessage.id)
                    .where(InboxMessage.status.in_(("pending", "processing")))
                    .order_by(InboxMessage.id)
                )
            )


def forget_old(db: Database, now: datetime, keep: timedelta) -> dict[str, int]:
    """Delete finished messages received, replies sent and cards answered more than `keep` ago: what matters is
    in the CRM by then, and raw texts (phone numbers, strangers' messages) should not stay forever."""
    cutoff = now - keep
    old_inbox = select(InboxMessage.id).where(
        InboxMessage.status.in_(("done", "failed", "refused")), InboxMessage.received_at < cutoff
    )
    with db.session() as s:
        drafts = s.execute(
            delete(Draft)
            .where(Draft.status != "open", Draft.created_at < cutoff)
            .execution_options(synchronize_session=False)
        ).rowcount
        # an open card keeps its text; only its link to the message goes
        s.execute(
            update(Draft)
            .where(Draft.inbox_id.in_(old_inbox))
            .values(inbox_id=None)
            .execution_options(synchronize_session=False)
        )
        inbox = s.execute(
            delete(InboxMessage).where(InboxMessage.id.in_(old_inbox)).execution_options(synchronize_session=False)
        ).rowcount
        outbox = s.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.status.in_(("sent", "failed")), OutboxMessage.created_at < cutoff)
            .execution_options(synchronize_session=False)
        ).rowcount
    return {"inbox": inbox, "outbox": outbox, "drafts": drafts}
