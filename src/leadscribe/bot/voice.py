"""Voice events to text: the platform's own recognition when given, else our speech room, biased by the
rep's own customers and contacts."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..crm.access import customers_query
from ..crm.models import Contact, User
from ..ports import Channel, InboundEvent, MediaTooLarge

UNREADABLE = "voice_unreadable"


@dataclass(frozen=True)
class Heard:
    """A voice note's text: `text` for extraction and the CRM, `shown` for the rep (unsure words in [brackets])."""

    text: str
    shown: str


class VoiceError(Exception):
    """No transcript; `key` names the polite reply (bot/i18n.py), said in the rep's language."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def hints_for(session: Session, user: User) -> dict[str, list[str]]:
    """Names the rep is likely to say: their companies and contacts."""
    customers = session.scalars(customers_query(session, user).limit(500)).all()
    ids = [c.id for c in customers]
    names = session.scalars(select(Contact.name).where(Contact.customer_id.in_(ids))).all() if ids else []
    return {
        "companies": sorted({c.company for c in customers if c.company}),
        "names": sorted({n for n in names if n}),
    }


async def voice_text(event: InboundEvent, channel: Channel | None, hints: dict[str, list[str]]) -> Heard:
    """The transcript of a voice event, or VoiceError with the reply to give."""
    if event.text.strip():
        return Heard(event.text.strip(), event.text.strip())  # DingTalk's own recognition
    audio = event.audio
    if audio is None:
        if channel is None or not event.media_ref:
            raise VoiceError(UNREADABLE)
        try:
            audio = await channel.fetch_media(event)
        except MediaTooLarge as exc:
            raise VoiceError("voice_too_large") from exc
        except Exception as exc:
            raise VoiceError(UNREADABLE) from exc
    heard = await _transcribe(audio, event.audio_format, hints)
    if not heard.text.strip():
        raise VoiceError("voice_not_heard")
    return heard


async def _transcribe(audio: bytes, fmt: str | None, hints: dict[str, list[str]]) -> Heard:
    try:
        from .. import speech
    except ImportError as exc:  # speech extras missing: say so politely
        raise VoiceError(UNREADABLE) from exc
    pool = getattr(speech, "get_pool", None)
    try:
        if pool is not None:
            result: Any = await pool().submit(audio, hints=_speech_hints(speech, hints))
        else:
            result = await asyncio.to_thread(_transcribe_file, speech, audio, fmt, hints)
    except Exception as exc:
        raise VoiceError(_reply_key(exc)) from exc
    text = str(getattr(result, "text", result) or "").strip()
    return Heard(text, str(getattr(result, "shown", "") or text).strip())


def _transcribe_file(speech: Any, audio: bytes, fmt: str | None, hints: dict[str, list[str]]) -> Any:
    with tempfile.NamedTemporaryFile(suffix=f".{fmt or 'bin'}") as f:
        Path(f.name).write_bytes(audio)
        return speech.transcribe(f.name, hints=_speech_hints(speech, hints))


def _speech_hints(speech: Any, hints: dict[str, list[str]]) -> Any:
    make = getattr(speech, "Hints", None)
    if make is None or not hints:
        return None
    try:
        return make(names=hints.get("names", []), companies=hints.get("companies", []))
    except TypeError:
        return None


def _reply_key(exc: Exception) -> str:
    return getattr(exc, "key", None) or UNREADABLE
