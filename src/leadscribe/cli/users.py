"""`leadscribe users add|list`."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import users_app
from .common import database, fail, print_json, settings


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Option("--name", help="Unique display name.")],
    role: Annotated[str, typer.Option("--role", help="rep, manager, store_manager or admin.")] = "rep",
    manager: Annotated[str | None, typer.Option("--manager", help="Name of their manager.")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="IANA time zone; default LEADSCRIBE_DEFAULT_TZ.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Phone for SMS reminders.")] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="zh or en; default LEADSCRIBE_DEFAULT_LANGUAGE.")
    ] = None,
    telegram: Annotated[str | None, typer.Option("--telegram", help="Telegram user id.")] = None,
    wecom: Annotated[str | None, typer.Option("--wecom", help="WeCom userid.")] = None,
    dingtalk: Annotated[str | None, typer.Option("--dingtalk", help="DingTalk staffId.")] = None,
) -> None:
    """Register a team member."""
    from ..crm.users import UserError, add_user, user_dict

    conf = settings()
    try:
        with database().session() as s:
            user = add_user(
                s,
                name,
                role=role,
                manager=manager,
                tz=tz or conf.default_tz,
                phone=phone,
                language=language or conf.default_language,
                telegram=telegram,
                wecom=wecom,
                dingtalk=dingtalk,
            )
            print_json(user_dict(user))
    except UserError as exc:
        fail(str(exc))


@users_app.command("list")
def users_list(as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False) -> None:
    """List the team."""
    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import select

    from ..crm.models import User
    from ..crm.users import user_dict

    with database().session() as s:
        users = [user_dict(u) for u in s.scalars(select(User).order_by(User.id))]
    if as_json:
        print_json(users)
        return
    table = Table("id", "name", "role", "manager", "tz", "phone")
    for u in users:
        table.add_row(
            str(u["id"]),
            str(u["name"]),
            str(u["role"]),
            str(u["manager"] or ""),
            str(u["tz"]),
            str(u["phone"] or ""),
        )
    Console().print(table)
