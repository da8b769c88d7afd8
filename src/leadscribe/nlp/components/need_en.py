"""What the customer wants, in an English note (`they need 5 patient monitors` -> `patient monitors`)."""

from __future__ import annotations

import re

from .. import lexicon
from ..types import Field

_COUNT = r"(?:\d+|a|an|some|two|three|four|five|six|seven|eight|nine|ten|a few|several|new)"
_CUE = re.compile(
    rf"\b(?:(?:(?:needs?|wants?|asked for|requests?)\s+)?(?:a\s+)?(?:quote|quotation|pricing|price)\s+(?:for|on)|"
    # `called about a permit system`, `contract for the fraud monitoring service`, `need: AP automation`
    rf"(?:called|calling|emailed|asked|inquired|inquiring|reached out|talked|spoke|came in)\s+about|"
    rf"(?:contract|deal|PO|order|RFP|license|licenses|proposal)\s+for|(?:need|want|product|interest)\s*:|"
    rf"(?:needs?|wants?|wanting|plans?|would like|looking|requires?)\s+to\s+"
    rf"(?:buy|order|purchase|replace|upgrade|get|install|add)|"
    rf"needs?|wants?|wanting|looking for|interested in|requires?|to (?:buy|order|purchase|replace|upgrade)|"
    rf"(?:buy|order|purchase|replace|upgrade)s?|asked (?:about|for)|quote for)\s+(?:(?:{_COUNT})\s+)?(?:more\s+)?",
    re.IGNORECASE,
)
# The object ends before what tells its amount, time, purpose or owner.
_END = re.compile(
    r"[,.;:!?()]|\s+(?:for|by|with|budget|next|before|after|within|and|at|in|on|this|from|to|asap|soon|"
    r"around|about|under|per|each|if|but|so|which|that|delivered|installed|shipped|replaced|ready|done|"
    r"wants?|needs?|says?|said|is|are|was|were|he|she|they|we|it|his|her|their|price|budget|decision|"
    r"demo|quoted|signed|signing|go|live|has|have|had|will|would|can|could)\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(
    r"^(?:the|a|an|our|your|their|some|his|her|its|my)\s+(?:(?:old|current|existing)\s+(?=\w+\s))?", re.IGNORECASE
)
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
        if re.match(r"to\b", phrase, re.IGNORECASE) or _NOT_A_PRODUCT.match(phrase):
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


# a pause in a shorthand or mixed note: comma, semicolon, slash, bar, ` - `, `>>`, a Chinese comma or stop
_SEGMENT = re.compile(r"[,;|/，。；、:：()（）]|\s[-–]\s|>>|\n")
# a Chinese buying verb before a Latin phrase (`想要 guest WiFi upgrade`, `谈了 fraud analytics`)
_HAN_CUE = re.compile(r"^.*?(?:想要|需要|想做|想上|想买|要做|要上|采购|谈了|聊了|问了|看了)\s*")
_LATIN_PHRASE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*){0,4}$")


@lexicon.derived
def _head_at_end() -> re.Pattern[str]:
    heads = lexicon.alternation(lexicon.words("product_heads_en.txt"))
    return re.compile(rf"(?<![A-Za-z])(?:{heads})$", re.IGNORECASE)


def segment_need(text: str) -> Field | None:
    """A short Latin segment ending like a product (`Pinnacle Dental; imaging software; $1.1M`, `KYC API`)."""
    start = 0
    for m in [*_SEGMENT.finditer(text), None]:
        end = len(text) if m is None else m.start()
        raw = text[start:end]
        seg = _HAN_CUE.sub("", raw).strip()
        seg = _ARTICLE.sub("", re.sub(r"^(?:wants?|needs?|wanting)\s+", "", seg, flags=re.IGNORECASE))
        # `CloudNine Software` written in title case is a name, not what is bought
        titled = all(w[:1].isupper() and not w.isupper() for w in seg.split())
        if seg and _LATIN_PHRASE.match(seg) and _head_at_end().search(seg) and not titled:
            at = text.index(seg, start)
            return Field(seg, at, at + len(seg), 0.55)
        start = end if m is None else m.end()
    return None
