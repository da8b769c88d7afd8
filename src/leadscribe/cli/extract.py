"""`leadscribe extract`: lead fields of one message or of a JSONL file, one JSON object a line on stdout."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import app

log = logging.getLogger(__name__)


def _parse_now(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"--now/now is not ISO 8601: {value!r}") from exc


def _empty_fields() -> dict[str, Any]:
    from ..nlp import Extraction

    return Extraction(text="").to_schema()


def _transcribe(path: Path) -> str:
    # Imported only for audio rows: text-only runs never load the speech stack.
    from ..speech import transcribe

    return transcribe(path).text


def extract_row(row: dict[str, Any], base: Path, now: datetime | None, tz: str | None) -> dict[str, Any]:
    """One output row for one input row; audio that fails to transcribe gives null fields and `error`."""
    from ..nlp import extract

    out: dict[str, Any] = {"id": row.get("id")}
    row_now = _parse_now(row.get("now")) or now
    row_tz = row.get("tz") or tz
    text = row.get("text") or ""
    if row.get("audio"):
        try:
            text = _transcribe(base / row["audio"])
        except Exception as exc:  # one bad file must not stop the run
            log.error("transcription of %s failed: %s", row["audio"], exc)
            out.update(_empty_fields())
            out.update({"transcript": None, "error": f"transcription failed: {exc}"})
            return out
        out["transcript"] = text
    result = extract(text, row_now, row_tz)
    out.update(result.to_schema())
    if result.warnings:
        out["warnings"] = result.warnings
    return out


def _write(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
def extract(
    text: Annotated[str | None, typer.Argument(help="The message; omit with --jsonl.")] = None,
    now: Annotated[str | None, typer.Option("--now", help="When it was sent (ISO 8601); default: now.")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="User's IANA zone; default: the offset of --now.")] = None,
    jsonl: Annotated[Path | None, typer.Option("--jsonl", help="Rows with id, text or audio, now, tz.")] = None,
) -> None:
    """Extract lead fields (contact, company, phone, budget, dates, flags…) as JSON lines."""
    try:
        moment = _parse_now(now)
        if jsonl is None:
            if text is None:
                raise ValueError("give a TEXT or --jsonl FILE")
            from ..nlp import extract as run

            _write(run(text, moment, tz).to_schema())
            return
        with jsonl.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    log.error("%s:%d is not JSON: %s", jsonl, number, exc)
                    _write({"id": None, **_empty_fields(), "error": f"line {number} is not JSON"})
                    continue
                try:
                    _write(extract_row(row, jsonl.parent, moment, tz))
                except ValueError as exc:
                    _write({"id": row.get("id"), **_empty_fields(), "error": str(exc)})
    except (ValueError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
