"""`leadscribe db upgrade|seed`."""

from __future__ import annotations

import typer

from .app import db_app
from .common import settings


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema to the latest revision."""
    from ..crm.db import Database
    from ..crm.migrate import current

    db = Database(settings().db_url)
    db.upgrade()
    typer.echo(f"schema at revision {current(db.engine)} ({db.engine.url.render_as_string()})", err=True)


@db_app.command("seed")
def db_seed() -> None:
    """Add the demo team to an empty database."""
    from ..crm.db import Database
    from ..crm.seed import seed_demo

    db = Database(settings().db_url)
    db.upgrade()
    with db.session() as s:
        added = seed_demo(s)
    typer.echo("demo team added" if added else "users exist already; nothing added", err=True)
