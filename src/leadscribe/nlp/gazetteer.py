"""What the rep already knows, as extraction context: customers' names and short forms, their contacts and phones.

nlp knows no database: the caller builds a Gazetteer from plain KnownCustomer values (crm does, per rep) and
passes it to `extract`. Short forms are derived, not listed: the distinctive part of a registered name
(`华锐` of `华锐精密机械`, `永兴化工` of `张家港市永兴化工有限公司`, `Pacific Dental` of `Pacific Dental Group LLC`),
plus whatever the rep called the customer before (aliases).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from . import lexicon, names

Kind = Literal["company", "contact"]
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# two first characters that are no trade name: an ordinal or number, a place word (`第一`, `三号`, `浦东区`)
_NOT_A_TRADE_NAME = re.compile(r"[第一二三四五六七八九十]|.[市省县区]")
_EVERYDAY = 3000  # jieba's frequency above which two characters are an everyday word (`中国`, `大型`, `新的`)
_NOT_A_LATIN_HEAD = frozenset(
    ("The", "First", "National", "American", "United", "General", "Global", "International", "Central", "New", "St.")
)
_NUMBERED_HOSPITAL = re.compile(r"第([一二三四五六七八九十]{1,3})人民医院")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class KnownContact:
    name: str | None
    title: str | None = None


@dataclass(frozen=True)
class KnownCustomer:
    id: int
    company: str | None = None
    aliases: tuple[str, ...] = ()
    contacts: tuple[KnownContact, ...] = ()
    phones: tuple[str, ...] = ()
    owner_id: int | None = None


@dataclass(frozen=True)
class Mention:
    """A known name found in a note: which customers it may mean."""

    kind: Kind
    start: int
    end: int
    text: str
    customer_ids: frozenset[int]
    by_sound: bool = False


@lexicon.derived
def _generic() -> frozenset[str]:
    return frozenset(w.lower() for w in (*names.org_endings(), *lexicon.words("org_generic.txt")))


@lexicon.derived
def _generic_tail() -> re.Pattern[str]:
    words = sorted(_generic(), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(re.escape(w) for w in words)})$", re.IGNORECASE)


def place_head() -> re.Pattern[str]:
    """A place opening a registered name (`张家港市`, `广州市白云区`, `岳麓区`, `佛山`)."""
    return _place_head()


@lexicon.derived
def _place_head() -> re.Pattern[str]:
    places = lexicon.alternation(lexicon.words("places.txt"))
    # a city and its district (`广州市白云区`), or a district alone (`岳麓区`)
    district = "[\u4e00-\u9fff]{1,3}?[区县](?!域)"
    # any city written with 市 (`九江市`), but not a shop that ends in 市 (`超市`, `门市`)
    city = "[\u4e00-\u9fff]{2,3}?(?<![超门菜夜股城集街])市"
    return re.compile(f"^(?:(?:(?:{places})(?:省|市|自治区)?|{city})(?:{district})?|{district})")


def _strip_legal(name: str) -> str:
    prev = None
    while prev != name:
        prev, name = name, names.legal_form_at_end().sub("", name).rstrip(" ,.")
    return name


def _only_kind(form: str) -> bool:
    """Made of words of kind and places only (`医疗器械`, `华东`, `Medical Group`)."""
    rest = form.strip(" ,.")
    while rest:
        tail = _generic_tail().search(rest)
        if tail is None:
            break
        rest = rest[: tail.start()].strip(" ,.")
    place = _place_head().match(rest)
    return not rest or (place is not None and place.end() == len(rest))


def _distinct(form: str) -> bool:
    """Long enough to name one organisation, and not only words of kind or a place (`医疗`, `华东`, `Group`)."""
    if _only_kind(form):
        return False
    if _HAN.search(form):
        return len(form) >= 2
    return len(form.replace(" ", "")) >= 4


# a government body named by what it does (`城管局`, `教育局`, `发改委`, `住建厅`)
_GOVERNMENT_BODY = re.compile(r"[\u4e00-\u9fff]{1,6}(?:局|委|委员会|办公室|厅|署)")


def company_forms(name: str) -> list[str]:
    """The registered name and its short forms, longest first."""
    name = re.sub(r"\s+", " ", name).strip()
    core = _strip_legal(name)
    forms = [name, core]
    place = _place_head().match(core)
    if place and _GOVERNMENT_BODY.fullmatch(core[place.end() :]):
        # `城管局` of 滨江区城管局: a body every district has, yet how its own people are spoken of
        return list(dict.fromkeys([*forms, core[place.end() :]]))
    if place and _distinct(core[place.end() :]):
        core = core[place.end() :]
        forms.append(core)
        if place.group(0).endswith("市"):
            forms.append(place.group(0)[:-1] + core)  # `九江第一人民医院` for 九江市第一人民医院
    # a registered Chinese name is place + trade name + trade + legal form: the trade name is most often the
    # first two characters after the place (`德润` of 无锡德润包装材料), whatever words of trade follow
    trade = core
    head = core[:2] if len(core) >= 4 and _HAN.fullmatch(core[:1]) and _HAN.fullmatch(core[1:2]) else ""
    while True:
        tail = _generic_tail().search(core)
        if tail is None or tail.start() == 0:
            break
        shorter = core[: tail.start()].rstrip(" ,.")
        # `华东医疗` still names 华东医疗器械; `华东` alone names a region
        if not (_distinct(shorter) or (_HAN.search(shorter) and len(shorter) >= 4)):
            break
        core = shorter
        forms.append(core)
    if head and not _NOT_A_TRADE_NAME.match(head) and not _everyday(head):
        forms.append(head)
        rest = trade[2:]
        if len(rest) >= 4 and not _only_kind(rest):
            forms.append(rest)  # `未来学校` of 武汉光谷未来学校: the name without the area it is in
    numbered = _NUMBERED_HOSPITAL.search(name)
    if numbered:
        # 合肥市第三人民医院 is `合肥三院`, `三院` to the people who work with it
        city = place.group(0).rstrip("省市") if place else ""
        forms += [f"{city}{numbered.group(1)}院", f"{numbered.group(1)}院"]
    words = core.split(" ")
    if words[0] == "St." and len(words) >= 3:
        forms.append(" ".join(words[:2]))  # `St. Aurelia` of St. Aurelia Medical Center
    elif not _HAN.search(core) and len(words) >= 2 and words[0] not in _NOT_A_LATIN_HEAD:
        # `Northgate` of Northgate Unified School District, `Silver Pines` of Silver Pines Senior Living
        forms += [" ".join(words[:2])] if len(words) >= 3 else []
        forms += [words[0]] if len(words[0]) >= 4 and words[0][:1].isupper() else []
    return [
        f
        for f in dict.fromkeys(forms)
        if len(f) >= 2
        and (f in (name, forms[1]) or not _only_kind(f) or len(f) >= 4)
        and (f in (name, forms[1]) or len(f) > 2 or not _everyday(f))  # `大型` of 大型超市 names nothing
    ]


def contact_forms(contact: KnownContact) -> list[str]:
    """The name as known, and the surname-and-title form of a full name (`郑海涛`, title 总 -> `郑总`)."""
    name = (contact.name or "").strip()
    if not name:
        return []
    forms = [name]
    if _HAN.match(name) and contact.title and not names.title_at_end().search(name):
        forms.append(name[0] + contact.title)
    if _LATIN.match(name) and " " in name:
        first = name.split(" ")[0]
        if len(first) >= 3:
            forms.append(first)
    return [f for f in dict.fromkeys(forms) if len(f) >= 2]


@cache
def _syllables(text: str) -> tuple[str, ...]:
    """One toneless pinyin syllable per character (other characters stand for themselves)."""
    from pypinyin import Style, pinyin

    out: list[str] = []
    for ch in text:
        out.append(pinyin(ch, style=Style.NORMAL, strict=False)[0][0] if _HAN.match(ch) else ch.lower())
    return tuple(out)


@dataclass
class _Index:
    forms: dict[str, dict[Kind, set[int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    by_first: dict[str, list[str]] = field(default_factory=dict)
    sounds: dict[tuple[str, ...], dict[Kind, set[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    sound_lengths: set[int] = field(default_factory=set)
    parts: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    first_pairs: frozenset[str] = frozenset()  # the first two characters of every part: a cheap first test


class Gazetteer:
    """Known customers, indexed by every name a note may use for them. Build once per rep and reuse."""

    def __init__(self, customers: Iterable[KnownCustomer] = ()) -> None:
        self.customers = {c.id: c for c in customers}
        self._index = _Index()
        for c in self.customers.values():
            for form in [*(company_forms(c.company) if c.company else []), *c.aliases]:
                self._add(form, "company", c.id)
            for contact in c.contacts:
                for form in contact_forms(contact):
                    self._add(form, "contact", c.id)
        for c in self.customers.values():
            for part in _parts(c.company) if c.company else ():
                self._index.parts[part].add(c.id)
        # a part two customers share says nothing; a part that is a full name elsewhere is matched as one
        self._index.parts = defaultdict(
            set, {k: v for k, v in self._index.parts.items() if len(v) == 1 and k not in self._index.forms}
        )
        self._index.first_pairs = frozenset(k[:2] for k in self._index.parts)
        firsts: dict[str, list[str]] = defaultdict(list)
        for form in self._index.forms:
            firsts[form[:2]].append(form)  # every form has two characters at least
        self._index.by_first = {k: sorted(v, key=len, reverse=True) for k, v in firsts.items()}

    def __len__(self) -> int:
        return len(self.customers)

    def _add(self, form: str, kind: Kind, customer_id: int) -> None:
        key = form.strip().translate(_ASCII_LOWER)
        if len(key) < 2:
            return  # one character names nobody (and the index looks up two)
        self._index.forms[key][kind].add(customer_id)
        if _HAN.search(form) and len(form) >= 2 and not (kind == "contact" and names.title_at_end().search(form)):
            self._index.sounds[_syllables(form)][kind].add(customer_id)
            self._index.sound_lengths.add(len(form))

    def is_company_form(self, name: str) -> bool:
        """Whether `name` (legal form or not) is a name the gazetteer knows a customer by."""
        forms = self._index.forms
        for candidate in (name, _strip_legal(name)):
            kinds = forms.get(candidate.translate(_ASCII_LOWER))
            if kinds and "company" in kinds:
                return True
        return False

    def by_phone(self, phones: Iterable[str]) -> set[int]:
        wanted = set(phones)
        return {c.id for c in self.customers.values() if wanted & set(c.phones)}

    def find(self, text: str, by_sound: bool = False, tokens: list[tuple[int, int]] | None = None) -> list[Mention]:
        """Known names in `text`, longest first at each place, not overlapping; with `by_sound` (speech
        transcripts), names that sound the same but are written otherwise (`华瑞` for `华锐`) too. `tokens`:
        the text's word spans when the caller has them (pieces of names must be whole words)."""
        low = text.translate(_ASCII_LOWER)
        found: list[Mention] = []
        bounds: list[tuple[set[int], set[int]]] = []  # computed on first need
        i = 0
        while i < len(low):
            mention = self._at(text, low, i)
            if mention is None and self._index.parts and text[i : i + 2] in self._index.first_pairs:
                if not bounds:
                    bounds.append(_token_bounds(text, tokens))
                mention = self._part_at(text, i, bounds[0])
            if mention is None and by_sound:
                mention = self._sound_at(text, i)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i = mention.end
        return found

    def _at(self, text: str, low: str, i: int) -> Mention | None:
        for form in self._index.by_first.get(low[i : i + 2], ()):
            end = i + len(form)
            if not low.startswith(form, i) or not _bounded(low, i, end) or _longer_title(text, end, form):
                continue
            kinds = self._index.forms[form]
            kind: Kind = "company" if "company" in kinds else "contact"
            return Mention(kind, i, end, text[i:end], frozenset(kinds[kind]))
        return None

    def _part_at(self, text: str, i: int, bounds: tuple[set[int], set[int]]) -> Mention | None:
        """A distinctive piece of one registered name said as a word of its own (`智联` of 武汉光谷智联软件)."""
        starts, ends = bounds
        if i not in starts:
            return None
        for n in (3, 2):
            ids = self._index.parts.get(text[i : i + n])
            if ids and i + n in ends:
                return Mention("company", i, i + n, text[i : i + n], frozenset(ids))
        return None

    def _sound_at(self, text: str, i: int) -> Mention | None:
        if not _HAN.match(text[i]):
            return None
        for n in sorted(self._index.sound_lengths, reverse=True):
            piece = text[i : i + n]
            if len(piece) < n or not all(_HAN.match(ch) for ch in piece):
                continue
            kinds = self._index.sounds.get(_syllables(piece))
            if kinds:
                kind: Kind = "company" if "company" in kinds else "contact"
                return Mention(kind, i, i + n, piece, frozenset(kinds[kind]), by_sound=True)
        return None


