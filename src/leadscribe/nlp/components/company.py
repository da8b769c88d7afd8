"""The customer organisation as written, without the department that follows it."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon, names
from ..entities import entities_of
from ..extensions import clean_of, lead_of
from ..gazetteer import place_head as _place_head
from ..segment import lcut, word_freq
from ..spans import cuts_a_word, is_boundary, walk_back, walk_forward
from ..types import Field
from .contact import is_person
from .flags import find_competitors

_LATIN_ORG_WORD = r"[A-Z][A-Za-z&'-]*"
# `他们Harbourfront Clinic`, `我们是华茂物业`, `我是蜂巢网络的`
_SELF_INTRO = re.compile(r"(?:我们是|我是|我们|她是|他是|他们是|这里是|他们)\s?")
_THERE = re.compile(r"(?:那边|这边)\s*$")


@lexicon.derived
def _patterns() -> dict[str, re.Pattern[str]]:
    suffixes = names.org_endings()
    han = [s for s in suffixes if not s.isascii()]
    latin = [s for s in suffixes if s.isascii() and s[:1].isalpha()] + ["4S店"]
    return {
        "suffix": re.compile(lexicon.alternation(han)),
        "suffix_end": re.compile(f"(?:{lexicon.alternation(han)})$"),
        "latin": re.compile(rf"(?<![A-Za-z])(?:{_LATIN_ORG_WORD} ){{0,3}}(?:{lexicon.alternation(latin)})(?![A-Za-z])"),
        "dept_end": re.compile(
            rf"(?:[A-Za-z]{{1,5}}|[一-龥]{{1,4}})?(?:{lexicon.alternation(lexicon.words('departments.txt'))})$"
        ),
        "role_end": re.compile(rf"(?:{lexicon.cue_regex('org_roles.txt').pattern})\s*$"),
        "role_said": re.compile(
            rf"的\s*(?:{lexicon.cue_regex('org_roles.txt').pattern})(?={names.said_verbs()}|聊|谈|沟通|确认|发来|回个|回复)"
        ),
    }


def strip_department(name: str) -> str:
    """`市第一人民医院设备科` -> `市第一人民医院`; `安康体检中心` stays; a bare department gives ``."""
    p = _patterns()
    name = _THERE.sub("", name.strip()).strip()
    if name in lexicon.word_set("departments.txt"):
        return ""
    # A listed function department (`信息中心`) is cut even when it ends like an organisation itself.
    named = [d for d in lexicon.words("departments.txt") if len(d) > 2 and name.endswith(d)]
    if named and p["suffix_end"].search(name[: -len(max(named, key=len))]):
        return _THERE.sub("", name[: -len(max(named, key=len))]).strip()
    if p["suffix_end"].search(name) or not p["dept_end"].search(name):
        return name
    # Cut after the last organisation ending that leaves a qualified department (`信息中心`, not `中心`).
    dept = max((d for d in lexicon.words("departments.txt") if name.endswith(d)), key=len)
    least = len(dept) if len(dept) > 2 else max(2, len(dept) + 1)  # a listed `信息中心` counts whole
    cuts = [m.end() for m in p["suffix"].finditer(name) if len(name) - m.end() >= least]
    if cuts:
        return _THERE.sub("", name[: cuts[-1]]).strip()
    if name.endswith("中心"):
        return name  # `安康中心`: a centre is an organisation unless it follows one
    # No organisation ending: drop the department's own word(s) (`沪上茶语加盟部` -> `沪上茶语`).
    words = lcut(name, hmm=False)
    words = words[:-2] if len(words[-1]) == 1 and len(words) >= 2 else words[:-1]
    return _THERE.sub("", "".join(words)).strip()


def _is_department(name: str) -> bool:
    return bool(name) and not strip_department(name)


# `市一中`, `县医院`: an administrative level alone may precede an organisation's ending
_LEVELS = frozenset("省市县区镇乡州")


def _rival_and_a_piece(name: str) -> bool:
    return len(name) > 2 and name[:-1] in lexicon.word_set("competitors.txt")


def _valid(name: str, need_suffix: bool, person_of_it: bool = False) -> bool:
    """Whether a found run of text can be the customer's name.

    A competitor's name is the customer only when the contact belongs to it (`华为的王总想采购…`).
    """
    p = _patterns()
    if len(name) < 2 or name[0] in "他她它我你您咱" or is_person(name, plain_names=False):
        return False  # `他持有公司的股份`: a pronoun starts no organisation's name
    if name in lexicon.word_set("competitors.txt"):
        return person_of_it
    if _rival_and_a_piece(name):
        return False  # `奇安信报` of `奇安信报价`: a known vendor and the first character of the next word
    if p["suffix_end"].search(name):
        descriptors = lexicon.word_set("org_descriptors.txt")
        return any(
            name.endswith(sfx)
            and (len(name) - len(sfx) >= 2 or name[: -len(sfx)] in _LEVELS)
            and name[: -len(sfx)] not in descriptors
            for sfx in names.org_endings()
        )
    if p["latin"].fullmatch(name):
        return True
    return not need_suffix and not is_boundary(name) and not _common_word(name)


def _common_word(name: str) -> bool:
    """A generic word (`学校`, `客户`) is no organisation's name."""
    return word_freq(name) >= 200


