"""Where a note says a deal stands: won or lost (data/outcome_*.txt), else how far it got (data/stage_*.txt:
contacted, proposal, negotiation); a negation right before a cue cancels it."""

from __future__ import annotations

import re
from typing import Literal

from . import lexicon

Outcome = Literal["won", "lost"]
Stage = Literal["contacted", "proposal", "negotiation", "won", "lost"]
PROGRESS: tuple[Stage, ...] = ("negotiation", "proposal", "contacted")  # furthest first


@lexicon.derived
def _negation_before() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation(lexicon.words('negation_prefixes.txt'))})$")


# `have not signed the PO`, `haven't closed the deal yet`, `never went with`
_NOT_EN = re.compile(r"\b(?:not|never|no|n't|yet to|didn't|hasn't|haven't)\s+(?:yet\s+|been\s+|really\s+)?$", re.I)


def _said(name: str, text: str) -> bool:
    for m in lexicon.cue_regex(name).finditer(text):
        if m.group(0).startswith(("没", "未")):
            return True  # the cue carries its own negation (没中标)
        before = text[max(0, m.start() - 20) : m.start()]
        if not _negation_before().search(before[-4:]) and not _NOT_EN.search(before):
            return True
    return False


def read_outcome(text: str) -> Outcome | None:
    """`lost` for 丢单/选了别家/没中标, `won` for 签了/中标/PO signed, None otherwise (还没签 is neither)."""
    if _said("outcome_lost.txt", text):
        return "lost"
    if _said("outcome_won.txt", text):
        return "won"
    return None


def read_stage(text: str) -> Stage | None:
    """The furthest stage the note reports: won/lost first, then negotiation, proposal, contacted."""
    outcome = read_outcome(text)
    if outcome is not None:
        return outcome
    return next((stage for stage in PROGRESS if _said(f"stage_{stage}.txt", text)), None)
