"""Snap sound-alike words to the sales vocabulary (`有现公司` -> `有限公司`, `誉算` -> `预算`).

Whisper base often writes a homophone of a domain word. A span is replaced only when its characters can be read
with exactly the pinyin syllables of a vocabulary word (tones ignored) and the span is not itself a word the
vocabulary or the everyday dictionary knows better. Correct text passes through unchanged (tested on the eval sets).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pypinyin import Style, pinyin

from ..nlp.segment import lcut, word_freq
from .correct import _syllables, title_surnames

MIN_LEN = 2
MAX_LEN = 6
NEAR_MIN_LEN = 3  # shorter words are matched by exact sound only
# A span of whole dictionary words is a misspelling only of a long word of its exact sound (收音系统 -> 收银系统).
WHOLE_WORDS_MIN_LEN = 4
# Function words Whisper gets right: changed only inside a longer word that sounds exactly the same (你变器 ->
# 逆变器); elsewhere changing them made correct text wrong (`老是` -> `老师`, `便利的` -> `便利店`).
_KEEP = frozenset("是的了在有和要说我你他她它们这那就也都还又很给跟对把被从到")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_NLP_DATA = Path(__file__).resolve().parent.parent / "nlp" / "data"
# nlp lexicons whose words are domain vocabulary (first column only)
_NLP_FILES = (
    "products.txt",
    "product_heads.txt",
    "legal_forms.txt",
    "company_suffixes.txt",
    "competitors.txt",
    "industries.txt",
    "departments.txt",
    "segmentation.txt",
)


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    return [s.split("\t", 1)[0].strip() for line in text.splitlines() if (s := line.split("#", 1)[0].strip())]


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Han-only words of 2-6 characters from the speech vocabulary and the nlp lexicons."""
    words = _lines(Path(str(resources.files(__package__) / "data" / "domain_terms.txt")))
    words += _lines(Path(str(resources.files(__package__) / "data" / "sales_vocabulary.txt")))
    for name in _NLP_FILES:
        words += _lines(_NLP_DATA / name)
    return frozenset(w for w in words if MIN_LEN <= len(w) <= MAX_LEN and _HAN.fullmatch(w))


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, ...], list[str]]:
    """Toneless pinyin key -> vocabulary words; a key shared by two words is ambiguous and dropped."""
    by_key: dict[tuple[str, ...], list[str]] = {}
    for word in vocabulary():
        key = tuple(s[0] for s in pinyin(word, style=Style.NORMAL, errors="ignore"))
        if len(key) == len(word):
            by_key.setdefault(key, []).append(word)
    return {k: v for k, v in by_key.items() if len(v) == 1}


def _known_better(span: str, word: str) -> bool:
    return span in vocabulary() or word_freq(span) > max(word_freq(word), 1) * 2


@lru_cache(maxsize=1)
def _near_index() -> dict[int, list[tuple[str, list[tuple[str, str]]]]]:
    """Vocabulary words of 3+ characters by length, with their syllables, for near-homophone matches."""
    by_len: dict[int, list[tuple[str, list[tuple[str, str]]]]] = {}
    for word in sorted(vocabulary()):
        if len(word) >= NEAR_MIN_LEN and len(syllables := _syllables(word)) == len(word):
            by_len.setdefault(len(word), []).append((word, syllables))
    return by_len


def _near(span: str) -> str | None:
    """The one vocabulary word `span` spells but for one character heard with a near sound (传染器 -> 传感器).

    The other characters must be the word's own, and the odd one must keep its syllable's initial or final.
    """
    syllables = _syllables(span)
    if len(syllables) != len(span):
        return None
    found = set()
    for word, sounds in _near_index().get(len(span), []):
        odd = [i for i, (a, b) in enumerate(zip(span, word, strict=True)) if a != b]
        if len(odd) == 1 and (x := syllables[odd[0]]) != (y := sounds[odd[0]]) and (x[0] == y[0] or x[1] == y[1]):
            found.add(word)
    return found.pop() if len(found) == 1 else None


def _match(run: str, start: int, n: int, index: dict[tuple[str, ...], list[str]]) -> tuple[str | None, bool]:
    """The vocabulary word the span misspells, and whether it sounds exactly the same."""
    span = run[start : start + n]
    key = tuple(s[0] for s in pinyin(span, style=Style.NORMAL, errors="ignore"))
    words = index.get(key) if len(key) == n else None
    # the span's own reading only: other readings of a character (台 as yí) made correct text wrong
    word = words[0] if words else _near(span) if n >= NEAR_MIN_LEN else None
    if word and word != span and not _known_better(span, word):
        return word, bool(words)
    return None, False


def _boundaries(run: str) -> tuple[set[int], set[int]]:
    """Token boundaries of the dictionary cut (no HMM guesses), and the starts of single-character tokens."""
    edges, singles, pos = {0}, set(), 0
    for token in lcut(run, hmm=False):
        if len(token) == 1:
            singles.add(pos)
        pos += len(token)
        edges.add(pos)
    return edges, singles


def correct_terms(text: str, keep: Iterable[str] = ()) -> str:
    """Snap misheard vocabulary words; a second pass sees what the first made (华卫迎 -> 华为迎 -> 华为云)."""
    keep = list(keep)
    once = _correct_once(text, keep)
    return once if once == text else _correct_once(once, keep)


def _correct_once(text: str, keep: Iterable[str]) -> str:
    """Replace homophone misspellings of vocabulary words, longest words first, never overlapping.

    A span must start and end on a word boundary and hold at least one lone character: a misheard word breaks
    into single characters (`有现公司` -> 有|现|公司), while correct text cuts into whole words (a word of four or
    more characters of exactly the same sound is the exception). Occurrences of
    `keep` (the rep's own customer names) are never touched, and no span starts at a surname before a title (李工
    is no misheard 理工).
    """
    people = title_surnames(text)
    index = _index()
    if not index:
        return text
    out = list(text)
    protected = [False] * len(text)
    for word in keep:
        for hit in re.finditer(re.escape(word), text) if word else ():
            protected[hit.start() : hit.end()] = [True] * len(word)
    for m in _HAN.finditer(text):
        run, base = m.group(0), m.start()
        edges, singles = _boundaries(run)
        taken = protected[base : base + len(run)]
        for n in range(min(MAX_LEN, len(run)), MIN_LEN - 1, -1):
            for i in range(len(run) - n + 1):
                if any(taken[i : i + n]) or i not in edges or i + n not in edges or base + i in people:
                    continue
                whole_words = not any(j in singles for j in range(i, i + n))
                if whole_words and n < WHOLE_WORDS_MIN_LEN:
                    continue
                word, exact = _match(run, i, n, index)
                if whole_words and not exact:
                    continue
                if word is not None and (
                    exact
                    and n > MIN_LEN
                    or not any(a != b and a in _KEEP for a, b in zip(run[i : i + n], word, strict=True))
                ):
                    out[base + i : base + i + n] = list(word)
                    taken[i : i + n] = [True] * n
    return "".join(out)