def from_speaker(text: str, speaker: tuple[int, int] | None) -> Field | None:
    """The organisation in a forwarded sender (`鲜运冷链 刘总`, `国网滨海供电公司物资部`)."""
    if speaker is None:
        return None
    start, end = speaker
    segment = text[start:end]
    parts = [m for m in re.finditer(r"\S+(?: [A-Z][A-Za-z]+)*", segment)]
    has_person = bool(parts) and is_person(parts[-1].group(0))
    if parts and not has_person and " " in parts[-1].group(0):
        has_person = is_person(parts[-1].group(0).rsplit(" ", 1)[1])  # `IT负责人 Kevin`: a role, then the person
    if has_person:
        parts = parts[:-1]
    if not parts:
        return None
    first = parts[0]
    name = strip_department(first.group(0))
    if not _valid(name, need_suffix=not has_person, person_of_it=has_person):
        return None
    return Field(name, start + first.start(), start + first.start() + len(name), 0.9)


def before_person(doc: Doc, text: str, person: Field | None) -> Field | None:
    """`X(那边)(部门)的(角色)<contact>` and `X的采购说`: the organisation written before its person."""
    p = _patterns()
    anchors = []
    if person is not None:
        anchors.append(person.start)
    anchors += [m.end() for m in p["role_said"].finditer(text)]
    for anchor in anchors:
        head = text[:anchor].rstrip()
        role = p["role_end"].search(head)
        if role:
            head = head[: role.start()].rstrip()
        head = re.sub(r"(?:那个|这个)\s*$", "", head).rstrip()
        if not head.endswith("的"):
            continue
        head = head[:-1].rstrip()
        latin = _LATIN_ORG_BEFORE.search(head)
        if latin is not None and person is not None and anchor == person.start:
            # `见了 Golden Gate Trading 的 Kevin Lau`: an English name in a Chinese sentence
            return Field(latin.group(0), latin.start(), latin.end(), 0.8)
        end = len(_THERE.sub("", head).rstrip())
        start = walk_back(doc, end, text) if end > 0 else end
        if _is_department(text[start:end]):  # `协和那边放射科的`: the organisation is before the department
            end = len(_THERE.sub("", text[:start].rstrip()).rstrip())
            start = walk_back(doc, end, text) if end > 0 else end
        lead_in = _LEAD_IN.match(text, start, end)
        if lead_in and lead_in.end() < end:
            start = lead_in.end()
        name = strip_department(text[start:end])
        if name and _valid(name, need_suffix=False, person_of_it=person is not None and anchor == person.start):
            return Field(name, start, start + len(name), 0.85)
    return None


_LEAD_IN = re.compile(r"(?:老客户|新客户|大客户|重点客户|意向客户|客户)(?:是|的)?")
# two or more capitalised Latin words ending the text before 的 (`Golden Gate Trading`, `Acme & Co.`)
_LATIN_ORG_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z][\w&'.-]*(?: (?:&|[A-Z][\w&'.-]*))+$")


@lexicon.derived
def _long_departments() -> list[str]:
    return [d for d in lexicon.words("departments.txt") if len(d) > 2]


