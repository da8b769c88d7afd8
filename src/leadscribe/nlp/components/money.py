"""The deal's money: the customer's budget, else our quote or contract value, as {min, max, currency}."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon
from ..extensions import clean_of, lead_of
from ..types import Field
from .money_numbers import CN_DIGIT_CHARS, CN_NUM_CHARS, chinese_to_number, split_pair

_EN_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "a hundred": 100, "a couple hundred": 200}
# `forty grand`, `two million`, `seventy-five thousand`: a number said in words, only before its unit
_EN_NUM = (
    rf"(?<![A-Za-z])(?:(?:{'|'.join(_EN_TENS)})(?:[- ](?:{'|'.join(_EN_UNITS)}))?|{'|'.join(_EN_TEENS)}"
    rf"|(?:{'|'.join(_EN_UNITS)})(?: hundred)?)(?=\s(?:grand|thousand|million|billion)\b)"
)
_NUM = rf"(?:\d[\d,]*(?:\.\d+)?|{_EN_NUM}|[{CN_NUM_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?)"  # `一点五`: a spoken decimal
_UNIT = (
    r"(?:\s?万|\s?亿|千|仟|百|佰|\s?(?:million|billion|thousand|grand|mln|bn)\b"
    r"|[wWkK](?![A-Za-z]|屏|显|电视|高清|超清|画质|分辨率|摄像|视频|投影)|M{1,2}(?![A-Za-z]))"
)
# `--`, `——` and a bracketed note on the first end (`1万(含)-5万`) separate a range too
# `between $200k and $250k`, `$200k to $250k`: an English range (and only after between; checked in _read)
_RANGE_SEP = r"\s?(?:[(（]含[)）])?\s?(?P<sep>-{1,2}|~|—{1,2}|–|到|至|\sto\s|\sand\s)\s?"
_PRIORITY_BUDGET, _PRIORITY_TOTAL, _PRIORITY_OTHER, _PRIORITY_UNIT = 0, 1, 2, 3
_UNIT_VALUE = {
    "万": 10_000,
    "亿": 100_000_000,
    "千": 1_000,
    "仟": 1_000,
    "百": 100,
    "佰": 100,
    "w": 10_000,
    "k": 1_000,
    "thousand": 1_000,
    "grand": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,  # `$1.2M`, only after a currency sign
    "mm": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}


_ORDERS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1_000, "仟": 1_000}
_CENTS = re.compile(rf"(?:\d+|[{CN_DIGIT_CHARS}]+)\s?[角毛分]")


@dataclass(frozen=True)
class Amount:
    low: int
    high: int
    currency: str
    start: int
    end: int
    cap: bool
    priority: int


@lexicon.derived
def _currency_map() -> dict[str, str]:
    return {k.upper(): v for k, v in lexicon.pairs("money_currencies.txt")}


@lexicon.derived
def _amount_regex() -> re.Pattern[str]:
    cur = lexicon.alternation([k for k, _ in lexicon.pairs("money_currencies.txt")])
    return re.compile(
        rf"(?P<pre>(?:{cur})\s?)?(?P<a>{_NUM})(?:[多来余](?={_UNIT})|个(?=亿))?(?P<ua>{_UNIT})?"
        r"(?:(?<=[万wW])(?P<tail>[1-9]|[1-9]\d{2,3})(?![\d.%万千]))?"
        rf"(?:(?:元|块)?{_RANGE_SEP}(?:{cur})?\s?(?P<b>{_NUM}))?(?P<unit>{_UNIT})?\s?"
        rf"(?P<post>(?:元|块)?(?:{cur})|元|块)?",
        re.IGNORECASE,
    )


@lexicon.derived
def _measure_regex() -> re.Pattern[str]:
    return re.compile(rf"^\s?(?:{lexicon.alternation(lexicon.words('money_measure_words.txt'))})")


@lexicon.derived
def _money_word_at_end() -> re.Pattern[str]:
    names = ("money_budget_cues.txt", "money_unit_price_cues.txt", "money_total_cues.txt")
    cues = "|".join(lexicon.cue_regex(name).pattern for name in names)
    return re.compile(rf"(?:{cues})(?:是|为|约|大概|大约|在|:|：|\s)*$", re.IGNORECASE)


def _money_cue_right_before(text: str, start: int) -> bool:
    """`预算8000`, `单价八千`: a bare number straight after a money word is money (`合同下周一千` is not)."""
    return _money_word_at_end().search(text, max(0, start - 8), start) is not None


# `budget capped at 1.5mm`, `quoted 2M`: English money talk right before an amount with no currency sign
_MONEY_TALK_EN = re.compile(
    r"\b(?:budget|budgeted|capped|cap|quoted?|contract|deal|worth|valued?|spend|price[ds]?)\b[^.;,]{0,16}$",
    re.IGNORECASE,
)


def _cue_before(name: str, text: str, start: int, width: int) -> bool:
    return lexicon.cue_regex(name).search(text[max(0, start - width) : start]) is not None


def _english_number(token: str) -> float:
    words = token.lower().replace("-", " ").split()
    if " ".join(words) in _EN_TEENS:
        return float(_EN_TEENS[" ".join(words)])
    value = 0
    for w in words:
        if w in _EN_TENS:
            value += 10 * (_EN_TENS.index(w) + 2)
        elif w in _EN_UNITS:
            value += _EN_UNITS.index(w) + 1
        elif w == "hundred":
            value *= 100
    return float(value)


def _number(token: str) -> tuple[float, float] | None:
    token = token.replace(",", "")
    if token.isascii() and token[0].isalpha():
        value = _english_number(token)
        return (value, value) if value else None
    if token[0].isdigit():
        try:
            value = float(token)
        except ValueError:
            return None
        return value, value
    pair = split_pair(token)
    if pair is not None:
        return pair
    try:
        value = chinese_to_number(token)
    except ValueError:
        return None
    return value, value


def _unit_value(unit: str | None) -> int:
    return 1 if not unit else _UNIT_VALUE.get(unit.strip().lower(), 1)


def _read(m: re.Match[str], text: str, dollars: bool = False) -> Amount | None:
    """One candidate amount, or None when the match is not money (a count, a phone, a percentage…)."""
    a, b = m.group("a"), m.group("b")
    ua, unit = m.group("ua"), m.group("unit")
    pre, post = m.group("pre"), m.group("post")
    sep = (m.group("sep") or "").strip()
    if sep == "and" and not _BETWEEN.search(text, max(0, m.start() - 12), m.start()):
        return _read_alone(m, text, dollars)  # `$60k and 20 licenses`: two things, not a range
    if b is None and unit and not ua:
        ua, unit = unit, None  # `300万` with no range: the unit belongs to the single number
    end = m.end()
    while end > m.start() and text[end - 1].isspace():
        end -= 1  # the pause after an amount is not part of it (`预算75万 12月20号签`)
    after = text[end : end + 3]
    if _measure_regex().match(after) and not post:
        return None  # `两万只`, `200个`
    # `十二月`, `三天` are no money; a numeral with its own 万/亿 is (`二十六万月底前打款`, unpunctuated speech)
    if after and after[0] in "%％年月日号点天周" and not (ua or unit or post or any(c in "万亿" for c in a)):
        return None
    if (m.start() > 0 and text[m.start() - 1].isdigit()) or (after[:1].isdigit() and not _CENTS.match(text, end)):
        return None  # a longer number (a phone, a code); `88元5角`: cents after the yuan are no new number
    if a[0] in "百千万亿" and not (pre or post or _cue_before("money_budget_cues.txt", text, m.start(), 8)):
        return None  # no digit before the unit: `万科`, `万一`, `千万别忘`, `亿达科技` (but `预算百万`)
    if any((u or "").strip().upper() in ("M", "MM") for u in (ua, unit)) and not (
        pre or _MONEY_TALK_EN.search(text, max(0, m.start() - 30), m.start())
    ):
        return None  # `3M胶带`, `5M pixels`: an M is millions only after a currency sign or money talk
    first = _number(a)
    if first is None:
        return None
    said_in_words = a.isascii() and a[0].isalpha()
    if (
        said_in_words
        and (unit or ua or "").strip().lower() != "grand"
        and not (pre or post or _MONEY_TALK_EN.search(text, max(0, m.start() - 30), m.start()))
    ):
        return None  # `two thousand stores`: a count; `forty grand`, `budget two million` are money
    currency_word = (pre or post or "").strip().lstrip("元块") or (post or "").strip()
    money_word = bool(pre) or (post is not None and post not in ("元", "块")) or post in ("元", "块")
    # a Chinese numeral carries its own 万/亿 (`十五万`)
    big = any(ch in "万亿" for ch in a + (b or ""))
    if not (ua or unit or money_word or big or _money_cue_right_before(text, m.start())):
        return None
    if b is not None:
        second = _number(b)
        if second is None:
            return None
        scale_b = _unit_value(unit or ua)
        scale_a = _unit_value(ua) if ua else scale_b  # `300-500万`: the unit of the second covers both
        if not ua and b[-1] in "万亿" and not any(ch in "万亿" for ch in a):
            scale_a = _unit_value(b[-1])  # `八十到一百二十万`: the 万 inside the second covers the first
        elif not ua and len(a) == 1 and a in CN_DIGIT_CHARS and b[-1] in _ORDERS and len(b) == 2:
            scale_a = _ORDERS[b[-1]]  # `两到三仟`: the order of the second end carries to the lone first digit
        low, high = first[0] * scale_a, second[1] * scale_b
    else:
        scale = _unit_value(ua)
        tail_digits = m.group("tail") or ""
        # 1万2 = 12,000 (a lone digit is the next order); 2万800 = 20,800 (spelled out)
        extra = int(tail_digits) * scale // 10 if len(tail_digits) == 1 else int(tail_digits or 0)
        low, high = first[0] * scale + extra, first[1] * scale + extra
    # a small sum is deal money only when said as money right after a deal word (`报价十五元`, not `人均76元`);
    # below ten units nothing is
    deal_cue = any(_cue_before(name, text, m.start(), 8) for name in ("money_budget_cues.txt", "money_total_cues.txt"))
    if high < (10 if money_word and deal_cue else 100) or low > high:
        return None
    # dollars when the note is written in English, or when a rep in the Americas writes the amount the Western
    # way (`budget around 25k` in a mixed note); yuan otherwise (`50万`)
    western = _HAN.search(text[m.start() : end]) is None
    currency = "USD" if not _HAN.search(text) or (dollars and western) else "CNY"
    if currency_word and currency_word not in ("元", "块"):
        currency = _currency_map().get(currency_word.upper(), "CNY")
    if _cue_before("money_not_deal_cues.txt", text, m.start(), 6):
        return None
    tail = text[end : end + 4]
    cap = (
        _cue_before("money_cap_cues.txt", text, m.start(), 6)
        or _cue_before("money_cap_cues_en.txt", text, m.start(), 16)
        or lexicon.cue_regex("money_cap_after.txt").match(text, end + (text[end : end + 1] == " ")) is not None
    )
    if _cue_before("money_budget_cues.txt", text, m.start(), 8) or cap:
        priority = _PRIORITY_BUDGET
    elif _cue_before("money_unit_price_cues.txt", text, m.start(), 4) or re.match(r"\s?(?:一|每|/)(?:台|套|个)", tail):
        priority = _PRIORITY_UNIT
    elif _cue_before("money_total_cues.txt", text, m.start(), 6):
        priority = _PRIORITY_TOTAL
    else:
        priority = _PRIORITY_OTHER
    return Amount(round(low), round(high), currency, m.start(), end, cap, priority)


_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _read_alone(m: re.Match[str], text: str, dollars: bool = False) -> Amount | None:
    """The first amount of a pair that is no range, read on its own."""
    single = _amount_regex().match(text, m.start(), m.start("sep"))
    return None if single is None else _read(single, text, dollars)


def find_amounts(text: str, dollars: bool = False) -> list[Amount]:
    """Every money amount in the text, in order."""
    found = []
    for m in _amount_regex().finditer(text):
        amount = _read(m, text, dollars)
        if amount is not None:
            found.append(amount)
    return found


def extract_budget(text: str, dollars: bool = False) -> Field | None:
    """The deal's money: the customer's budget first, then a total/quote, then any amount; unit prices last."""
    amounts = find_amounts(text, dollars)
    if not amounts:
        return None
    best = min(amounts, key=lambda a: a.priority)  # min keeps the first of equal priority
    if best.priority == _PRIORITY_UNIT and (total := _unit_times_quantity(text, best)) is not None:
        return total
    value = {"min": None if best.cap else best.low, "max": best.high, "currency": best.currency}
    confidence = 0.9 if best.priority < _PRIORITY_OTHER else 0.7
    return Field(value, best.start, best.end, confidence)


_ITEM_MEASURES = "台套件只部辆张个"
_PER_ITEM = re.compile(rf"单价|(?:每|一|/)([{_ITEM_MEASURES}])")
_QUANTITY = re.compile(
    rf"(?:要|买|采购|订|购买|需要|共|一共|总共|大概|大约|约)\s?(\d+|[{CN_NUM_CHARS}]+)\s?([{_ITEM_MEASURES}])"
)


def _unit_times_quantity(text: str, unit: Amount) -> Field | None:
    """Only a unit price and a quantity said (`单价3.5万一台，要20台`): the deal is their product."""
    head, tail = text[max(0, unit.start - 4) : unit.start], text[unit.end : unit.end + 3]
    per = _PER_ITEM.search(tail) or _PER_ITEM.search(head)
    if per is None:  # `每年`, `每人`: a rate, not a price per item
        return None
    window_start, window_end = max(0, unit.start - 20), min(len(text), unit.end + 20)
    for q in _QUANTITY.finditer(text, window_start, window_end):
        if per.group(1) and q.group(2) != per.group(1):
            continue  # `每套` and `20台` do not multiply
        try:
            count = int(q.group(1)) if q.group(1).isdigit() else int(chinese_to_number(q.group(1)))
        except ValueError:
            continue
        if count < 2:
            continue
        value = {"min": None if unit.cap else unit.low * count, "max": unit.high * count, "currency": unit.currency}
        start, end = min(unit.start, q.start()), max(unit.end, q.end())
        return Field(value, start, end, 0.6)
    return None


@Language.component("leadscribe_money", assigns=["doc._.lead"])
def money_component(doc: Doc) -> Doc:
    zone = getattr(getattr(doc._.now, "tzinfo", None), "key", "") or ""
    lead_of(doc).budget = extract_budget(clean_of(doc), dollars=zone.startswith(("America/", "US/")))
    return doc
