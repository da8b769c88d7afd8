"""A note posted in a group chat: the card and any answer go to the rep privately, the group only hears that."""

from __future__ import annotations

from leadscribe.bot.dispatch import Dispatcher
from leadscribe.crm.models import User
from leadscribe.ports import InboundEvent

from .conftest import NOW
from .test_dispatch import Recorder


async def test_cards_and_answers_from_a_group_go_to_the_rep_privately(seeded):
    with seeded.session() as s:
        rep = s.query(User).filter_by(name="小张").one()
        rep.telegram_id = "5001"
    sent: list[tuple[str, str]] = []

    class Telegram(Recorder):
        name = "telegram"

        async def send(self, reply, context=None) -> None:
            sent.append((reply.chat_id, reply.text))

    d = Dispatcher(seeded, {"telegram": Telegram()}, clock=lambda: NOW)

    def in_group(n: int, text: str) -> InboundEvent:
        return InboundEvent(
            channel="telegram",
            chat_id="-100777",
            sender_id="5001",
            message_id=f"-100777:{n}",
            kind="text",
            text=text,
            group=True,
        )

    note = "华东医疗的张总想买两台CT设备，预算300万，手机13812345678"
    await d.handle_now(in_group(1, note))
    private = [text for chat, text in sent if chat == "5001"]
    public = [text for chat, text in sent if chat == "-100777"]
    assert private and "13812345678" in private[0] and "300万" in private[0]
    assert len(public) == 1
    for secret in ("13812345678", "300", "华东医疗", "张总"):
        assert secret not in public[0]
    # a search asked in the group is answered privately too
    sent.clear()
    await d.handle_now(in_group(2, "查 华东"))
    assert all(chat == "5001" for chat, text in sent if "华东" in text)
