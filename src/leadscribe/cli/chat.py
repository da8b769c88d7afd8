"""`leadscribe chat`: the console channel against the configured database (demo team on a fresh one)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from .app import app


@app.command()
def chat(
    user: Annotated[str | None, typer.Option("--user", help="Who is typing (default: the demo rep).")] = None,
) -> None:
    """Talk to the bot in this terminal as a rep."""
    from ..adapters.console import ConsoleChannel
    from ..bot.dispatch import Dispatcher
    from ..crm.seed import DEMO_REP, seed_demo
    from ..crm.users import by_name
    from ..wiring import build_conversation
    from .common import database, settings

    db = database()
    with db.session() as s:
        if seed_demo(s):
            typer.echo("A new database: the demo team (王店长, 李经理, 小张, 小陈, Amy) was added.", err=True)
        name = user or DEMO_REP
        if by_name(s, name) is None:
            typer.echo(f"error: no user named {name!r} (see `leadscribe users list`)", err=True)
            raise typer.Exit(2)
    channel = ConsoleChannel(name)
    dispatcher = Dispatcher(
        db,
        {"console": channel},
        build_conversation(settings()),
    )
    typer.echo(
        f"leadscribe — {name}。发客户笔记、转发客户消息或 /voice 文件路径；“帮助”看命令，/quit 退出。",
        err=True,
    )
    asyncio.run(_main(dispatcher, channel))


async def _main(dispatcher: object, channel: object) -> None:
    from ..adapters.console import run_console

    await dispatcher.resume()  # type: ignore[attr-defined]
    await run_console(dispatcher, channel)  # type: ignore[arg-type]
