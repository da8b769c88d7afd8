"""Lexicons: plain UTF-8 word lists under nlp/data/ (plus LEADSCRIBE_LEXICON_DIR), read and compiled once."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

DATA_DIR = Path(__file__).parent / "data"
EXTRA_DIR_ENV = "LEADSCRIBE_LEXICON_DIR"
PATTERN_PREFIX = "re:"

T = TypeVar("T")
_derived: list = []


def derived(fn: Callable[[], T]) -> Callable[[], T]:
    """Cache what a component compiles from lexicons; clear_cache() forgets it too."""
    cached = cache(fn)
    _derived.append(cached)
    return cached


def _files(name: str) -> list[Path]:
    """The bundled file, then a same-named file in the user's extra folder (it adds entries)."""
    found = [DATA_DIR / name]
    extra = os.environ.get(EXTRA_DIR_ENV)
    if extra:
        found.append(Path(extra) / name)
    return [p for p in found if p.is_file()]


@cache
def entries(name: str) -> tuple[str, ...]:
    """Non-comment, non-empty lines of a lexicon, in order, without duplicates."""
    seen: dict[str, None] = {}
    for path in _files(name):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                seen.setdefault(line, None)
    return tuple(seen)


@cache
def words(name: str) -> tuple[str, ...]:
    """Plain entries (no `re:` patterns)."""
    return tuple(e for e in entries(name) if not e.startswith(PATTERN_PREFIX))


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(words(name))


@cache
def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """Tab-separated `key<TAB>value` entries."""
    out = []
    for e in entries(name):
        key, _, value = e.partition("\t")
        if key.strip() and value.strip():
            out.append((key.strip(), value.strip()))
    return tuple(out)


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first so that `华为云` wins over `华为`."""
    ordered = sorted(set(items), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered) or r"(?!x)x"


@cache
def word_regex(name: str) -> re.Pattern[str]:
    return re.compile(alternation(words(name)))


@cache
def cue_regex(name: str) -> re.Pattern[str]:
    """Words and `re:` patterns of a cue list as one compiled alternation."""
    literal = alternation(words(name))
    patterns = [e[len(PATTERN_PREFIX) :] for e in entries(name) if e.startswith(PATTERN_PREFIX)]
    return re.compile("|".join([f"(?:{p})" for p in patterns] + [literal]), re.IGNORECASE)


def clear_cache() -> None:
    """Forget every lexicon (after the files or LEADSCRIBE_LEXICON_DIR changed)."""
    for fn in (entries, words, word_set, pairs, word_regex, cue_regex, *_derived):
        fn.cache_clear()
