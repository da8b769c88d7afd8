"""Button payloads round-trip, stay within Telegram's 64 bytes, and anything else is refused."""

from __future__ import annotations

import pytest

from leadscribe.bot.payloads import MAX_BYTES, DraftAction, Feedback, decode


@pytest.mark.parametrize(
    "payload",
    [
        DraftAction("confirm", 7),
        DraftAction("cancel", 10**17),
        Feedback("competitor-medical", 42, True),
        Feedback("price-objection", None, False),
    ],
)
def test_a_payload_round_trips_within_the_limit(payload):
    data = payload.encode()
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == payload


@pytest.mark.parametrize(
    "data",
    ["", "confirm", "confirm:", "confirm:x", "delete:7", "confirm:7:8", "fb:a:b:1", "fb:x:1:2", "confirm:" + "9" * 70],
)
def test_anything_else_is_no_payload(data):
    assert decode(data) is None


async def test_a_forged_button_gets_a_polite_answer(chat):
    from leadscribe.ports import InboundEvent

    event = InboundEvent("console", "小张", "小张", "b-1", "button", text="confirm:99999")
    await chat.dispatcher.handle_now(event)
    assert "没有待确认的线索" in chat.channel.out.getvalue()
