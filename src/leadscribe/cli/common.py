"""Helpers shared by CLI commands: settings, the database, JSON output, errors to stderr."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from ..crm.db import Database
    from ..crm.models import User
    from ..settings import Settings


def settings() -> Settings:
    """The settings of this command (environment and .env), read once: the CLI is an entry point."""
    from ..settings import get_settings
    from ..wiring import configure_process

    s = get_settings()
    configure_process(s)
    return s


@cache
def database() -> Database:
    """The database the settings name, schema upgraded, once per process."""
    from ..crm.db import Database

    db = Database(settings().db_url)
    db.upgrade()
    return db


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def require_user(session: Any, name: str) -> User:
    from ..crm.users import by_name

    user = by_name(session, name)
    if user is None:
        fail(f"no user named {name!r} (see `leadscribe users list`)")
    return user
