"""Command line: `leadscribe extract|transcribe|chat|serve|users|leads|db|tasks|reminders|briefing`."""

from __future__ import annotations

import importlib
import logging
import sys

from pydantic import ValidationError

from .app import app

# Each module registers its commands on import; heavy imports stay inside the commands.
_COMMAND_MODULES = [
    "extract",
    "transcribe",
    "chat",
    "serve",
    "worker",
    "users",
    "leads",
    "db",
    "tasks",
    "reminders",
    "replay",
    "models",
]


def _load_commands() -> None:
    for name in _COMMAND_MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise


def main() -> None:
    from ..logs import configure_logging

    configure_logging(logging.WARNING)
    _load_commands()
    try:
        app()
    except ValidationError as exc:
        # a setting from the environment or .env that cannot be used: say which and why, no traceback
        for error in exc.errors():
            name = "LEADSCRIBE_" + "_".join(str(part) for part in error["loc"]).upper()
            print(f"leadscribe: {name}: {error['msg']}", file=sys.stderr)
        sys.exit(2)
