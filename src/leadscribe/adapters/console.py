"""The console channel: a rep talks to the bot in a terminal (or through piped lines in tests)."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from ..ports import Button, InboundEvent, Reply

AUDIO_SUFFIXES = {".ogg", ".oga", ".opus", ".amr", ".wav", ".mp3", ".m4a", ".aac"}


class ConsoleChannel:
    """Prints replies; cards get numbered buttons that the next line can press."""

    name = "console"

    def __init__(self, user: str, out: TextIO | None = None) -> None:
        self.user = user
        self.out = out or sys.stdout
        self.buttons: list[Button] = []

    async def send(self, reply: Reply, context: Mapping[str, str] | None = None) -> None:
        if reply.chat_id != self.user:
            self._print(f"→ {reply.chat_id}：{reply.text}")
            return
        lines = []
        if reply.title:
            lines.append(f"【{reply.title}】")
        lines.append(reply.text)
        if reply.buttons:
            self.buttons = list(reply.buttons)
            lines.append("  ".join(f"[{i}] {b.label}" for i, b in enumerate(reply.buttons, 1)))
        self._print("\n".join(lines))

    async def fetch_media(self, event: InboundEvent) -> bytes:
        return Path(event.media_ref or "").read_bytes()

    def _print(self, text: str) -> None:
        self.out.write(text + "\n\n")
        self.out.flush()

    def to_event(self, line: str) -> InboundEvent | None:
        """One typed line as an event; None for an empty line."""
        text = line.strip()
        if not text:
            return None
        mid = uuid.uuid4().hex
        now = datetime.now(UTC)
        base = dict(channel="console", chat_id=self.user, sender_id=self.user, message_id=mid, sent_at=now)
        if text.startswith("/voice"):
            path = text[len("/voice") :].strip()
            return InboundEvent(
                kind="voice", media_ref=path, audio_format=Path(path).suffix.lstrip(".") or None, **base
            )  # type: ignore[arg-type]
        pressed = self._pressed(text)
        if pressed is not None:
            return InboundEvent(kind="button", text=pressed.payload, **base)  # type: ignore[arg-type]
        return InboundEvent(kind="text", text=text, **base)  # type: ignore[arg-type]

    def _pressed(self, text: str) -> Button | None:
        if text.isdigit() and 0 < int(text) <= len(self.buttons):
            return self.buttons[int(text) - 1]
        return next((b for b in self.buttons if b.label == text), None)


async def run_console(dispatcher: object, channel: ConsoleChannel, lines: TextIO | None = None) -> None:
    """Read lines until EOF or /quit, each handled to the end before the next is read."""
    source = lines or sys.stdin
    interactive = source.isatty() if hasattr(source, "isatty") else False
    while True:
        if interactive:
            channel.out.write(f"{channel.user}> ")
            channel.out.flush()
        line = await asyncio.to_thread(source.readline)
        if not line or line.strip() in ("/quit", "/exit"):
            return
        event = channel.to_event(line)
        if event is None:
            continue
        if event.kind == "voice" and not Path(event.media_ref or "").is_file():
            channel._print(f"找不到文件：{event.media_ref}")
            continue
        await dispatcher.handle_now(event)  # type: ignore[attr-defined]
