"""Token walks shared by the name finders: where a name written before or after an anchor starts or ends."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Set

from spacy.tokens import Doc

from . import lexicon
from .extensions import token_offsets
from .segment import word_freq

_PUNCT = re.compile(r"[\s,.:;!?()\[\]<>/\\|~…、，。：；！？（）《》【】]")
_ASCII_DIGITS = re.compile(r"^[0-9.]+$")
_TIME_WORD = re.compile(
    r"^(?:[上下本这每]+(?:周|个?月|季度)|周[一二三四五六日天]|[今明后昨前]天|[今明去前]年|上午|下午|中午|晚上|早上)"
)

# A count (`一套`, `两台`, `500个`) ends a name: `一套点餐系统` is 点餐系统.
# `三家`, `200台`; a bare 百/千/万 before the measure word is a name's start more often (`万家福`, `百家汇`)
_COUNT = re.compile(
    r"^(?:(?![百千万].$)[一二两三四五六七八九十几百千万0-9]+[套台批个条只款部辆块家些位名]|[个套台批些])$"
)


def org_boundaries() -> frozenset[str]:
    return lexicon.word_set("org_boundaries.txt")


def is_boundary(word: str, boundaries: Set[str] | None = None) -> bool:
    """Whether a token ends a name: punctuation, digits, a function word or a time word."""
    return (
        not word.strip()
        or _PUNCT.search(word) is not None
        or _ASCII_DIGITS.match(word) is not None
        or word in (org_boundaries() if boundaries is None else boundaries)
        or _TIME_WORD.match(word) is not None
        or _COUNT.match(word) is not None
    )


# how common a word an edge of a span must split for the span to be a piece of it (系统 2000, 医疗 3488)
_SPLIT_WORD_FREQ = 500


def cuts_a_word(text: str, start: int, end: int | None = None) -> bool:
    """Whether an edge of text[start:end] splits a common word, one more common than the span's own two characters
    there (`疗器械` of `医疗器械`, `门禁系` of `门禁系统`, `个组件` of `那个组件`); without `end`, the start only
    (a name's end often makes a word with what is said next: `黄福华表示`)."""
    edges = [(text[start - 1 : start + 1], text[start : start + 2])]
    if end is not None:
        edges.append((text[end - 1 : end + 1], text[end - 2 : end]))
    for outer, inner in edges:
        if len(outer) == 2 and word_freq(outer) >= _SPLIT_WORD_FREQ and word_freq(outer) > word_freq(inner):
            return True
    return False


def glued(word: str) -> bool:
    """A token jieba's HMM made up (`半和润丰`, `说点餐`): its characters are judged one by one."""
    return len(word) > 1 and not word.isascii() and not word_freq(word)


_INNER_AND = ("和", "与")
_PRONOUNS = "我你他她它咱您"


def _inner_and(pieces: list[tuple[int, str]], i: int, bounds: Set[str]) -> int | None:
    """Where a name starts when 和 follows its lone first character (`天和物流`, also glued as `跟天|和`):
    a conjunction joins words, and a lone character after a boundary is no word of its own."""
    if i + 1 >= len(pieces):
        return None
    prev_start, prev = pieces[i + 1]
    if prev_start + len(prev) != pieces[i][0]:
        return None
    first = prev[-1]
    if not "\u4e00" <= first <= "\u9fff" or first in _PRONOUNS or is_boundary(first, bounds):
        return None
    if len(prev) == 2 and glued(prev) and is_boundary(prev[0], bounds):
        return prev_start + 1  # `跟天`: jieba glued the preposition to the name's first character
    if len(prev) != 1:
        return None
    if i + 2 < len(pieces):
        before_start, before = pieces[i + 2]
        ok = before_start + len(before) == prev_start and is_boundary(before, bounds)
        return prev_start if ok else None
    return prev_start if prev_start == 0 else None


def walk_back(doc: Doc, pos: int, text: str, boundaries: Set[str] | None = None, max_chars: int = 18) -> int:
    """The start of the run of name tokens that ends at character `pos` (pos itself when there is none).

    The token holding `pos` counts from its start; then earlier tokens join until a boundary token.
    """
    bounds = org_boundaries() if boundaries is None else boundaries
    offsets = token_offsets(doc)
    k = bisect_right(offsets, (pos, len(text) + 1)) - 1
    if k < 0:
        return pos
    first = offsets[k][0]
    pieces: list[tuple[int, str]] = []
    if first < pos:  # `pos` falls inside a token (`监管局` for the suffix `局`)
        pieces.append((first, text[first:pos]))
    start = pos
    for j in range(k - 1, -1, -1):
        pieces.append((offsets[j][0], text[offsets[j][0] : offsets[j][1]]))
        if pos - offsets[j][0] > max_chars:
            break
    for i, (tok_start, word) in enumerate(pieces):
        if tok_start + len(word) != start or pos - tok_start > max_chars:
            break
        if word in _INNER_AND and (inner := _inner_and(pieces, i, bounds)) is not None:
            return inner  # `天和物流`: 和 inside a name, after its first character
        if glued(word):
            for i in range(len(word) - 1, -1, -1):
                if is_boundary(word[i], bounds):
                    return tok_start + i + 1
            start = tok_start
            continue
        if is_boundary(word, bounds):
            break
        if len(word) > 2 and (word[-2:] in bounds or word[-3:] in bounds):
            return tok_start + len(word)  # a compound ending in a boundary verb (`开会讨论`)
        start = tok_start
    return start


def walk_forward(doc: Doc, pos: int, text: str, boundaries: Set[str] | None = None, max_chars: int = 16) -> int:
    """The end of the run of name tokens that starts at character `pos`."""
    bounds = org_boundaries() if boundaries is None else boundaries
    end = pos
    offsets = token_offsets(doc)
    for tok_start, tok_end in offsets[max(bisect_right(offsets, (pos, len(text) + 1)) - 1, 0) :]:
        if tok_end <= pos:
            continue
        word = text[tok_start:tok_end]
        if tok_start > end or is_boundary(word, bounds) or tok_end - pos > max_chars:
            break
        end = tok_end
    return end
