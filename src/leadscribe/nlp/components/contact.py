"""The contact person: a forward's sender, a labelled full name, surname + title, or a Latin name."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon, names
from ..entities import entities_of
from ..extensions import clean_of, lead_of
from ..segment import word_freq
from ..spans import cuts_a_word
from ..types import Field
from .when_parse import EXPR as DATE_EXPR

# Characters that turn `总`/`工`/`董` into the start of an ordinary word (`总价`, `工作`, `董事`).
# what belongs to a person (`郑总的手机号`, `王总的意思`): the title before 的 is someone's
_PERSONAL = re.compile(r"手机|电话|微信|邮箱|号码|联系方式|意思|意见|想法|要求|助理|秘书|司机")
_NOT_AFTER_TITLE = {
    "总": "价共额部监计体之是数裁结量包统局院公司行队站厂务账线归装承成经理算的",
    "工": "作厂程业艺人资具序期地单位商时",
    "董": "事",
    "哥": "们",
    "姐": "妹",
}
# `O'Brien`, `D'Andre`, `DeLuca`, `McLeod`, and joined by a hyphen: `Olsen-Reyes`, `O'Malley-Price`
_LATIN_PART = r"[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?"
_LATIN_WORD = rf"(?:{_LATIN_PART}(?:-{_LATIN_PART})?)"
_INITIAL = r"(?: [A-Z]\.(?= [A-Z]))?"  # a middle initial: `Robert J. Kessler`
_LATIN_NAME = rf"{_LATIN_WORD}{_INITIAL}(?: {_LATIN_WORD}){{0,2}}"
_HONORIFIC = re.compile(rf"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Dr)\.? ?{_LATIN_WORD}{_INITIAL}(?: {_LATIN_WORD})?")
_COMMON_WORD_FREQ = 50
_EVERYDAY_WORD_FREQ = 1000
_ROLED_WORD_FREQ = 3000  # 白雪 (1572) and 高峰 (1556) are given names too; 方便 (3718), 文明 (6584) are not
# What may stand right before a full name: punctuation or a short function word.
_NAME_OPENERS = frozenset(",.:;!?()，。：；！？（）、的跟和与是给找见约了")
_BODY_ENDINGS = frozenset("会部处科室组局办队院所司")
# What follows a labelled name in unpunctuated text (`联系人秦立伟手机136…`).
_AFTER_NAME = "手机|电话|座机|邮箱|微信|公司|职位|是"
# What may follow a full name right after a role (`CTO王磊约了…`, `总经理周建国下周要来`), besides a said verb.
_AFTER_ROLE_NAME = (
    "约|来|去|今天|明天|后天|下周|这周|本周|刚|已经|也|让|希望|准备|计划|打算"
    "|电话|手机|微信|邮箱|通了|打了|发了|聊了|见了|开会|开视频|开个|吃饭|吃个|对我们|对你们|对这|签|\\d"
)


@lexicon.derived
def _patterns() -> dict[str, re.Pattern[str]]:
    surname = lexicon.alternation(names.surnames())
    title = lexicon.alternation(names.titles())
    cue = lexicon.alternation(lexicon.words("contact_cues.txt"))
    given = lexicon.alternation(lexicon.words("english_names.txt"))
    said = f"{names.said_verbs()}|那边|这边|要|想"  # `郑总那边`, `王磊要…`: the name ends there too
    return {
        "titled": re.compile(rf"(?P<surname>{surname})(?P<title>{title})"),
        "labelled": re.compile(
            rf"(?:{cue})\s*(?:[:：,，]|是|为)?\s*(?P<name>(?:{surname})[一-龥]{{1,2}})(?=[,，。.、;；(（\s\d+]|$|{_AFTER_NAME})"
        ),
        "said": re.compile(rf"的\s*(?P<name>(?:{surname})[一-龥]{{1,2}}?)(?={said})"),
        # `王磊是…`, `。周敏说…`: a full name opening a clause, as its subject.
        "subject": re.compile(rf"(?:^|(?<=[,，。;；!！?？\s]))(?P<name>(?:{surname})[一-龥]{{1,2}}?)(?=是|{said})"),
        # `St. Luke's` names a saint, `D'Andre` is not `Andre`
        "given": re.compile(
            rf"(?<![A-Za-z'-])(?<!St\. )(?<!St )(?P<name>(?:{given})(?:-{_LATIN_PART})?{_INITIAL}(?: {_LATIN_WORD})?)"
            r"(?![A-Za-z])"
        ),
        # `总经理张伟说`, `采购经理李明，`: a full name right after a role.
        "after_role": re.compile(
            # a three-character name before a pause is whole (`总经理 覃志刚 要…`: not 覃志 before 刚)
            rf"(?:{title}|负责人|CEO|CTO|CIO|VP)\s?(?:是|叫)?"
            rf"(?P<name>(?:{surname})(?:[一-龥]{{2}}(?=[,，。.\s]|$)|[一-龥]{{1,2}}?))"
            rf"(?={said}|{_AFTER_ROLE_NAME}|[,，。.\s]|$)"
        ),
        # `老刘`, `小王`: an address form when the pair is no dictionary word (`小程序`, `老师` are).
        "familiar": re.compile(rf"[老小](?:{surname})"),
        "han_name": re.compile(rf"^(?:{surname})[一-龥]{{1,2}}$"),
        "title_only": re.compile(rf"(?:{title})"),
        # A Latin name right after a role or met with (`操作主管Tony`, `产品VP Kevin`, `跟Lim Wei Ming开完会`).
        "latin_after_role": re.compile(
            rf"(?:VP|CTO|CEO|CIO|COO|CFO|总监|主管|经理|老板|负责人|采购|总裁|部|跟|和|与) ?(?P<name>{_LATIN_NAME})"
            rf"(?= ?(?:{said}|开|吃|聊|通|见|[,.:;!?，。：；！？\s]|$))"
        ),
    }


_ROLE_BEFORE = re.compile(r"(?:负责人|对接人|联系人|接口人|主管|总监)$")


def _titled(text: str, start: int = 0, end: int | None = None) -> list[Field]:
    """`张总`, `李经理`, `何工` (not `施工`, `总价`)."""
    out = []
    exclusions = lexicon.word_set("title_exclusions.txt")
    for m in _patterns()["titled"].finditer(text, start, len(text) if end is None else end):
        title, nxt = m.group("title"), text[m.end() : m.end() + 1]
        personal = nxt == "的" and _PERSONAL.match(text, m.end() + 1)  # `郑总的手机` is the person's
        if nxt and nxt in _NOT_AFTER_TITLE.get(title[-1], "") and title in _NOT_AFTER_TITLE and not personal:
            continue  # `总的来说`, `总价`
        if m.group(0) in exclusions or text[max(m.start() - 1, 0) : m.end()] in exclusions:
            continue
        if names.org_ending_regex().match(text, m.end()):
            continue  # `徐工集团`, `李工程公司`: the start of an organisation's name, not a person
        full = _full_name_before(text, m.start())
        if full is not None and m.start() - full >= 2 and text[full] == text[m.start()]:
            out.append(Field(text[full : m.start()], full, m.start(), 0.85))  # `王芳王经理`: 王芳, then her title
            continue
        if full is not None:  # `李明经理`: the full name wins over `明经理`
            out.append(Field(text[full : m.start() + 1], full, m.start() + 1, 0.85))
            continue
        if (
            m.start() > 0
            and _is_word(text[m.start() - 1 : m.start() + 1])
            and not _ROLE_BEFORE.search(text, 0, m.start())
        ):
            continue  # the surname belongs to the word before it (`仓储经理` is not 储经理; `负责人马总` is 马总)
        out.append(Field(m.group(0), m.start(), m.end(), 0.9))
    return out


def _full_name_before(text: str, pos: int) -> int | None:
    """Where a full name ends at text[pos] starts (`张建华经理`, `，李明经理`), when one does."""
    surnames = names.surnames()
    for given in (2, 1):
        start = pos - given
        if start < 0 or not re.fullmatch(r"[一-龥]+", text[start:pos]):
            continue
        before = text[start - 1] if start > 0 else ""
        if text[start] in surnames and (not before or before in _NAME_OPENERS or not before.strip()):
            return start
    return None


def _inside_a_word(text: str, start: int) -> bool:
    """The character before and the surname make a common word, more common than the word ending before it
    (`派工程师`: 工程 beats 派工; `负责人马总`: 负责人 beats 人马)."""
    if start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff" or text[start - 1] == "人":
        return False  # 负责人, 对接人, 联系人: a role word ending in 人 comes before names
    if any(len(title) > 1 and text.endswith(title, 0, start) for title in names.titles()):
        return False  # `院长江丽华`: a title ends right before the surname
    pair = word_freq(text[start - 1 : start + 1])
    before = max(word_freq(text[max(0, start - k) : start]) for k in (2, 3))
    return pair >= _EVERYDAY_WORD_FREQ and pair > before


def _familiar_word(pair: str) -> bool:
    """`小时`, `老师`: an everyday word; `小林`, `老王` (in jieba's dictionary as names) are people."""
    return pair in lexicon.word_set("familiar_words.txt") or word_freq(pair) >= _EVERYDAY_WORD_FREQ


def _is_word(chars: str) -> bool:
    """Whether jieba knows these characters as a common word (its dictionary, once loaded)."""
    return word_freq(chars) >= _COMMON_WORD_FREQ


def is_person(segment: str, plain_names: bool = True) -> bool:
    """Whether a short piece of text is a person as referred to (a name or surname + title).

    Without `plain_names`, a bare 2-3 character Han name does not count (`龙凤楼` could be one).
    """
    p = _patterns()
    seg = segment.strip()
    if not seg:
        return False
    titled = _titled(seg)
    if titled and titled[0].start == 0 and titled[0].end == len(seg):
        return True
    if re.fullmatch(_LATIN_NAME, seg) or _HONORIFIC.fullmatch(seg):
        return True
    return (
        plain_names
        and bool(p["han_name"].match(seg))
        and not p["title_only"].search(seg[1:])
        and not _looks_like_org(seg)
    )


def _not_a_name(name: str, common: int = _EVERYDAY_WORD_FREQ) -> bool:
    """Common words (`高层`, `金额`) and bodies (`管委会`) that start with a surname character."""
    # Real names are in jieba's dictionary too (王明 368, 李强 159), but rarely as common as 马上 (2306).
    return name[-1] in _BODY_ENDINGS or word_freq(name) >= common or _starts_with_a_day(name)


def _starts_with_a_day(name: str) -> bool:
    """`元旦前要交付`, `年底前`: a holiday or a part of the year, not 元 or 年 as a surname."""
    m = DATE_EXPR.match(name)
    return bool(m and m.end() and any(m.group(g) for g in ("holiday", "mpart", "ypart", "relday")))


def _names_an_org(text: str, start: int, end: int) -> bool:
    """`Pacific` in `Pacific Dental`: Latin words that an organisation ending follows (or ends)."""
    latin = {w.lower() for w in names.org_endings() if w.isascii()}
    words = text[start:end].split()
    following = re.match(r" ?([A-Za-z]+)", text[end : end + 20])
    return bool(words) and (
        words[-1].lower() in latin or (following is not None and following.group(1).lower() in latin)
    )


def _looks_like_org(seg: str) -> bool:
    return names.org_ending_regex().search(seg) is not None


def speaker_contact(text: str, speaker: tuple[int, int] | None) -> Field | None:
    """The person at the end of a forwarded sender (`和平路小学 汪老师`, `Emma Clarke`)."""
    if speaker is None:
        return None
    start, end = speaker
    segment = text[start:end]
    parts = list(re.finditer(r"\S+(?: [A-Z][a-z]+)*", segment))
    if not parts:
        return None
    last = parts[-1]
    if is_person(last.group(0)):
        return Field(last.group(0), start + last.start(), start + last.end(), 0.95)
    titled = _titled(segment)
    if titled and titled[-1].end == len(segment):
        f = titled[-1]
        return Field(f.value, start + f.start, start + f.end, 0.9)
    return None


# `老李，帮我…`, `老周，明天上午帮我…`: a colleague addressed, then asked for something
_VOCATIVE = re.compile(
    r"\s*[，,：:]\s*(?:[今明后][天早晚]|[上中下]午|晚上|早上|这周[一二三四五六日天]?|下?周[一二三四五六日天]?)*"
    r"\s*(?:帮|麻烦|你|记|请|给我)"
)


# `Hi Amy, we'd like a quote`: the one a forwarded message greets is its reader, the rep
_GREETED = re.compile(r"(?:\b(?:Hi|Hello|Hey|Dear)|您好|你好)[,，\s]*$")


def find_contact(text: str, speaker: tuple[int, int] | None = None) -> Field | None:
    """The person the lead is about: the sender of a forward, else a labelled name, else the first one."""
    found = speaker_contact(text, speaker)
    if found:
        return found
    p = _patterns()
    m = p["labelled"].search(text)
    if m and is_person(m.group("name")):
        return Field(m.group("name"), m.start("name"), m.end("name"), 0.95)
    candidates: list[Field] = _titled(text)
    subjects = [m for m in p["subject"].finditer(text) if not _is_word(m.group("name"))]
    roled = list(p["after_role"].finditer(text))
    for m in [*p["said"].finditer(text), *roled, *subjects]:
        name = m.group("name")
        # right after a role a name may also be a word (`采购主管白雪`, `总监高峰`): only the commonest are not
        common = _ROLED_WORD_FREQ if m in roled else _EVERYDAY_WORD_FREQ
        if not p["title_only"].search(name[1:]) and not _looks_like_org(name) and not _not_a_name(name, common):
            candidates.append(Field(name, m.start("name"), m.end("name"), 0.7))
    for m in p["familiar"].finditer(text):
        if not (
            _familiar_word(m.group(0))
            or _is_word(text[m.end() - 1 : m.end() + 1])
            or _is_word(text[m.start() - 1 : m.end()])
        ):
            candidates.append(Field(m.group(0), m.start(), m.end(), 0.6))
    for rx in (_HONORIFIC, p["latin_after_role"], p["given"]):
        for m in rx.finditer(text):
            g = "name" if "name" in rx.groupindex else 0
            if not _names_an_org(text, m.start(g), m.end(g)):
                candidates.append(Field(m.group(g), m.start(g), m.end(g), 0.8))
    # `派工程师`: a "surname" that ends a word (工程) starts no name
    candidates = [_latin_person(f) for f in candidates if not _inside_a_word(text, f.start)]
    addressed = [f for f in candidates if _VOCATIVE.match(text, f.end) and not text[: f.start].strip()]
    # `小李，帮我记一下：…`, `老李，帮我跟进一下…`: the note speaks to a colleague, who is no contact
    candidates = [f for f in candidates if f not in addressed and not _GREETED.search(text, 0, f.start)]
    if not candidates:
        return None
    # Earliest mention wins; at the same place the longer reading (`David Li` over `David`).
    return min(candidates, key=lambda f: (f.start, -(f.end - f.start)))


_OWN_NAME_AFTER = re.compile(
    r"^(?P<lead>(?:[A-Z][a-z]*\.?|[A-Za-z-]+) )(?P<name>[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][A-Za-z'-]+)$"
)


def _latin_person(f: Field) -> Field:
    """`VP Engineering Nicole Adams` is Nicole Adams; `Dr. Alan Reyes` too: a full name said stands without the
    function or the honorific before it (as 王建国 does without 院长)."""
    m = _OWN_NAME_AFTER.match(str(f.value))
    if m is None:
        return f
    lead = m.group("lead").strip()
    if lead.rstrip(".") in names.ENGLISH_TITLES or lead in lexicon.word_set("departments_en.txt"):
        return Field(m.group("name"), f.start + m.start("name"), f.end, f.confidence)
    return f


@Language.component("leadscribe_contact", assigns=["doc._.lead"])
def contact_component(doc: Doc) -> Doc:
    text = clean_of(doc)
    found = (
        _named_outright(text)
        or find_contact(text, doc._.speaker)
        or _model_person(doc, text)
        or _affiliated_en(text)
        or _dictated_en(text)
    )
    if found is not None and _TIME_AT_START.match(str(found.value)):
        found = None  # `明年再说`: a time said before a verb, not a person named 明年再
    lead_of(doc).contact_name = _spelled_out(text, found) if found is not None else None
    return doc


# `Teodor Ruiz at Kestrel Farms`, `met Ines Carvalho of Lumen Optics`: one or two capitalised words right before
# the organisation they belong to are a person
_AFFILIATED_EN = re.compile(
    r"(?:^|(?<=[.,;:!?] )|\b(?:[Mm]et|[Ww]ith|w/|to|[Cc]alled|[Ee]mailed|[Vv]isited|into|[Ss]aw|and)\s+)"
    rf"(?P<name>{_LATIN_WORD}{_INITIAL}(?: {_LATIN_WORD})?)\s+(?:from|at|of)\s+[A-Z0-9]"
)
_NOT_NAMES_EN = frozenset(
    ("Met", "We", "They", "I", "He", "She", "Meeting", "Call", "Lunch", "Dinner", "Demo", "Fwd", "Fw", "Forwarded")
)


# `IT lead Sandra Kim wants`, `- Owen Brandt, ops director`, `principal Gloria Mendes`: a first and last name
# after a role or a list separator, before a pause or what they do
_ROLED_EN = re.compile(
    r"(?:(?:^|[,;(]|\s[-–])\s*|\b(?:Fwd?|Forwarded) from\s+"
    r"|\b(?:owner|CEO|CFO|CTO|COO|CNO|CIO|CMO|VP|GM|director|manager|principal|lead|head|"
    rf"buyer|founder|president|partner|chef|contact|POC|{names.english_title_regex()}|[a-z]+master)\s+)"
    rf"(?P<name>{_LATIN_WORD}{_INITIAL} {_LATIN_WORD})(?=\s*(?:[,;(:]|$|\s[-–]|\s\(?\d"
    r"|\s(?:wants|needs|is|says|said|joined|called|asked|emailed|from|at|of|and)\b))"
)


# A dictated note without capitals (`met with jenna torres from bayside credit union`, `the regional manager tom
# becker says`): a known given name, and a surname word, right after a meeting verb or a role
_DICTATED_BEFORE = (
    r"(?:met|met with|meeting with|talked to|talked with|spoke to|spoke with|called|call from|lunch with|coffee with|"
    r"heard from|visited|owner|manager|director|cfo|ceo|cto|cio|coo|vp|contact|buyer)"
)
_NOT_SURNAME = frozenset(
    [
        "from",
        "at",
        "of",
        "their",
        "the",
        "his",
        "her",
        "he",
        "she",
        "they",
        "says",
        "said",
        "wants",
        "needs",
        "is",
        "was",
        "and",
        "about",
        "who",
        "with",
        "on",
        "in",
        "for",
        "to",
        "this",
        "that",
        "cfo",
        "ceo",
        "cto",
        "cio",
        "coo",
        "vp",
        "owner",
        "manager",
        "director",
        "no",
        "yes",
        "just",
    ]
)


@lexicon.derived
def _dictated_pattern() -> re.Pattern[str]:
    given = lexicon.alternation([w.lower() for w in lexicon.words("english_names.txt")])
    return re.compile(
        rf"\b{_DICTATED_BEFORE}\s+(?P<name>(?:{given})(?:-[a-z]+)?(?: (?P<surname>[a-z][a-z'-]+))?)(?![a-z])"
    )


def _dictated_en(text: str) -> Field | None:
    if re.search(r"[A-Z][a-z]", text) and not text[:1].islower():
        return None  # a written note has its capitals; this is for dictation only
    for m in _dictated_pattern().finditer(text):
        name, surname = m.group("name"), m.group("surname")
        end = m.end("name")
        if surname is not None and surname in _NOT_SURNAME:
            name, end = name[: -len(surname) - 1], m.start("surname") - 1
        return Field(name, m.start("name"), end, 0.6)
    return None


def _affiliated_en(text: str) -> Field | None:
    for pattern in (_AFFILIATED_EN, _ROLED_EN):
        for m in pattern.finditer(text):
            name = m.group("name")
            if name.split()[0] in _NOT_NAMES_EN:
                continue
            return Field(name, m.start("name"), m.end("name"), 0.7)
    return None


# `李总全名叫李国栋`, `大名王丽华`: the person's full name, said as such
_FULL_NAME_SAID = re.compile(r"(?:全名|大名|全称|本名|真名|名字)(?:叫|是|为)?\s*(?P<name>[一-龥]{2,4})")


# `Ms. Okafor is Ngozi Okafor`, `Dr. Lin's full name is Wei Lin`
_FULL_NAME_SAID_EN = re.compile(
    rf"(?:\b(?:{names.english_title_regex()})\s?[A-Z][a-z]+(?:'s (?:full |real )?name)? is|\b(?:full|real) name is)\s+"
    r"(?P<name>[A-Z][a-z]+ [A-Z][a-z'-]+)"
)


def _named_outright(text: str) -> Field | None:
    m = _FULL_NAME_SAID_EN.search(text)
    if m is not None:
        return Field(m.group("name"), m.start("name"), m.end("name"), 0.9)
    for m in _FULL_NAME_SAID.finditer(text):
        name = m.group("name")
        surname = name[:2] if name[:2] in names.surnames() else name[:1]
        if surname not in names.surnames():
            continue
        # the given name is one or two characters; what follows is the rest of the sentence
        for length in (len(surname) + 2, len(surname) + 1):
            candidate = name[:length]
            rest = text[m.start("name") + length : m.start("name") + length + 1]
            if len(candidate) == length and (not rest or not re.match(r"[一-龥]", rest) or rest in "他她说讲的"):
                return Field(candidate, m.start("name"), m.start("name") + length, 0.9)
    return None


_TIME_AT_START = re.compile(r"(?:明|今|去|前|后)(?:年|天|日|晚|早)|(?:上|下|这|本)(?:周|个月|月|星期)")


def _spelled_out(text: str, found: Field) -> Field:
    """`李建华李总`, `欧阳明欧阳总`: a title form right after the full name it shortens names that person in full."""
    m = names.title_at_end().search(found.value)
    if m is None:
        return found
    surname = found.value[: m.start()]
    if surname not in names.surnames() or not 1 <= len(surname) <= 2:
        return found
    for given in (2, 1):
        start = found.start - len(surname) - given
        full = text[max(start, 0) : found.start]
        if start < 0 or not full.startswith(surname) or not re.fullmatch(r"[一-龥]+", full):
            continue
        before = text[start - 1] if start > 0 else ""
        if not before or before in _NAME_OPENERS or not before.strip() or before in "和跟与同找见约是给问叫请":
            return Field(full, start, found.start, found.confidence)
    return found


# `丹尼斯·霍珀`, `汤姆-克鲁斯`: a transcribed foreign name, its parts joined by a dot or a dash
_TRANSCRIBED = re.compile(r"[一-龥]{1,6}(?:[·•・\-－][一-龥]{1,6}){1,2}")


def _model_person(doc: Doc, text: str) -> Field | None:
    """A bare name no rule anchors (`今天拜访了王建国`, `斯图尔特认为`): the trained model's first person that
    looks like one."""
    for start, end, label in entities_of(doc):
        if label != "PER":
            continue
        while end > start and not re.match(r"[一-龥]", text[end - 1]):
            end -= 1  # `马力)`: what closes the name is no part of it
        if cuts_a_word(text, start):
            start += 1  # `员丹尼斯·霍珀` of `演员丹尼斯·霍珀`: the name starts after the word the model cut into
            if cuts_a_word(text, start):
                continue
        name = text[start:end]
        if _TRANSCRIBED.fullmatch(name) or _han_name(name):
            return Field(name, start, end, 0.6)
    return None


def _han_name(name: str) -> bool:
    """A Chinese name starts with a surname (`阿里云那`, `蛋黄` do not) and is no everyday word; one of three or
    four characters without a surname is a transcribed foreign name (`斯图尔特`, `希特勒`) unless it names an
    organisation."""
    if not (2 <= len(name) <= 4 and re.fullmatch(r"[一-龥]+", name)) or _not_a_name(name):
        return False  # `高兴`, `马上`: an everyday word that starts with a surname
    if name[0] in names.surnames() or name[:2] in names.surnames():
        return True
    return len(name) >= 3 and not _looks_like_org(name)
