"""DingTalk Stream mode: the robot's callbacks over an outbound websocket (no public address needed)."""

from __future__ import annotations

import logging
from typing import Any

from ..ports import Submitter
from .dingtalk import DingTalkChannel

log = logging.getLogger(__name__)


def stream_handler(channel: DingTalkChannel, submitter: Submitter) -> Any:
    """A dingtalk_stream ChatbotHandler that turns each robot message into the same InboundEvent as HTTP."""
    import dingtalk_stream  # optional dependency, imported only when Stream mode is used

    class _Handler(dingtalk_stream.ChatbotHandler):
        async def process(self, callback: Any) -> tuple[int, str]:
            data = callback.data if isinstance(callback.data, dict) else {}
            try:
                event = channel.parse(data)
            except (ValueError, TypeError, AttributeError) as exc:
                log.warning("dingtalk stream: malformed message (%s)", type(exc).__name__)
                return dingtalk_stream.AckMessage.STATUS_OK, "ignored"  # a redelivery would fail the same way
            if event is not None:
                await submitter.submit(event)
            return dingtalk_stream.AckMessage.STATUS_OK, "OK"

    return _Handler()


async def run_stream(channel: DingTalkChannel, submitter: Submitter) -> None:
    """Connect with the app key/secret and feed robot messages to the submitter until cancelled."""
    import dingtalk_stream

    client = dingtalk_stream.DingTalkStreamClient(dingtalk_stream.Credential(channel.app_key, channel.app_secret))
    client.register_callback_handler(dingtalk_stream.ChatbotMessage.TOPIC, stream_handler(channel, submitter))
    await client.start()
