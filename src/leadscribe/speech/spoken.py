"""Sound-alike fixes that only a context licenses: titles after a surname, number words in an amount, time words.

Each rule rewrites a span only when its toneless pinyin equals the intended word and the words around it say
what the span must be (`韩公说` after a surname, `一点无意` after 预算, `本基督内` after 本).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin

from ..nlp import lexicon, names
from ..nlp.segment import is_word
from .correct import _all_surnames, _surname_by_sound
from .terms import _KEEP

_HAN = re.compile(r"[\u4e00-\u9fff]")
# What follows a contact's surname + title in a note (`韩工说`, `王总那边`, `李经理电话`).
_AFTER_CONTACT = re.compile(
    f"(?:{names.said_verbs()}|那边|这边|的|对|打|让|要|想|问|和|跟|也|还|又|已经|刚|今天|明天|后天|下周|这周|电话|手机|约|来|去|在)"
)
_CN_DIGIT = {"ling": "零", "er": "二", "san": "三", "wu": "五", "liu": "六", "qi": "七", "ba": "八", "jiu": "九"}
# A decimal amount always has a unit: its sound-alike, nasal endings confused (`二点三营` for 二点三亿), is one.
_UNIT = {"yi": "亿", "yin": "亿", "ying": "亿", "wan": "万", "wang": "万"}
_NUMERAL = "零一二两三四五六七八九十百千"
# `一点无意` after a money cue: a decimal numeral, a digit's sound-alike, a unit's sound-alike.
_DECIMAL_AMOUNT = re.compile(rf"([{_NUMERAL}]+点)([\u4e00-\u9fff])([\u4e00-\u9fff])")
_CUE_WIDTH = 8
# `500万以内` heard as `500万亿美元`: 以内's sound right after an amount's unit.
_AMOUNT_UNIT = re.compile(rf"(?<=[\d{_NUMERAL}][万千])((?![万千{_NUMERAL}])[\u4e00-\u9fff])([\u4e00-\u9fff])(元?)")
_NEI = {"nei", "lei", "mei"}
# `预算800问左右`, `不超过八十问`: a whole amount after a money cue, its 万 heard with the wrong vowel. Only 万:
# a sound-alike of 亿 after a number is too often a word of its own (`五十以上`).
_WHOLE_AMOUNT = re.compile(rf"(?<![\d{_NUMERAL}点.])(\d+|[{_NUMERAL}]+)([\u4e00-\u9fff])")
_WAN = {"wan", "wang", "wen"}
# `合同2.3赢`: a decimal in digits after a money cue is an amount, and the sound after it is its unit.
_DIGIT_DECIMAL = re.compile(r"(?<![\d.])(\d+\.\d+)([\u4e00-\u9fff])")


def _py(ch: str) -> str:
    return lazy_pinyin(ch)[0]


def _key(text: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(text))


def _sounds_like_surname(ch: str) -> bool:
    return ch in _all_surnames() or _py(ch) in _surname_by_sound()


def _sounds_like(span: str, title: str, key: tuple[str, ...]) -> bool:
    """The title's sound; a two-character title also with one syllable off by its final (`老百` for 老板) when
    that makes no word (`老表` is one)."""
    heard = _key(span)
    if heard == key:
        return True
    odd = [i for i, (a, b) in enumerate(zip(span, title, strict=True)) if a != b]
    near = len(odd) == 1 and heard[odd[0]][0] == key[odd[0]][0]
    return len(title) > 1 and near and not is_word(span)


def snap_titles(text: str) -> str:
    """`韩公说` -> `韩工说`: a title's homophone right after a surname, before what follows a contact.

    Left alone when the span makes a word with the character before it (`成功`) or after it (`公司`, `攻打`).
    """
    out = text
    for title in names.misheard_titles():
        key, n = _key(title), len(title)
        for i in range(1, len(out) - n + 1):
            span = out[i : i + n]
            if span == title or not all(_HAN.match(c) for c in span) or not _sounds_like(span, title, key):
                continue
            if any(a != b and a in _KEEP for a, b in zip(span, title, strict=True)):
                continue
            rest = out[i + n :]
            if not _sounds_like_surname(out[i - 1]) or is_word(out[i - 1 : i + n]):
                continue
            if rest and _HAN.match(rest[0]) and (is_word(span[-1] + rest[0]) or not _AFTER_CONTACT.match(rest)):
                continue
            out = out[:i] + title + rest
    return out


# 说 heard as a near sound (`丁总书储能系统`, `赵工收光伏…`)
_SAID_SOUNDS = frozenset({"shu", "shou", "suo"})


def snap_said(text: str) -> str:
    """`丁总书储能系统` -> `丁总说储能系统`: 说's near sound right after a surname and a title (or its homophone).

    Left alone when the character makes a word with the next one (`王总收到`, `总书记`, `李工所以`).
    """
    out = list(text)
    for i in range(2, len(text) - 1):
        ch = text[i]
        if ch == "说" or _py(ch) not in _SAID_SOUNDS or not _HAN.match(text[i + 1]) or is_word(text[i : i + 2]):
            continue
        for title in names.misheard_titles():
            j = i - len(title)
            if j >= 1 and _key(text[j:i]) == _key(title) and _sounds_like_surname(text[j - 1]):
                # a title's homophone must not be part of a word with the character before it (成功收)
                if text[j:i] == title or not is_word(text[j - 1 : i]):
                    out[i] = "说"
                break
    return "".join(out)


@lru_cache(maxsize=1)
def _money_cues() -> re.Pattern[str]:
    names = ("money_budget_cues.txt", "money_total_cues.txt", "money_cap_cues.txt")
    words = {w for name in names for w in lexicon.words(name)}
    if not words:
        return re.compile(r"(?!)")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def spoken_amounts(text: str) -> str:
    """`预算一点无意` -> `预算一点五亿`, `预算800问左右` -> `预算800万左右`, `控制在30万亿美` -> `控制在30万以内`.

    A decimal's digit and unit are snapped only after a money cue and only when the unit does not start a word
    with what follows (`一点无意义` stays).
    """

    def cued(m: re.Match[str]) -> bool:
        return _money_cues().search(text[max(0, m.start() - _CUE_WIDTH) : m.start()]) is not None

    def starts_word(u: str, m: re.Match[str]) -> bool:
        after = text[m.end() : m.end() + 1]
        return u in _KEEP or bool(after and is_word(u + after))

    def decimal(m: re.Match[str]) -> str:
        head, d, u = m.groups()
        digit = d if d in _NUMERAL else _CN_DIGIT.get(_py(d))
        unit = u if u in "万亿" else _UNIT.get(_py(u))
        if not cued(m) or digit is None or unit is None or d in _KEEP or starts_word(u, m):
            return m.group(0)
        return head + digit + unit

    def within(m: re.Match[str]) -> str:
        a, b, yuan = m.groups()
        if a + b == "以内" or _py(a) != "yi" or _py(b) not in _NEI or a in _NUMERAL:
            return m.group(0)
        swallow = b == "美"  # `亿美元`: the 元 belongs to the mishearing
        return "以内" + ("" if swallow else yuan)

    def whole(m: re.Match[str]) -> str:
        number, u = m.groups()
        if u == "万" or _py(u) not in _WAN or starts_word(u, m) or not cued(m):
            return m.group(0)
        return number + "万"

    def digit_decimal(m: re.Match[str]) -> str:
        number, u = m.groups()
        unit = _UNIT.get(_py(u)) or ("万" if _py(u) == "wen" else None)
        if u in "万亿" or unit is None or starts_word(u, m) or not cued(m):
            return m.group(0)
        return number + unit

    text = _DIGIT_DECIMAL.sub(digit_decimal, _DECIMAL_AMOUNT.sub(decimal, text))
    text = _WHOLE_AMOUNT.sub(whole, text)
    return _AMOUNT_UNIT.sub(within, text)


# `合同下周一千` for 合同下周一签: 签 heard as 千 right after a day, in a sentence about a contract, and not
# followed by what a number would be (`下周一千台`, `一千万`).
_SIGN = re.compile(
    r"(?<=周[一二三四五六日天]|月底|月初|月中|月末|年底|明天|后天|今天)千(?![\d零一二两三四五六七八九十百千万亿元块台个套件])"
)
_CONTRACT = re.compile(r"合同|协议|订单|单子")


def snap_sign(text: str) -> str:
    """`合同下周一千` -> `合同下周一签`."""

    def sign(m: re.Match[str]) -> str:
        return "签" if _CONTRACT.search(text[max(0, m.start() - 10) : m.start()]) else m.group(0)

    return _SIGN.sub(sign, text)


@lru_cache(maxsize=1)
def _time_terms() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(word, its pinyin, the words that must stand before it) from data/time_terms.txt."""
    path = Path(__file__).resolve().parent / "data" / "time_terms.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2:
            out.append((parts[0], _key(parts[0]), tuple(sorted(parts[1:], key=len, reverse=True))))
    return out


def snap_time_words(text: str) -> str:
    """`本基督内` -> `本季度内`: a time word's homophone right after a word that only that time word follows."""
    out = text
    for word, key, before in _time_terms():
        n = len(word)
        for i in range(1, len(out) - n + 1):
            span = out[i : i + n]
            if span == word or _key(span) != key or not any(out[:i].endswith(b) for b in before):
                continue
            if any(a != b and a in _KEEP for a, b in zip(span, word, strict=True)):
                continue
            out = out[:i] + word + out[i + n :]
    return out