def by_suffix(doc: Doc, text: str, person: Field | None = None) -> list[Field]:
    """Names that end like an organisation (`华东医疗器械有限公司`, `Northbridge Bank`)."""
    p = _patterns()
    found: list[Field] = []
    departments = _long_departments()
    for m in p["suffix"].finditer(text):
        if _overlaps(person, m.start(), m.end()):
            continue  # `越秀楼厂长`: the 厂 of a title 厂长 ends no organisation
        if text.startswith(tuple(lexicon.words("org_owned_products.txt")), m.end()):
            continue  # `移动银行APP改版`: a product named after a kind of organisation
        if any(text.startswith(d, m.start()) and len(d) > m.end() - m.start() for d in departments):
            continue  # `信息` opening `信息中心` is a department, not a name ending
        start = walk_back(doc, m.start(), text)
        lead_in = _LEAD_IN.match(text, start, m.start())
        if lead_in:
            start = lead_in.end()  # `老客户嘉禾百货`: the name starts after the description
        if found and found[-1].start == start and found[-1].end <= m.start():
            if names.legal_form_at_end().search(str(found[-1].value)):
                continue  # `…船舶公司横滨工厂`: a registered name is whole; what follows is one of its sites
            start = found.pop().start  # `安运物流` + `集团`: one name
        name = text[start : m.end()]
        if _valid(name, need_suffix=True):
            found.append(Field(name, start, m.end(), 0.8))
    for m in p["latin"].finditer(text):
        found.append(Field(m.group(0), m.start(), m.end(), 0.8))
    for m in _SELF_INTRO.finditer(text):
        end = walk_forward(doc, m.end(), text)
        name = text[m.end() : end]
        if name and _valid(name, need_suffix=True):
            found.append(Field(name, m.end(), end, 0.85))
    return sorted(found, key=lambda f: (f.start, -(f.end - f.start)))


_BRACKETED = re.compile(r"\s?[(（](?P<org>[^()（）:：,，。]{2,24})[)）]")


def in_brackets_after(text: str, person: Field | None) -> Field | None:
    """`李总(南京金陵酒店):`: the organisation a chat app or a rep writes in brackets after the person."""
    if person is None:
        return None
    m = _BRACKETED.match(text, person.end)
    if m is None or not re.search(r"[一-龥]", m["org"]):
        return None
    org = m["org"].strip()
    if not names.org_ending_regex().search(org) and len(org) < 4:
        return None  # `(听歌)`: a short aside, no organisation
    if (
        org in names.titles()
        or lexicon.cue_regex("org_roles.txt").fullmatch(org)
        or _patterns()["dept_end"].fullmatch(org)
    ):
        return None  # `王工(采购)`, `张总（销售部）`: a role or a department, no organisation
    return Field(org, m.start("org"), m.start("org") + len(org), 0.85)


_EN_WORD = r"(?:(?:St|Mt|Ft|Dr)\.|[A-Z][A-Za-z0-9&'-]*)"
_EN_ORG = rf"{_EN_WORD}(?:\s+(?:{_EN_WORD}|&|and|of))*(?:\s(?:Co|Inc|Corp|Ltd)\.)?"
# English: the organisation after a person or a role (`Laura Diaz from Redwood Analytics`, `the CFO at Cedar
# Grove Hospital`, `procurement at Atlas Freight Lines`): capitalised words, up to the first lower-case one
_EN_AFFILIATION = re.compile(rf"(?:(?P<who>\b[\w-]+)\s+(?:from|at|of)|\bw/)\s+(?=(?P<org>{_EN_ORG}))")
_EN_NOT_ORG = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|Noon|Christmas|Thanksgiving|I|The|This|That|Our|My|Their)\b"
)
# what trails a name and is no part of it: a deal document, a department, a role (`Tidewater PO`, `Fairview IT`)
_EN_TRAILER = re.compile(r"(?:\s+(?:PO|RFP|RFQ|SOW|NDA|MSA|ERP|CRM|POS|IT|HR|QA|and|of|&|the))+$")


