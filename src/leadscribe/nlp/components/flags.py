"""Deal risk flags (competitor, price objection, delay, complaint) and the competitors named."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon
from ..extensions import clean_of, lead_of
from ..types import Field, Flag

CUE_FILES = {
    "competitor": "flags_competitor.txt",
    "price_objection": "flags_price_objection.txt",
    "delay": "flags_delay.txt",
    "complaint": "flags_complaint.txt",
}
_QUESTION = re.compile(r"(?:能不能|可不可以|是不是|会不会|能否|可否)(?:再|给|稍微)?$")
_CLAUSE = re.compile(r"[,.;!?，。；！？\s]")
# A channel product is a competitor only when weighed against us, not when used to talk (`用钉钉发给他`).
_WEIGHED = re.compile(r"考虑|对比|比较|比|在看|选|换成|迁|用的是|在用|也在|竞争|投|谈|方案|便宜|贵")
_USED_TO_TALK = re.compile(r"发给|发到|发过|沟通|联系|聊|加了|加他|拉群|群里|上说|通知|回复")


@lexicon.derived
def _negation() -> tuple[re.Pattern[str], re.Pattern[str]]:
    before = re.compile(f"(?:{lexicon.alternation(lexicon.words('negation_prefixes.txt'))})$")
    after = re.compile(lexicon.alternation(lexicon.words("negation_suffixes.txt")))
    return before, after


def negated(text: str, start: int, end: int) -> bool:
    """Whether the cue at text[start:end] is denied (`不会推迟`) or dismissed (`贵一点没关系`)."""
    before, after = _negation()
    left = text[max(0, start - 5) : start]
    if _QUESTION.search(left):
        return False  # `能不能再便宜一些` asks for a cut; its 不 denies nothing
    return before.search(left) is not None or after.match(text, end) is not None


def _clause(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    right = _CLAUSE.search(text, end)
    return text[left : right.start() if right else len(text)]


def _weighed(text: str, start: int, end: int) -> bool:
    """Whether a channel product is compared or considered here rather than used to talk."""
    clause = _clause(text, start, end)
    near = text[max(0, start - 8) : start] + "|" + text[end : end + 6]
    return _USED_TO_TALK.search(near) is None and _WEIGHED.search(clause) is not None


def find_competitors(text: str, own: Field | None = None) -> list[Field]:
    """Competitor names as written, once each, not the customer's own name."""
    channels = lexicon.word_set("channels.txt")
    found: list[Field] = []
    for m in lexicon.word_regex("competitors.txt").finditer(text):
        name = m.group(0)
        if name.isascii() and (
            text[m.start() - 1 : m.start()].isalpha()
            and text[m.start() - 1].isascii()
            or text[m.end() : m.end() + 1].isascii()
            and text[m.end() : m.end() + 1].isalpha()
        ):
            continue  # `GE` inside `GET`
        if own is not None and own.start <= m.start() < own.end:
            continue
        if name in channels and not _weighed(text, m.start(), m.end()):
            continue
        if negated(text, m.start(), m.end()):
            continue
        if all(f.value != name for f in found):
            found.append(Field(name, m.start(), m.end(), 0.9))
    return found


def find_flags(text: str, competitors: list[Field]) -> list[Flag]:
    """One flag per cue that is not negated; a named competitor is itself a competitor flag."""
    flags = [Flag("competitor", c.start, c.end, 0.9, competitor=c.value) for c in competitors]
    for kind, filename in CUE_FILES.items():
        for m in lexicon.cue_regex(filename).finditer(text):
            if m.end() > m.start() and not negated(text, m.start(), m.end()):
                flags.append(Flag(kind, m.start(), m.end(), 0.8))
    return sorted(flags, key=lambda f: f.start)


@Language.factory("leadscribe_flags")
def make_flags(nlp: Language, name: str) -> FlagFinder:
    return FlagFinder()


class FlagFinder:
    def __call__(self, doc: Doc) -> Doc:
        lead = lead_of(doc)
        text = clean_of(doc)
        lead.competitors = find_competitors(text, lead.company)
        lead.flags = find_flags(text, lead.competitors)
        return doc
