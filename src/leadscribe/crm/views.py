"""Plain-dict views of CRM records for JSON output (CLI, API); times shown in the viewer's zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .models import Customer, Lead, Task


def local_iso(moment: datetime | None, tz: str) -> str | None:
    return None if moment is None else moment.astimezone(ZoneInfo(tz)).isoformat(timespec="minutes")


def task_dict(task: Task, tz: str) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "due_utc": task.due_at.isoformat(timespec="minutes"),
        "due_local": local_iso(task.due_at, tz),
        "all_day": task.all_day,
        "status": task.status,
        "assignee": task.assignee.name if task.assignee else None,
        "lead_id": task.lead_id,
    }


def customer_dict(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "company": customer.company,
        "industry": customer.industry,
        "owner": customer.owner.name,
        "at_risk": customer.at_risk,
        "contacts": [
            {"id": c.id, "name": c.name, "title": c.title, "phones": list(c.phones or []), "email": c.email}
            for c in customer.contacts
        ],
    }


def lead_dict(lead: Lead, tz: str) -> dict[str, Any]:
    budget = None
    if lead.budget_min is not None or lead.budget_max is not None:
        budget = {"min": lead.budget_min, "max": lead.budget_max, "currency": lead.currency}
    key_date = None
    if lead.key_date_end is not None:
        key_date = {
            "start": lead.key_date_start.isoformat() if lead.key_date_start else None,
            "end": lead.key_date_end.isoformat(),
        }
    contact = lead.contact
    return {
        "id": lead.id,
        "owner": lead.customer.owner.name,
        "stage": lead.stage,
        "stage_changed_at": local_iso(lead.stage_changed_at, tz),
        # what a won deal is worth: the amount it was won at (its budget once won)
        "value": (lead.budget_max or lead.budget_min) if lead.stage == "won" else None,
        "source": lead.source,
        "customer": customer_dict(lead.customer),
        "contact": None if contact is None else {"name": contact.name, "phones": list(contact.phones or [])},
        "need": lead.need,
        "budget": budget,
        "key_date": key_date,
        "flags": [{"kind": f.kind, "competitor": f.competitor, "evidence": f.evidence} for f in lead.flags],
        "tasks": [task_dict(t, tz) for t in lead.tasks],
        "notes": len(lead.notes),
        "created_at": local_iso(lead.created_at, tz),
    }