@lexicon.derived
def _en_lex() -> dict[str, re.Pattern[str]]:
    roles = lexicon.cue_regex("roles_en.txt").pattern
    openers = lexicon.alternation(lexicon.words("en_openers.txt"))
    latin_endings = [w for w in names.org_endings() if w.isascii() and w[:1].isalpha()]
    return {
        # A note that opens with the organisation: `Maple Leaf Logistics - Owen Brandt…`, `Horizon Pharma's QA
        # director`, `City of Fairview IT director Paul Young`
        # `Lead: Harmon & Co. | Contact: …`, `Cust: St. Luke's Senior Care, contact …`
        "labelled": re.compile(
            r"\b(?:[Ll]ead|[Cc]ust(?:omer)?|[Cc]lient|[Aa]ccount|[Cc]ompany|[Cc]o|[Oo]rg(?:anization)?|[Pp]rospect)\s*:\s*"
            rf"(?P<org>(?:{_EN_WORD}|\d[A-Za-z0-9&'-]*)(?:\s+(?:{_EN_WORD}|&|of|and|the)){{0,6}}"
            r"(?:\s(?:Co|Inc|Corp|Ltd)\.|\sLLC)?)"
        ),
        "leading": re.compile(
            rf"^\s*(?P<org>{_EN_WORD}(?:\s+(?:{_EN_WORD}|&|of|and|the)){{0,6}}(?:\s(?:Co|Inc|Corp|Ltd)\.|\sLLC)?)"
            r"(?=\s*(?:,|;|\s[-–/|]\s|\(|:|'s?\s|\s(?:wants|needs|is|are|has|have|called|asked|says|said|signed|went|"
            rf"pushed|moved|will|would)\b|\s(?:[A-Z]{{2,4}}\s)?(?:{roles})\b))"
        ),
        "not_leading": re.compile(rf"^(?:{openers})\b"),
        "ending": re.compile(rf"(?<![A-Za-z])(?:{lexicon.alternation(latin_endings)})$"),
        "roles": re.compile(rf"^(?:{roles})$", re.IGNORECASE),
    }


def _en_clean(org: str) -> str:
    # a sentence's full stop is no part of a name; a legal form's is (`Brewing Co.`)
    org = _EN_TRAILER.sub("", re.sub(r"'s?$|(?<!Co)(?<!Inc)(?<!Corp)(?<!Ltd)\.$", "", org.strip()))
    return re.sub(r"'s?$", "", org)


def _overlaps(f: Field | None, start: int, end: int) -> bool:
    return f is not None and f.start < end and start < f.end


def labelled_org_en(text: str, person: Field | None) -> Field | None:
    m = _en_lex()["labelled"].search(text)
    if m is None:
        return None
    org = _en_clean(m.group("org"))
    if len(org) < 3 or _EN_NOT_ORG.match(org) or _overlaps(person, m.start("org"), m.start("org") + len(org)):
        return None
    if (
        re.search(r"\b(?:Co|Inc|Corp|Ltd)$", org)
        and text[m.start("org") + len(org) : m.start("org") + len(org) + 1] == "."
    ):
        org += "."  # the legal form's full stop (`Harmon & Co.`)
    return Field(org, m.start("org"), m.start("org") + len(org), 0.8)


@lexicon.derived
def _dictated_org() -> re.Pattern[str]:
    endings = [w.lower() for w in names.org_endings() if w.isascii() and w[:1].isalpha()]
    word = r"(?!(?:the|a|an|their|his|her|our|my|at|from|of|to|with|and|she|he|they|we)\b)[a-z0-9'-]+"
    return re.compile(
        rf"\b(?:from|at|of|w/|left|visited)\s+(?P<org>(?:{word}\s){{1,4}}(?:{lexicon.alternation(endings)}))(?![a-z])"
    )


def dictated_org_en(text: str) -> Field | None:
    """`met with jenna torres from bayside credit union`: in a note dictated without capitals, lower-case words
    after from/at/of that end like an organisation."""
    if re.search(r"[A-Z][a-z]", text) and not text[:1].islower():
        return None
    m = _dictated_org().search(text)
    return None if m is None else Field(m.group("org"), m.start("org"), m.end("org"), 0.6)


def leading_org_en(text: str, person: Field | None) -> Field | None:
    lex = _en_lex()
    m = lex["leading"].match(text)
    if m is None or lex["not_leading"].match(m.group("org")):
        return None
    org = _en_clean(m.group("org"))
    owner = re.search(r"'s?(?=\s)", org)
    if owner and not lex["ending"].search(org):
        org = org[: owner.start()]  # `Vertex Cloud Services' VP Engineering…`: the name ends at the possessive
    if _overlaps(person, m.start("org"), m.start("org") + len(org)):
        return None  # `Emma Clarke, head of compliance at…`: the person, not their organisation
    if " " not in org and not lex["ending"].search(org):
        return None  # one capitalised word leading a note is as likely a person or a greeting
    return Field(org, m.start("org"), m.start("org") + len(org), 0.75)