_COMMON = 1000  # jieba's frequency above which a piece of a name is an everyday word (`社区`, `服务`)


def _parts(company: str) -> set[str]:
    """Two- and three-character pieces inside a registered Chinese name that are neither places, words of kind
    nor everyday words: `智联` and `光谷智` of 武汉光谷智联软件, `利铭` of 佛山顺德利铭五金制品厂."""
    from .segment import word_freq

    out: set[str] = set()
    for form in company_forms(company):
        if not _HAN.search(form) or len(form) < 3:
            continue
        for n in (2, 3):
            for i in range(1, len(form) - n + 1):
                piece = form[i : i + n]
                han = all(_HAN.fullmatch(ch) for ch in piece)
                if han and not _only_kind(piece) and word_freq(piece) <= _COMMON:
                    out.add(piece)
    return out


def _everyday(word: str) -> bool:
    from .segment import word_freq

    return word_freq(word) > _EVERYDAY


def _token_bounds(text: str, tokens: list[tuple[int, int]] | None) -> tuple[set[int], set[int]]:
    if tokens is None:
        from .segment import lcut

        tokens, at = [], 0
        for token in lcut(text):
            tokens.append((at, at + len(token)))
            at += len(token)
    return {a for a, _ in tokens}, {b for _, b in tokens}


def _bounded(low: str, start: int, end: int) -> bool:
    """A Latin name is a whole word (`Pacific`, not `Pacifica`); Han names need no spaces."""
    if _LATIN.match(low[start]) and start > 0 and low[start - 1].isalnum() and _LATIN.match(low[start - 1]):
        return False
    return not (_LATIN.match(low[end - 1]) and end < len(low) and _LATIN.match(low[end]))


def _longer_title(text: str, end: int, form: str) -> bool:
    """`郑总` inside `郑总监` is another person's title form."""
    m = names.title_at_end().search(form)
    if m is None:
        return False
    rest = m.group(1) + text[end : end + 3]
    return any(t.startswith(m.group(1)) and len(t) > len(m.group(1)) and rest.startswith(t) for t in names.titles())
