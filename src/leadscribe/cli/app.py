"""The Typer application and its command groups; each command lives in its own module."""

from __future__ import annotations

import typer

app = typer.Typer(help="leadscribe: a CRM that fills itself from chat.", no_args_is_help=True)
users_app = typer.Typer(help="Manage the team.", no_args_is_help=True)
leads_app = typer.Typer(help="Look at captured leads.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
tasks_app = typer.Typer(help="Tasks of reps.", no_args_is_help=True)
reminders_app = typer.Typer(help="Planned reminder steps.", no_args_is_help=True)

app.add_typer(users_app, name="users")
app.add_typer(leads_app, name="leads")
app.add_typer(db_app, name="db")
app.add_typer(tasks_app, name="tasks")
app.add_typer(reminders_app, name="reminders")