def after_person_en(text: str, person: Field | None = None) -> Field | None:
    """The first organisation after `from/at/of` that ends like one, else the first after a name or a role."""
    lex = _en_lex()
    weaker = None
    for m in _EN_AFFILIATION.finditer(text):
        org = _en_clean(m.group("org"))
        start = m.start("org")
        if _EN_NOT_ORG.match(org) or len(org) < 3 or _overlaps(person, start, start + len(org)):
            continue
        if org in lexicon.word_set("departments_en.txt") or lex["roles"].match(org):
            continue  # `Chief of Radiology`, `VP of Sales`: a function, not the organisation
        found = Field(org, start, start + len(org), 0.75)
        if lex["ending"].search(org):
            return found
        who = m.group("who") or "w/"
        known = lex["roles"].match(who) or who in lexicon.word_set("departments_en.txt")
        if weaker is None and who not in ("I", "We", "They") and (who[0].isupper() or known or who == "w/"):
            weaker = found
    return weaker


# `(CFO, Cascade Health Partners)`, `(Jason Wu, Pinnacle Software)`: the organisation in brackets by the person
_BRACKET_EN = re.compile(r"\((?P<inner>[^()]{3,80})\)")


def in_brackets_en(text: str, person: Field | None) -> Field | None:
    if person is None:
        return None
    lex = _en_lex()
    for m in _BRACKET_EN.finditer(text):
        inside = m.start() < person.start < m.end()
        if not inside and text[person.end : m.start()].strip():
            continue
        for part in re.finditer(r"[^,;]+", m.group("inner")):
            org = _en_clean(part.group(0))
            start = m.start("inner") + part.start() + len(part.group(0)) - len(part.group(0).lstrip())
            if not re.fullmatch(_EN_ORG, org) or _overlaps(person, start, start + len(org)):
                continue
            if lex["roles"].match(org) or org in lexicon.word_set("departments_en.txt") or "@" in org:
                continue
            if " " in org or lex["ending"].search(org):
                return Field(org, start, start + len(org), 0.8)
    return None


_SPACED_HEAD = re.compile(r"^\s*(?P<org>[\u4e00-\u9fff]{2,16})\s+")
_SPACED_PLACE_HEAD = re.compile(r"^\s*(?P<place>[\u4e00-\u9fff]{2,4})\s+(?P<org>[\u4e00-\u9fff]{2,16})\s+")
# what may stand between an opening name and its person: a department or a role (`IT部`, `生产部`, `采购`), or
# its size (`120家门店`)
_BETWEEN = re.compile(
    r"^(?:(?:[A-Za-z]{1,5}|[\u4e00-\u9fff]{1,4})?部|[0-9一二三四五六七八九十百几]+\s?[家个间所][\u4e00-\u9fff]{0,3})$"
)


@lexicon.derived
def _news_cues() -> tuple[re.Pattern[str], ...]:
    """What a note says happened (`没中标`, `嫌贵`, `想要`, `说`): words no opening name holds."""
    files = ("outcome_won.txt", "outcome_lost.txt", *(f"flags_{k}.txt" for k in ("price_objection", "delay")))
    return (
        *(lexicon.cue_regex(f) for f in files),
        re.compile(lexicon.alternation(lexicon.words("need_cues.txt"))),
        re.compile(names.said_verbs()),
    )


def spaced_before_person(text: str, person: Field | None) -> Field | None:
    """`佛山澜庭家居 危总 要…`, `台州 明泰塑业 应总`, `晶禾光伏 IT部沈总监`: a note that opens with a name and,
    after a pause (and perhaps its department), the person. Dictated notes drop 的 and legal endings, so no
    ending is needed; a name without a place first must be one word run with no verb, time or common word."""
    m = _SPACED_PLACE_HEAD.match(text)
    if m is None or _place_head().fullmatch(m.group("place")) is None:
        m = _SPACED_HEAD.match(text)
    if m is None or person is None or person.start < m.end("org"):
        return None
    between = text[m.end() : person.start].strip()
    if between and not (_BETWEEN.match(between) or _is_department(between) or _patterns()["role_end"].search(between)):
        return None
    org, start = m.group("org"), m.start("place") if "place" in m.groupdict() else m.start("org")
    if any(rx.search(org) for rx in _news_cues()):
        return None  # `豫商银行没中标 鲁处长…`: a name and its news, not a longer name
    place = _place_head().match(org)
    if start == m.start("org") and place is not None and place.end() < len(org) - 1:
        return Field(text[start : m.end("org")], start, m.end("org"), 0.75)
    if len(org) < 4 or not _valid(org, need_suffix=False) or any(is_boundary(w) for w in lcut(org, hmm=False)):
        return None
    return Field(text[start : m.end("org")], start, m.end("org"), 0.7)


