"""Typed button payloads: what a card's or a playbook's button hands back, encoded in at most 64 bytes
(Telegram's callback_data limit) and checked when it comes back, since any client can forge one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

DraftVerb = Literal["confirm", "edit", "cancel"]
MAX_BYTES = 64

_DRAFT = re.compile(r"(?P<verb>confirm|edit|cancel):(?P<draft>\d{1,18})")
_PICK = re.compile(r"pick:(?P<draft>\d{1,18}):(?P<n>\d{1,2})")
_FEEDBACK = re.compile(r"fb:(?P<book>[\w.-]{1,32}):(?P<lead>\d{0,18}):(?P<useful>[01])")


@dataclass(frozen=True)
class DraftAction:
    """确认 / 修改 / 取消 on the card of draft `draft_id`."""

    verb: DraftVerb
    draft_id: int

    def encode(self) -> str:
        return f"{self.verb}:{self.draft_id}"


@dataclass(frozen=True)
class Pick:
    """The rep's answer to "which customer?": choice `n` (0-based) of draft `draft_id`."""

    draft_id: int
    n: int

    def encode(self) -> str:
        return f"pick:{self.draft_id}:{self.n}"


@dataclass(frozen=True)
class Feedback:
    """有用 / 没用 on playbook `playbook_id` pushed for lead `lead_id`."""

    playbook_id: str
    lead_id: int | None
    useful: bool

    def encode(self) -> str:
        lead = "" if self.lead_id is None else str(self.lead_id)
        return f"fb:{self.playbook_id[:32]}:{lead}:{int(self.useful)}"


Payload = DraftAction | Pick | Feedback


def decode(data: str) -> Payload | None:
    """The payload a button carried, or None when it is not one of ours (stale, forged, truncated)."""
    if len(data.encode()) > MAX_BYTES:
        return None
    if m := _DRAFT.fullmatch(data):
        return DraftAction(m["verb"], int(m["draft"]))  # type: ignore[arg-type]
    if m := _PICK.fullmatch(data):
        return Pick(int(m["draft"]), int(m["n"]))
    if m := _FEEDBACK.fullmatch(data):
        return Feedback(m["book"], int(m["lead"]) if m["lead"] else None, m["useful"] == "1")
    return None
