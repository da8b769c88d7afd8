"""Post-correction: snap sound-alike names to ones the rep already has, and spoken digits to phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from pypinyin import Style, lazy_pinyin

# Similarity of toneless pinyin syllables (0..1) above which a span is taken for a known name.
THRESHOLD = 0.8
_DIGITS = {
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
_PHONE_RUN = re.compile(r"[零〇洞一幺二两三四五六七拐八九勾0-9][零〇洞一幺二两三四五六七拐八九勾0-9\s-]{6,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")


_FUZZY_INITIALS = {"zh": "z", "ch": "c", "sh": "s", "n": "l", "f": "h", "r": "l"}


def _syllables(text: str) -> list[tuple[str, str]]:
    initials = lazy_pinyin(text, style=Style.INITIALS, strict=False, errors="ignore")
    finals = lazy_pinyin(text, style=Style.FINALS, strict=False, errors="ignore")
    return list(zip(initials, finals, strict=True))


def _syllable_score(a: tuple[str, str], b: tuple[str, str]) -> float:
    """Half for the initial, half for the final; confusable initials and near finals earn partial credit."""
    (ia, fa), (ib, fb) = a, b
    if ia == ib:
        initial = 0.5
    elif _FUZZY_INITIALS.get(ia, ia) == _FUZZY_INITIALS.get(ib, ib):
        initial = 0.45
    else:
        initial = 0.0
    final = 0.5 if fa == fb else 0.5 * SequenceMatcher(None, fa, fb).ratio()
    return initial + final


def similarity(a: str, b: str) -> float:
    """Pinyin similarity of two equal-length Chinese strings; 0 when lengths differ."""
    pa, pb = _syllables(a), _syllables(b)
    if not pa or len(pa) != len(pb):
        return 0.0
    return sum(_syllable_score(x, y) for x, y in zip(pa, pb, strict=True)) / len(pa)


def correct_names(text: str, targets: Iterable[str], threshold: float = THRESHOLD) -> str:
    """Replace spans that sound like a known target; a target already present is left alone."""
    for target in sorted({t for t in targets if len(t) >= 2 and _HAN.search(t)}, key=len, reverse=True):
        if target in text:
            continue
        n = len(target)
        best: tuple[float, int] | None = None
        for i in range(len(text) - n + 1):
            span = text[i : i + n]
            if not all(_HAN.match(ch) for ch in span):
                continue
            score = similarity(span, target)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, i)
        if best is not None:
            i = best[1]
            text = text[:i] + target + text[i + n :]
    return text


def spoken_phones(text: str) -> str:
    """Digit-by-digit runs of phone length (7-8 landline, 11 mobile, 12 with area code) become numerals."""

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        digits = "".join(_DIGITS.get(ch, ch) for ch in run if not ch.isspace() and ch != "-")
        if len(digits) in (7, 8, 11, 12) and digits.isdigit():
            return digits + (" " if run.endswith(" ") else "")
        return run

    return _PHONE_RUN.sub(repl, text)