def find_company(doc: Doc, text: str, person: Field | None) -> Field | None:
    """The sender's organisation, else the one written before the contact, else the first named one."""
    found = (
        from_speaker(text, doc._.speaker)
        or before_person(doc, text, person)
        or in_brackets_after(text, person)
        or spaced_before_person(text, person)
    )
    if found:
        return found
    english = re.search(r"[A-Za-z]{3}", text) is not None
    found = (
        (
            labelled_org_en(text, person)
            or leading_org_en(text, person)
            or in_brackets_en(text, person)
            or after_person_en(text, person)
            or dictated_org_en(text)
        )
        if english
        else None
    )
    if found:
        return found
    named = [_read_by_model(doc, text, found) for found in by_suffix(doc, text, person)]
    return named[0] if named else before_department(doc, text) or visited(text)


# a head this long before the ending may be a run of the sentence rather than a name
_LONG_HEAD = 6


def _read_by_model(doc: Doc, text: str, found: Field) -> Field:
    """A name found by its ending alone may have taken in the sentence before it: a long run
    (`首例外资行理财亏损案开庭渣打银行`) or an everyday word (`预期中信银行`). It starts where the trained model
    starts the organisation when that is later, splits no word, leaves out more than a place and keeps a name:
    `渣打银行`, `中信银行`, but not `湾旅游公司` of `挪威峡湾旅游公司`, nor `华光环保能源集团` or `能源集团` of
    `无锡华光环保能源集团`. Registered names (`…有限公司`) and other heads stand, and so does the name when the
    model reads no organisation there."""
    name = str(found.value)
    ending = next((e for e in names.org_endings() if name.endswith(e) and len(e) < len(name)), "")
    head = name[: len(name) - len(ending)]
    if not ending or len(ending) >= 4 or not re.fullmatch(r"[一-龥]+", head) or len(head) < 4:
        return found
    starts = _word_starts(found)
    if len(head) < _LONG_HEAD and not _everyday(text[found.start : min(starts - {found.start}, default=found.end)]):
        return found
    for start, end, label in entities_of(doc):
        if label != "ORG" or end <= found.start or found.end <= start:
            continue
        if start <= found.start or end < found.end - len(ending) or start not in starts:
            return found
        place = _place_head().match(text[found.start : start])
        if place is not None and place.end() == start - found.start:
            return found  # `无锡` + `华光环保能源集团`: the place is part of the name
        if len(head) < _LONG_HEAD and not all(_everyday(w) for w in lcut(text[found.start : start], hmm=False)):
            return found
        if _everyday(text[start : found.end - len(ending)]):
            return found  # `能源集团`: what is left is a kind of organisation, no name
        name = text[start : found.end]
        return Field(name, start, found.end, found.confidence) if _valid(name, need_suffix=True) else found
    return found


def _everyday(word: str) -> bool:
    """A common word of two characters or more (`预期`, `收到`), no name's start."""
    return len(word) >= 2 and word_freq(word) >= _EVERYDAY_WORD


_EVERYDAY_WORD = 1000


def _word_starts(found: Field) -> set[int]:
    """Where the words of a found name start in the text (`挪威/峡湾/旅游/公司`: not at `湾`)."""
    starts, at = set(), found.start
    for word in lcut(str(found.value), hmm=False):
        starts.add(at)
        at += len(word)
    return starts


# `刚从华润万家出来`: the place a visit just ended is the customer, even without an organisation ending
_VISITED = re.compile(r"(?:刚|才|刚刚)\s*从\s*(?P<name>[一-龥A-Za-z]{2,8}?)\s*(?:那边|那里|这边)?\s*(?:出来|回来|离开)")

