"""A recording Submitter for adapter tests: keeps events, says False for a (channel, message_id) seen before."""

from __future__ import annotations

from leadscribe.ports import InboundEvent


class RecordingSubmitter:
    def __init__(self) -> None:
        self.events: list[InboundEvent] = []
        self.duplicates = 0
        self._seen: set[tuple[str, str]] = set()

    async def submit(self, event: InboundEvent) -> bool:
        key = (event.channel, event.message_id)
        if key in self._seen:
            self.duplicates += 1
            return False
        self._seen.add(key)
        self.events.append(event)
        return True
