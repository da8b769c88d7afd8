"""`leadscribe transcribe FILE... [--json]`: voice notes to Simplified-Chinese text."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import typer

from .app import app
from .common import print_json


@app.command()
def transcribe(
    files: list[Path] = typer.Argument(..., help="Audio files (OGG/Opus, AMR, WAV, MP3, M4A)."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per file."),
) -> None:
    """Transcribe voice notes; errors go to stderr and the other files are still processed."""
    from .. import speech
    from ..bot.i18n import say

    failed = 0
    for path in files:
        try:
            result = speech.transcribe(path)
        except speech.SpeechError as exc:
            failed += 1
            typer.echo(f"error: {path}: {say('zh', exc.key)} ({exc})", err=True)
            continue
        if json_out:
            print_json({"file": str(path), **asdict(result)})
        else:
            typer.echo(result.text)
    if failed:
        raise typer.Exit(1)