# places a rep comes back from that name no customer (`客户那边`, `公司`, `现场`)
_NOT_VISITED = re.compile(r"客户|那|这|家里|公司|单位|现场|门店|工地")


def visited(text: str) -> Field | None:
    m = _VISITED.search(text)
    if m is None or _NOT_VISITED.search(m.group("name")):
        return None
    name = re.sub(r"总部$", "", strip_department(m.group("name")))
    return Field(name, m.start("name"), m.start("name") + len(name), 0.6) if _valid(name, need_suffix=False) else None


@lexicon.derived
def _named_department() -> re.Pattern[str]:
    return re.compile(rf"的(?:{lexicon.alternation([d for d in lexicon.words('departments.txt') if len(d) >= 2])})")


def before_department(doc: Doc, text: str) -> Field | None:
    """`和宁德时代的设备部开会`: an organisation is what owns a named department."""
    for m in _named_department().finditer(text):
        end = len(_THERE.sub("", text[: m.start()]).rstrip())
        start = walk_back(doc, end, text) if end > 0 else end
        name = text[start:end]
        if name and _valid(name, need_suffix=False):
            return Field(name, start, end, 0.7)
    return None


@Language.component("leadscribe_company", assigns=["doc._.lead"])
def company_component(doc: Doc) -> Doc:
    lead = lead_of(doc)
    text = clean_of(doc)
    person = lead.contact_name
    lead.company = find_company(doc, text, person)
    if lead.company is None:
        rivals = find_competitors(text)  # read once for both fallbacks: a competitor is never the customer
        lead.company = _brand(text, person, rivals) or _model_org(doc, text, person, rivals)
    return doc


@lexicon.derived
def _brands() -> re.Pattern[str]:
    return re.compile(lexicon.alternation([brand for brand, _ in lexicon.pairs("brands.txt")]))


def _brand(text: str, person: Field | None, rivals: list[Field]) -> Field | None:
    """A well-known organisation named by its brand alone (`海底捞的项目`, `顺丰的王经理`), unless it is weighed
    against us as a competitor or is part of the contact's name."""
    for m in _brands().finditer(text):
        if any(c.start < m.end() and m.start() < c.end for c in rivals):
            continue  # `阿里云` weighed against us: a competitor, not the customer
        if person is not None and person.start < m.end() and m.start() < person.end:
            continue
        if re.match(r"[A-Za-z0-9]", m.group(0)) and (
            text[m.start() - 1 : m.start()].isalnum() or text[m.end() : m.end() + 1].isalnum()
        ):
            continue  # `OPPO` inside a longer Latin word is not the brand
        return Field(m.group(0), m.start(), m.end(), 0.7)
    return None


def _model_org(doc: Doc, text: str, person: Field | None, rivals: list[Field]) -> Field | None:
    """An organisation no rule anchors (a brand, a club, a bank's short name): the trained model's first one that
    is not a known competitor and not the contact."""
    # a vendor weighed against us is a competitor, never the customer (`和中兴、华为对比`)
    competitors = {c.value for c in rivals} | lexicon.word_set("competitors.txt")
    for start, end, label in entities_of(doc):
        there = _THERE.search(text, start, end)
        if there is not None:
            end = there.start()  # `瑞禾那边`: the organisation, not where it is
        name = text[start:end].rstrip()
        end = start + len(name)
        # Latin words alone (`ERP`, `test`) are products or noise here; English names have their own rules
        if label != "ORG" or len(name) < 2 or name in competitors or not re.search(r"[一-龥]", name):
            continue
        if _rival_and_a_piece(name) or any(r.start < end and start < r.end for r in rivals):
            continue  # `深信` cut from `深信服`: a piece of a known vendor's name
        # `这家三甲医院`: an ending right after means the rules saw this organisation and judged it a kind, no name
        if names.org_ending_regex().match(text, end) or name in lexicon.word_set("org_descriptors.txt"):
            continue
        if person is not None and person.start < end and start < person.end:
            continue
        if cuts_a_word(text, start, end):
            continue  # `疗器械` of `医疗器械`, `门禁系` of `门禁系统`: a piece of a word, no name
        if _patterns()["suffix_end"].search(name) and not _valid(name, need_suffix=True):
            continue  # `三甲医院`, `上市公司`: a kind of organisation, as the rules judge such names
        return Field(name, start, end, 0.6)
    return None
