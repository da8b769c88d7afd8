"""`leadscribe leads list`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from ..crm.access import leads_query
from ..crm.models import Lead
from ..crm.views import lead_dict
from .app import leads_app
from .common import database, print_json, require_user


@leads_app.command("list")
def leads_list(
    user: Annotated[str | None, typer.Option("--user", help="Only what this user may see.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Leads with customer, contact, fields, flags and tasks."""
    with database().session() as s:
        if user:
            viewer = require_user(s, user)
            leads = s.scalars(leads_query(s, viewer)).all()
            tz = viewer.tz
        else:
            leads = s.scalars(select(Lead).order_by(Lead.id)).all()
            tz = "UTC"
        rows = [lead_dict(lead, tz if user else lead.customer.owner.tz) for lead in leads]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "owner", "company", "contact", "need", "budget", "flags", "tasks")
    for r in rows:
        b = r["budget"]
        budget = "" if not b else f"{b['min'] or ''}-{b['max'] or ''} {b['currency']}"
        table.add_row(
            str(r["id"]),
            r["owner"],
            r["customer"]["company"] or "",
            (r["contact"] or {}).get("name") or "",
            r["need"] or "",
            budget,
            ",".join(f["kind"] for f in r["flags"]),
            str(len(r["tasks"])),
        )
    Console().print(table)
