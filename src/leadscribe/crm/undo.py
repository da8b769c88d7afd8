"""Undo one confirmed capture by replaying its audit entries backwards."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from .models import (
    AuditEntry,
    Contact,
    ContactPhone,
    Customer,
    Draft,
    Lead,
    LeadFlag,
    Note,
    PlaybookFeedback,
    Task,
    User,
)

ENTITIES: dict[str, type[Any]] = {
    "customer": Customer,
    "contact": Contact,
    "lead": Lead,
    "note": Note,
    "task": Task,
    "flag": LeadFlag,
}
_DATE_FIELDS = {"key_date_start", "key_date_end"}


def undo_message(session: Session, user: User, source_message_id: str) -> int:
    """Revert what `user`'s capture from `source_message_id` did; returns how many changes were undone
    (0 when it was undone already)."""
    done = session.scalar(
        select(AuditEntry.id).where(
            AuditEntry.user_id == user.id,
            AuditEntry.source_message_id == source_message_id,
            AuditEntry.field == "undone",
        )
    )
    if done is not None:
        return 0
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.user_id == user.id,
            AuditEntry.source_message_id == source_message_id,
            AuditEntry.field != "undone",
        )
        .order_by(AuditEntry.id.desc())
    ).all()
    for e in entries:
        model = ENTITIES.get(e.entity)
        obj = session.get(model, e.entity_id) if model else None
        if obj is None:
            continue
        if e.field == "created":
            if isinstance(obj, Contact):
                session.execute(delete(ContactPhone).where(ContactPhone.contact_id == obj.id))
            if isinstance(obj, Lead):  # drafts and feedback outlive the lead they pointed at
                session.execute(update(Draft).where(Draft.lead_id == obj.id).values(lead_id=None))
                session.execute(update(PlaybookFeedback).where(PlaybookFeedback.lead_id == obj.id).values(lead_id=None))
            session.delete(obj)
            session.flush()
            continue
        old = json.loads(e.old_value) if e.old_value is not None else None
        if e.field in _DATE_FIELDS and old is not None:
            old = date.fromisoformat(old)
        setattr(obj, e.field, old)
        if isinstance(obj, Contact) and e.field == "phones":
            keep = set(old or [])
            session.execute(
                delete(ContactPhone).where(ContactPhone.contact_id == obj.id, ContactPhone.phone.notin_(keep))
            )
    marker = AuditEntry(entity="message", entity_id=0, field="undone", user_id=user.id)
    marker.source_message_id = source_message_id
    session.add(marker)
    session.flush()
    return len(entries)
