"""Helpers shared by CLI commands: the database, JSON output, errors to stderr."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from ..crm.db import Database, get_database
from ..crm.models import User
from ..crm.users import by_name


def database() -> Database:
    return get_database()


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def require_user(session: Any, name: str) -> User:
    user = by_name(session, name)
    if user is None:
        fail(f"no user named {name!r} (see `leadscribe users list`)")
    return user
