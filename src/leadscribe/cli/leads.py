"""`leadscribe leads list`."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import leads_app
from .common import database, print_json, require_user


@leads_app.command("list")
def leads_list(
    user: Annotated[str | None, typer.Option("--user", help="Only what this user may see.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    open_only: Annotated[bool, typer.Option("--open", help="Only deals still open (not won or lost).")] = False,
) -> None:
    """Leads (deals) with stage, customer, contact, fields, flags and tasks."""
    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import select

    from ..crm.access import leads_query
    from ..crm.models import OPEN_STAGES, Lead
    from ..crm.views import lead_dict

    with database().session() as s:
        if user:
            viewer = require_user(s, user)
            query = leads_query(s, viewer)
            tz = viewer.tz
        else:
            query = select(Lead).order_by(Lead.id)
            tz = "UTC"
        if open_only:
            query = query.where(Lead.stage.in_(OPEN_STAGES))
        leads = s.scalars(query).all()
        rows = [lead_dict(lead, tz if user else lead.customer.owner.tz) for lead in leads]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "owner", "stage", "company", "contact", "need", "budget", "flags", "tasks")
    for r in rows:
        b = r["budget"]
        budget = "" if not b else f"{b['min'] or ''}-{b['max'] or ''} {b['currency']}"
        table.add_row(
            str(r["id"]),
            r["owner"],
            r["stage"],
            r["customer"]["company"] or "",
            (r["contact"] or {}).get("name") or "",
            r["need"] or "",
            budget,
            ",".join(f["kind"] for f in r["flags"]),
            str(len(r["tasks"])),
        )
    Console().print(table)
