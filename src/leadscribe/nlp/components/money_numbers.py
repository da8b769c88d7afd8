"""Number reading for amounts: Arabic digits and Chinese numerals (including `三万五`, `一百八`, `两三百`)."""

from __future__ import annotations

import re

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
CN_DIGIT_CHARS = "".join(_DIGITS)
CN_NUM_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "".join(_BIG)


def _section(text: str) -> float:
    """A numeral below 10,000 (`三百二十`, `一百八` = 180, `十五`)."""
    total = 0
    digit: int | None = None
    last_unit = 1
    for ch in text:
        if ch in ("零", "〇"):
            last_unit = 1  # 一百零五 = 105: after 零 the digit is units
            continue
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            unit = _SMALL[ch]
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            raise ValueError(ch)
    if digit is not None:
        # a trailing digit after a unit is one order lower in speech: 一百八 = 180, 三千五 = 3500
        total += digit * (last_unit // 10 if last_unit >= 10 else 1)
    return total


def chinese_to_number(text: str) -> float:
    """Value of a Chinese numeral; raises ValueError when it is not one."""
    if not text:
        raise ValueError("empty")
    whole, dot, frac = text.partition("点")
    if dot:  # 一点五 = 1.5, 二点三五 = 2.35
        if not frac or any(ch not in _DIGITS for ch in frac):
            raise ValueError(text)
        return chinese_to_number(whole) + float("0." + "".join(str(_DIGITS[ch]) for ch in frac))
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return float("".join(str(_DIGITS[ch]) for ch in text))
    total = 0.0
    rest = text
    for big_char in ("亿", "万"):
        if big_char in rest:
            head, _, rest = rest.partition(big_char)
            total += (chinese_to_number(head) if head else 1) * _BIG[big_char]
            if rest and len(rest) == 1 and rest in _DIGITS:
                # 三万五 = 35,000: a lone digit after 万 is thousands
                return total + _DIGITS[rest] * _BIG[big_char] / 10
    if rest:
        total += _section(rest)
    return total


def split_pair(text: str) -> tuple[float, float] | None:
    """`两三百`, `四五十`, `三五百` (two rising digits before a unit) as (low, high), `十五六`, `二十五六` (tens, then
    two neighbouring digits) too, else None."""
    tens = re.fullmatch(r"([一二两三四五六七八九]?十)(.)(.)([万亿]?)", text)
    if tens and tens.group(2) in _DIGITS and tens.group(3) in _DIGITS:
        a, b = _DIGITS[tens.group(2)], _DIGITS[tens.group(3)]
        if b == a + 1 and a > 0:
            base, scale = chinese_to_number(tens.group(1)), _BIG.get(tens.group(4), 1)
            return (base + a) * scale, (base + b) * scale
    if len(text) >= 3 and text[0] in _DIGITS and text[1] in _DIGITS and text[2] not in _DIGITS:
        a, b = _DIGITS[text[0]], _DIGITS[text[1]]
        if b > a > 0:
            rest = text[2:]
            try:
                return chinese_to_number("一" + rest) * a, chinese_to_number("一" + rest) * b
            except ValueError:
                return None
    return None


# Digits as read aloud, radio style included (幺 1, 洞 0, 拐 7, 勾 9); shared with speech's phone repair.
SPOKEN_DIGITS = {
    "零": "0",
    "〇": "0",
    "洞": "0",
    "一": "1",
    "幺": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "拐": "7",
    "八": "8",
    "九": "9",
    "勾": "9",
}
