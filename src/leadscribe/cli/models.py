"""`leadscribe models pull NAME` and `models list`: larger Whisper models for deployments with internet."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app

models_app = typer.Typer(help="Whisper models.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("pull")
def pull_model(
    name: Annotated[str, typer.Argument(help="small, medium, large-v3 or large-v3-turbo")],
    mirror: Annotated[
        str | None, typer.Option("--mirror", help="A Hugging Face API mirror (default LEADSCRIBE_WHISPER_MIRROR).")
    ] = None,
) -> None:
    """Download a model (resumable, sha256-checked); then set LEADSCRIBE_WHISPER_MODEL=NAME to use it."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    from ..speech.pull import PullError, pull
    from .common import fail, settings

    s = settings()
    models_dir = s.model_dir or s.data_dir / "models"
    with Progress("{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn()) as bar:
        tasks: dict[str, int] = {}

        def show(file: str, done: int, total: int) -> None:
            if file not in tasks:
                tasks[file] = bar.add_task(file, total=total or None)
            bar.update(tasks[file], completed=done)

        try:
            folder = pull(name, models_dir, mirror or s.whisper_mirror, progress=show)
        except PullError as exc:
            fail(str(exc))
    typer.echo(f"{name}: {folder} (use it with LEADSCRIBE_WHISPER_MODEL={name})")


@models_app.command("list")
def list_models() -> None:
    """The models `pull` knows, and which are here."""
    from ..speech.pull import MODELS, is_complete, model_folder
    from .common import settings

    s = settings()
    models_dir = s.model_dir or s.data_dir / "models"
    for name, repo in MODELS.items():
        state = "ready" if is_complete(model_folder(models_dir, name)) else "-"
        typer.echo(f"{name:16} {state:6} {repo}")
