"""Post-correction: snap sound-alike names to ones the rep already has, and spoken digits to phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from ..nlp import names
from ..nlp.components.money_numbers import SPOKEN_DIGITS
from ..nlp.segment import is_word, word_freq

# Similarity of toneless pinyin syllables (0..1) above which a span is taken for a known name.
THRESHOLD = 0.8
_DIGITS = SPOKEN_DIGITS
_DIGIT_CHARS = "".join(_DIGITS) + "0-9"
_PHONE_RUN = re.compile(rf"[{_DIGIT_CHARS}][{_DIGIT_CHARS}\s-]{{6,}}")
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

    return _DOTTED.sub(_dotted, _PHONE_RUN.sub(repl, text))


# Whisper marks the pauses in a read-out number with dots or commas (`159.620.43318`).
_DOTTED = re.compile(r"(?<![\d.,])\d{2,5}(?:[.,，]\d{2,5}){1,3}(?![\d.,])")
_PHONE_DIGITS = re.compile(r"1[3-9]\d{9}|0\d{9,11}")


def _dotted(m: re.Match[str]) -> str:
    """Groups that join into a mobile number or an area-code number; amounts (`1,200.50`) stay."""
    digits = re.sub(r"\D", "", m.group(0))
    thousands = re.fullmatch(r"\d{1,3}(?:,\d{3})+", m.group(0)) is not None
    return digits if _PHONE_DIGITS.fullmatch(digits) and not thousands else m.group(0)


@lru_cache(maxsize=1)
def _surname_by_sound() -> dict[str, str]:
    """Toneless pinyin -> the most common surname with that sound."""
    out: dict[str, str] = {}
    for name in names.common_surnames():
        out.setdefault(lazy_pinyin(name)[0], name)
    return out


def _all_surnames() -> frozenset[str]:
    return names.surnames() | frozenset(names.common_surnames())


# `总价`, `工作` (frequent words) make the title a word's start; rare ones (`总对`, 3) do not.
_TITLE_WORD_FREQ = 20


def _starts_word(text: str, i: int) -> bool:
    """A frequent word of two or three characters starts at i (`总价`, `总书记`, `工作`)."""
    return any(word_freq(text[i : i + n]) >= _TITLE_WORD_FREQ for n in (2, 3) if i + n <= len(text))


def _title_after(text: str, i: int) -> str | None:
    """The title right after position i, unless a one-character title starts a frequent word (总价, 总书记)."""
    title = next((t for t in names.titles() if text.startswith(t, i + 1)), None)
    return None if title and len(title) == 1 and _starts_word(text, i + 1) else title


def title_surnames(text: str) -> set[int]:
    """Positions of a surname right before a title (`李工`, `王经理`): a person, whatever word it sounds like."""
    surnames = _all_surnames()
    return {i for i, ch in enumerate(text) if ch in surnames and _title_after(text, i)}


def snap_surnames(text: str) -> str:
    """`流总` -> `刘总`: a character that is no surname, right before a title, sounding like a common surname.

    Only where the character does not form a word with what follows it (副总, 老总, 项目经理 stay) and the title
    does not start a longer word (总共, 总价).
    """
    surnames, by_sound = _all_surnames(), _surname_by_sound()
    out = list(text)
    for i, ch in enumerate(text):
        # `总监犯总`: after a role the character starts the name, whatever word it makes with the role's end
        glued = (
            i > 0 and _HAN.match(text[i - 1]) and is_word(text[i - 1 : i + 1]) and not text[:i].endswith(names.titles())
        )
        if ch in surnames or not _HAN.match(ch) or glued:
            continue
        title = _title_after(text, i)
        # 副总, and 理工程师: the character makes a word with this title or a shorter one starting there (工)
        if title is None or any(is_word(ch + t) for t in names.titles() if text.startswith(t, i + 1)):
            continue
        surname = by_sound.get(lazy_pinyin(ch)[0])
        if surname:
            out[i] = surname
    return "".join(out)
