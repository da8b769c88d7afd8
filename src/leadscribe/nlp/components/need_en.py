"""What the customer wants, in an English note (`they need 5 patient monitors` -> `patient monitors`)."""

from __future__ import annotations

import re

from ..types import Field

_COUNT = r"(?:\d+|a|an|some|two|three|four|five|six|seven|eight|nine|ten|a few|several|new)"
_CUE = re.compile(
    rf"\b(?:(?:(?:needs?|wants?|asked for|requests?)\s+)?(?:a\s+)?(?:quote|quotation|pricing|price)\s+(?:for|on)|"
    rf"(?:needs?|wants?|wanting|plans?|would like|looking|requires?)\s+to\s+"
    rf"(?:buy|order|purchase|replace|upgrade|get|install|add)|"
    rf"needs?|wants?|wanting|looking for|interested in|requires?|to (?:buy|order|purchase|replace|upgrade)|"
    rf"(?:buy|order|purchase|replace|upgrade)s?|asked (?:about|for)|quote for)\s+(?:(?:{_COUNT})\s+)?(?:more\s+)?",
    re.IGNORECASE,
)
# The object ends before what tells its amount, time, purpose or owner.
_END = re.compile(
    r"[,.;:!?()]|\s+(?:for|by|with|budget|next|before|after|within|and|at|in|on|this|from|to|asap|soon|"
    r"around|about|under|per|each|if|but|so|which|that|delivered|installed|shipped|replaced|ready|done)\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|a|an|our|your|their|some)\s+", re.IGNORECASE)
_MAX_WORDS = 5
# what a customer asks for that is no product: a service step, a price move, a pronoun
_NOT_A_PRODUCT = re.compile(
    r"^(?:it|them|this|that|one|delivery|a demo|demo|demos|a call|call|calls|a meeting|meeting|a quote|quote|pricing|"
    r"price|a discount|discount|more time|time|info|information|details|a callback|callback|an update|update|"
    r"a visit|visit|a trial|trial|references?|a proposal|proposal|approval)\b(?!\s+(?:system|software|platform|tool|"
    r"app|module|solution|kit|unit)s?\b)",
    re.IGNORECASE,
)


def english_need(text: str) -> Field | None:
    """The object right after a buying verb, else the noun phrase before `rollout`/`project`."""
    for m in _CUE.finditer(text):
        end_m = _END.search(text, m.end())
        end = end_m.start() if end_m else len(text)
        phrase = _ARTICLE.sub("", text[m.end() : end].strip())
        if phrase.lower().startswith("to ") or _NOT_A_PRODUCT.match(phrase):
            continue  # `they want to sign`, `want to meet`: an action, not a thing to buy
        words = phrase.split()
        if 1 <= len(words) <= _MAX_WORDS and phrase.replace(" ", "").replace("-", "").isalnum() and phrase.isascii():
            start = text.index(phrase, m.end())
            return Field(phrase, start, start + len(phrase), 0.7)
    m = re.search(
        r"\b(?:the|a|an|our|their)\s+((?:[A-Za-z][\w-]*\s){0,3}?[A-Za-z][\w-]*)"
        r"(\s+(?:upgrade|migration|replacement|refresh))?(?(2)|\s+(?:rollout|project|deployment))\b",
        text,
    )
    if m:  # `the LMS migration is on hold`: an upgrade or a migration is what they buy; a rollout is an event
        end = m.end(2) if m.group(2) else m.end(1)
        return Field(text[m.start(1) : end], m.start(1), end, 0.6)
    return None
