"""Who and what a note names: titles, surnames and organisation endings, one home for every room.

The words live in lexicon files (`titles.txt`, `surnames.txt`, `company_suffixes.txt`, extendable through
LEADSCRIBE_LEXICON_DIR); nlp components, speech post-correction and crm matching all read them here.
"""

from __future__ import annotations

import re

from . import lexicon


@lexicon.derived
def titles() -> tuple[str, ...]:
    """Titles and address forms that follow a surname (`总`, `经理`, `行长`), longest first."""
    return tuple(sorted(lexicon.words("titles.txt"), key=lambda t: (-len(t), t)))


@lexicon.derived
def surnames() -> frozenset[str]:
    return lexicon.word_set("surnames.txt")


@lexicon.derived
def common_surnames() -> tuple[str, ...]:
    """The most common surnames, most frequent first (a sound-alike in a transcript means the first of these)."""
    return lexicon.words("surnames_by_frequency.txt")


@lexicon.derived
def misheard_titles() -> tuple[str, ...]:
    """Titles that speech recognition writes as a sound-alike (`韩公` for 韩工)."""
    return lexicon.words("titles_misheard.txt")


@lexicon.derived
def title_at_end() -> re.Pattern[str]:
    """A name that ends in a title (`郑总`, `刘行长`): the title form of a person."""
    return re.compile(f"({lexicon.alternation(titles())})$")


ORG_ENDING_FILES = ("legal_forms.txt", "company_suffixes.txt")


@lexicon.derived
def org_endings() -> tuple[str, ...]:
    """Every ending of an organisation name, legal forms first (`有限公司`, then `医院`, `科技`, `Bank`)."""
    return tuple(dict.fromkeys(w for name in ORG_ENDING_FILES for w in lexicon.words(name)))


@lexicon.derived
def org_ending_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(org_endings()))


@lexicon.derived
def legal_form_at_end() -> re.Pattern[str]:
    """A legal form at the end of a name (`有限公司`, `集团`, `Co., Ltd.`): two names compare without it."""
    entries = lexicon.entries("legal_forms.txt")
    patterns = [e[len(lexicon.PATTERN_PREFIX) :] for e in entries if e.startswith(lexicon.PATTERN_PREFIX)]
    words = lexicon.alternation(lexicon.words("legal_forms.txt"))
    return re.compile("(?:" + "|".join([words, *patterns]) + ")$", re.IGNORECASE)


@lexicon.derived
def said_verbs() -> str:
    """A regex alternation of the verbs that report speech (`说`, `表示`, `反馈`…), longest first."""
    return lexicon.alternation(lexicon.words("said_verbs.txt"))


FORWARD_MARK = re.compile(r"【(?:转发|转|Forwarded|FW|Fwd)】", re.IGNORECASE)
"""The header chat apps and reps put before a forwarded message."""


def forwarded(sender: str, text: str) -> str:
    """A forwarded message as extraction reads it: `【转发】华茂物业 曾经理：…`."""
    return f"【转发】{sender}：{text}"


@lexicon.derived
def _reference() -> re.Pattern[str]:
    return lexicon.cue_regex("reference_words.txt")


_BELONGING = re.compile(r"(?:他们家|他们|她们|对方|客户那边)的|\btheir\b", re.IGNORECASE)


def refers_back(text: str, belonging: bool = False) -> bool:
    """Whether a note speaks of a customer without naming it (`他们家说…`, `they pushed it`); with `belonging`,
    of someone or something of theirs (`他们的采购`, `their CFO`)."""
    return (_BELONGING if belonging else _reference()).search(text) is not None


PRONOUN = re.compile(r"他们|她们|他|她|对方|人家|\b(?:him|her|them)\b", re.IGNORECASE)
"""Who an action refers to without a name (`给他回个电话`, `call her back`): a task title names them instead."""


ENGLISH_TITLES = ("Mr", "Ms", "Mrs", "Miss", "Dr")
"""Titles before an English surname (`Mr. Patel`): the title form of a person, as 郑总 is in Chinese."""


def english_title_regex() -> str:
    """`Mr\\.?|Ms\\.?|…` for patterns that read English names."""
    return "|".join(f"{t}\\.?" for t in ENGLISH_TITLES)
