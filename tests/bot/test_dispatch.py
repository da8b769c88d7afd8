"""Nothing received is lost, nothing is processed twice: duplicates, crashes, failing platforms."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from leadscribe.adapters.console import ConsoleChannel
from leadscribe.bot.dispatch import Dispatcher, event_payload
from leadscribe.crm.models import Draft, InboxMessage, OutboxMessage
from leadscribe.ports import InboundEvent

from .conftest import NOW

NOTE = "华东医疗的张总想买两台CT设备，手机13812345678"


def event(mid: str = "m1", text: str = NOTE, sender: str = "小张", kind: str = "text", **more) -> InboundEvent:
    return InboundEvent(
        channel="console", chat_id=sender, sender_id=sender, message_id=mid, kind=kind, text=text, **more
    )


def voice(mid: str, **more) -> InboundEvent:
    """A voice note from 小张 (a platform media id, or the platform's own transcript as `text`)."""
    return event(mid, more.pop("text", ""), kind="voice", **more)


class Recorder:
    name = "console"

    def __init__(self, fail: int = 0) -> None:
        self.sent: list[str] = []
        self.fail = fail

    async def send(self, reply, context=None) -> None:
        if self.fail:
            self.fail -= 1
            raise ConnectionError("platform down")
        self.sent.append(reply.text)

    async def fetch_media(self, event):
        raise LookupError


async def test_a_message_delivered_three_times_is_processed_once(seeded):
    rec = Recorder()
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    results = [await d.submit(event()) for _ in range(3)]
    await d.drain()
    assert results == [True, False, False]
    assert len(rec.sent) == 1
    with seeded.session() as s:
        assert s.scalar(select(func.count(Draft.id))) == 1


def left_processing(db, mid: str, attempts: int) -> None:
    """The inbox row a worker killed mid-processing leaves behind (tried `attempts` times)."""
    with db.session() as s:
        s.add(
            InboxMessage(
                channel="console",
                message_id=mid,
                chat_id="小张",
                sender_id="小张",
                kind="text",
                payload=event_payload(event(mid)),
                status="processing",
                attempts=attempts,
            )
        )


async def test_a_row_left_processing_by_a_crash_is_resumed_once(seeded):
    left_processing(seeded, "m9", attempts=1)
    rec = Recorder()
    restarted = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    assert await restarted.resume() == 1
    assert await restarted.resume() == 0
    assert len(rec.sent) == 1 and "张总" in rec.sent[0]
    with seeded.session() as s:
        assert s.scalars(select(InboxMessage)).one().status == "done"


async def test_a_reply_the_platform_refused_is_sent_on_resume_and_only_then(seeded):
    rec = Recorder(fail=1)
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    await d.handle_now(event())
    assert rec.sent == []
    with seeded.session() as s:
        row = s.scalars(select(OutboxMessage)).one()
        assert (row.status, row.attempts) == ("pending", 1)
    await Dispatcher(seeded, {"console": rec}, clock=lambda: NOW).resume()
    await Dispatcher(seeded, {"console": rec}, clock=lambda: NOW).resume()
    assert len(rec.sent) == 1


async def test_console_buttons_are_pressed_by_number(seeded):
    channel = ConsoleChannel("小张", out=io.StringIO())
    d = Dispatcher(seeded, {"console": channel}, clock=lambda: NOW)
    await d.handle_now(channel.to_event(NOTE))
    pressed = channel.to_event("1")
    assert pressed.kind == "button" and pressed.text.startswith("confirm:")
    assert channel.to_event("9").kind == "text"  # no such button: a plain line


async def test_concurrent_deliveries_and_retries_are_stored_once_each(seeded):
    """Many webhooks at once, every message three times: one inbox row and one reply per message."""
    import asyncio

    rec = Recorder()
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    events = [event(f"c{i}", text=f"帮助 {i}") for i in range(30)]
    results = await asyncio.gather(*(d.submit(e) for e in events for _ in range(3)))
    await d.drain()
    assert sum(results) == 30
    assert len(rec.sent) == 30
    with seeded.session() as s:
        assert s.scalar(select(func.count(InboxMessage.id))) == 30
        assert s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "sent")) == 30


async def test_a_message_that_crashed_the_worker_every_time_is_set_aside_with_a_polite_reply(seeded):
    from leadscribe.bot.turns import MAX_ATTEMPTS

    # what `kill -9` during processing leaves, MAX_ATTEMPTS times over: status processing, attempts used up
    left_processing(seeded, "poison", attempts=MAX_ATTEMPTS)
    rec = Recorder()
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    await d.resume()
    await d.resume()  # and after any later restart: never tried again
    with seeded.session() as s:
        row = s.scalar(select(InboxMessage).where(InboxMessage.message_id == "poison"))
        assert (row.status, row.attempts, row.error) == ("failed", MAX_ATTEMPTS, "dead letter")
        assert s.scalar(select(func.count(Draft.id))) == 0  # the conversation never ran it again
    assert len(rec.sent) == 1 and "出了点问题" in rec.sent[0]


async def test_a_voice_note_too_large_to_download_gets_a_polite_reply(seeded):
    from leadscribe.ports import MediaTooLarge

    class Huge(Recorder):
        async def fetch_media(self, event):
            raise MediaTooLarge("30 MB announced")

    rec = Huge()
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    await d.handle_now(voice("v9", media_ref="x", audio_format="amr"))
    assert len(rec.sent) == 2 and "太大" in rec.sent[-1]  # after the "transcribing" notice


async def test_a_voice_note_with_nothing_to_capture_still_shows_what_was_heard(seeded):
    rec = Recorder()
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    # the platform's own recognition (DingTalk sends it): the transcript without running Whisper here
    await d.handle_now(voice("v10", text="青院一中那边还没回复"))
    assert len(rec.sent) == 1 and "🎙 青院一中那边还没回复" in rec.sent[0]


async def test_a_voice_note_to_transcribe_gets_an_immediate_notice_first(seeded):
    from leadscribe.ports import MediaTooLarge

    class Slow(Recorder):
        async def fetch_media(self, event):
            assert self.sent and "正在转写" in self.sent[0]  # the notice went out before the download began
            raise MediaTooLarge("stop here")

    rec = Slow()
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    await d.handle_now(voice("v11", media_ref="x", audio_format="ogg"))
    assert "正在转写" in rec.sent[0] and "太大" in rec.sent[1] and len(rec.sent) == 2


@pytest.mark.slow
async def test_a_dictated_note_shows_the_words_whisper_was_unsure_of_and_saves_the_text_clean(seeded):
    from pathlib import Path

    class Media(Recorder):
        async def fetch_media(self, event):
            return (Path(__file__).resolve().parents[1] / "data" / "voice" / "d008.wav").read_bytes()

    rec = Media()
    d = Dispatcher(seeded, {"console": rec}, clock=lambda: NOW)
    await d.handle_now(voice("v12", media_ref="x", audio_format="wav"))
    card = rec.sent[-1]  # after the "transcribing" notice
    assert "🎙 " in card and "[" in card.split("🎙 ", 1)[1].split("\n", 1)[0]
    assert "[ ] 里是没听清的词" in card
    with seeded.session() as s:
        draft = s.scalar(select(Draft))
        assert "[" not in draft.text and "[" not in draft.fields["_meta"]["transcript"]
