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
_QUESTION = re.compile(r"(?:能不能|可不可以|是不是|会不会|能否|可否|有没有|有无)(?:再|给|稍微)?$")
_CLAUSE = re.compile(r"[,.;!?，。；！？\s]")
# A channel product is a competitor only when weighed against us, not when used to talk (`用钉钉发给他`).
_WEIGHED = re.compile(r"考虑|对比|比较|比|在看|选|换成|迁|用的是|在用|也在|竞争|投|谈|方案|便宜|贵")
_USED_TO_TALK = re.compile(r"发给|发到|发过|沟通|联系|聊|加了|加他|拉群|群里|上说|通知|回复")


@lexicon.derived
def _negation() -> tuple[re.Pattern[str], re.Pattern[str]]:
    before = re.compile(f"(?:{lexicon.alternation(lexicon.words('negation_prefixes.txt'))})$")
    after = re.compile(lexicon.alternation(lexicon.words("negation_suffixes.txt")))
    return before, after


# `is not delayed`, `no complaints`, `never had any complaints`; `price is not an issue`, `a discount is no problem`
_DENIED_EN = re.compile(
    r"(?<![A-Za-z])(?:not|no|never|without|nor|isn't|aren't|wasn't|weren't|won't|didn't|don't|doesn't)\s+"
    r"(?:(?:been|be|being|really|yet|any|a|an|the|big|major|real|had|have|has|any)\s+){0,2}$",
    re.IGNORECASE,
)
_DISMISSED_EN = re.compile(
    r"[^.;,!?]{0,12}?\b(?:is|was|are|'s)?\s*"
    r"(?:not (?:an? |the )?(?:issue|problem|concern|obstacle)|no (?:issue|problem)|(?:is )?(?:ok|okay|fine))\b",
    re.IGNORECASE,
)


def negated(text: str, start: int, end: int) -> bool:
    """Whether the cue at text[start:end] is denied (`不会推迟`) or dismissed (`贵一点没关系`)."""
    before, after = _negation()
    left = text[max(0, start - 5) : start]
    if _QUESTION.search(left):
        return False  # `能不能再便宜一些` asks for a cut; its 不 denies nothing
    if text[start:end].isascii() and (
        _DENIED_EN.search(text, max(0, start - 30), start) or _DISMISSED_EN.match(text, end)
    ):
        return True
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


# `华为这款手机`, `西门子的那台`: a brand naming the item under discussion, not a rival to it
_THE_ITEM = re.compile(r"(?:的)?(?:这|那|哪)(?:款|个|台|部|件|种|套|只|双|型号|系列)")
# `你们这个比它好在哪`: the brand's item weighed against ours, a rival after all
_AGAINST_US = re.compile(
    r"(?:你们|你家|贵店|您家)(?:家|的)?(?:这个|这款|这台|产品)?(?:和它|跟它)?(?:比|对比|相比)(?:它|他|那款|那个|起来)|(?:跟|和)(?:它|那款)比"
)
_NAME = r"(?:[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*)?|(?:(?!的)[一-龥]){2,6}?)"
_NAME_END = r"(?=一起|在对比|对比|比较|比|那家|那边|[和跟与、了的吧呢啊吗呀,.;!?，。；！？\s')]|$)"


# what an English context pattern catches that names no vendor (`against the`, `considering Q2`, `on Friday now`)
_NOT_VENDOR_EN = re.compile(
    r"(?:I|We|Us|Our|They|Their|The|This|That|It|He|She|You|Your|Q[1-4]|EO[YMQ]|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)


def _vendor_like(name: str) -> bool:
    """`惠普`, `长亮科技`; not `一套`, `新的`, `我们`, a product (`投影仪`, `排队系统`) nor a colour or size."""
    if name.endswith(tuple(lexicon.words("product_heads.txt") + lexicon.words("products.txt"))):
        return False
    if _NOT_VENDOR_EN.match(name):
        return False
    if lexicon.cue_regex("not_vendors.txt").search(name) or _exchanged(name):
        return False
    return len(name) >= 2 and name[0] not in "一二两三几个这那新旧该此"


def _exchanged(target: str) -> bool:
    """Whether what follows 换/换成 is the item's colour, size or model (`换成黑色金线的`), not a vendor."""
    return lexicon.cue_regex("exchange_attributes.txt").search(target) is not None


@lexicon.derived
def _spoken_names() -> re.Pattern[str]:
    """Known names of two Latin words in any case (`manhattan associates` in a dictated note); one word alone
    stays case-sensitive (`Epic`, not `epic`)."""
    several = [w for w in lexicon.words("competitors.txt") if w.isascii() and " " in w]
    return re.compile(rf"(?<![A-Za-z])(?:{lexicon.alternation(several)})(?![A-Za-z])", re.IGNORECASE)


@lexicon.derived
def _context_patterns() -> list[re.Pattern[str]]:
    return [
        re.compile(line.replace("{NAME}", _NAME + _NAME_END).replace("{MARKET}", _market()))
        for line in lexicon.entries("competitor_contexts.txt")
    ]


def _market() -> str:
    return f"(?:{lexicon.alternation(lexicon.words('marketplaces.txt'))})"


def _named_by_context(text: str) -> list[Field]:
    """Vendors the lexicon does not know, named where a competitor stands (`转向惠普`)."""
    found = []
    for rx in _context_patterns():
        for m in rx.finditer(text):
            # `compared with Zebra.`, `talking to Epic. Demo…`: the sentence ends the name
            name = re.split(r"\.(?:\s|$)", m.group("name").strip())[0]
            if _vendor_like(name) and not negated(text, m.start(), m.end()):
                found.append(Field(name, m.start("name"), m.start("name") + len(name), 0.7))
    return found


def find_competitors(text: str, own: Field | None = None) -> list[Field]:
    """Competitor names as written, once each, not the customer's own name."""
    channels = lexicon.word_set("channels.txt")
    found: list[Field] = []
    for m in [*lexicon.word_regex("competitors.txt").finditer(text), *_spoken_names().finditer(text)]:
        if any(f.start <= m.start() < f.end for f in found):
            continue
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
        if _THE_ITEM.match(text, m.end()) and not _AGAINST_US.search(text, m.end()):
            continue  # `华为这款手机有没有现货`: the brand being bought
        if negated(text, m.start(), m.end()):
            continue
        if all(f.value != name for f in found):
            found.append(Field(name, m.start(), m.end(), 0.9))
    for f in _named_by_context(text):
        for k in [k for k in found if k.start == f.start and k.end < f.end]:
            found.remove(k)  # `GE Healthcare`: the whole name written, not the known `GE` in it
        inside_known = any(
            k.start <= f.start < k.end or f.start <= k.start < f.end or k.value == f.value for k in found
        )
        inside_own = own is not None and (own.start <= f.start < own.end or own.value == f.value)
        if not inside_known and not inside_own:
            found.append(f)
    return _listed_after(text, sorted(found, key=lambda f: f.start), own)


# `Cerner and Meditech`, `AppFolio, Yardi`: a capitalised name listed right after a competitor is one too
_LISTED = re.compile(r"(?:,| and| or| &|/)\s*(?P<name>[A-Z][A-Za-z0-9&-]*(?: [A-Z][A-Za-z0-9&-]*)?)(?![A-Za-z])")


def _listed_after(text: str, found: list[Field], own: Field | None) -> list[Field]:
    out = list(found)
    for f in found:
        m = _LISTED.match(text, f.end)
        if m is None or any(k.value == m.group("name") for k in out):
            continue
        if own is not None and own.start <= m.start("name") < own.end or not _vendor_like(m.group("name")):
            continue
        out.append(Field(m.group("name"), m.start("name"), m.end("name"), 0.6))
    return sorted(out, key=lambda f: f.start)


_THEIR_CURRENT = re.compile(r"(?:现在|目前|之前|原来|以前|一直)(?:在)?用的")


def _about_another_vendor(text: str, start: int, end: int, competitors: list[Field]) -> bool:
    """`对现在用的销售易不满意`: dissatisfaction with someone else's product is no complaint about ours."""
    clause = _clause(text, start, end)
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    named = any(left <= c.start < start for c in competitors)
    return named or _THEIR_CURRENT.search(clause) is not None


def _own_fault(text: str, start: int, end: int) -> bool:
    """`是我摔坏的`, `尺码拍错了`, `屏幕碎了，换屏多少钱`: the customer's doing or a paid repair near the cue."""
    window = 12  # characters either side: `屏幕碎了，换屏多少钱` puts the repair in the next clause
    return any(
        m.start() < end + window and m.end() > start - window
        for m in lexicon.cue_regex("flags_own_fault.txt").finditer(text)
    )


def _exchange_cue(text: str, m: re.Match[str]) -> bool:
    """A switching cue (`想换成`) whose target is a colour, size or model: an exchange, not another vendor."""
    if "换" not in m.group(0):
        return False
    right = _CLAUSE.search(text, m.end())
    return _exchanged(text[m.end() : right.start() if right else len(text)][:8])


def _cheaper_there(text: str, flags: list[Flag]) -> Flag | None:
    """`隔壁店才卖五十`, `友商报价低了15%`: a lower price in the clause of another vendor is a price objection."""
    for f in flags:
        if f.kind != "competitor":
            continue
        clause = _clause(text, f.start, f.end)
        left = text.find(clause, max(0, f.start - len(clause)))
        m = lexicon.cue_regex("flags_price_elsewhere.txt").search(clause)
        if m is not None and not negated(text, left + m.start(), left + m.end()):
            return Flag("price_objection", left + m.start(), left + m.end(), 0.7)
    return None


# what may stand between a switching cue and the thing bought: a quantity (`要换一批智能门锁`)
_QUANTITY = re.compile(r"\s*(?:[一两几\d]+\s*[套个台批款张块辆条部])?\s*")


def _buys(text: str, end: int, need: Field | None) -> bool:
    """`要换ERP`, `想换客房智能门锁`: a switch whose object is the note's need buys it; no rival in play."""
    return need is not None and need.start >= end and _QUANTITY.fullmatch(text, end, need.start) is not None


def find_flags(text: str, competitors: list[Field], need: Field | None = None) -> list[Flag]:
    """One flag per cue that is not negated; a named competitor is itself a competitor flag."""
    flags = [Flag("competitor", c.start, c.end, 0.9, competitor=c.value) for c in competitors]
    for kind, filename in CUE_FILES.items():
        for m in lexicon.cue_regex(filename).finditer(text):
            if m.end() <= m.start() or negated(text, m.start(), m.end()):
                continue
            if kind == "complaint" and (
                _about_another_vendor(text, m.start(), m.end(), competitors) or _own_fault(text, m.start(), m.end())
            ):
                continue
            if kind == "competitor" and _exchange_cue(text, m):
                continue
            if kind == "competitor" and _buys(text, m.end(), need):
                continue
            flags.append(Flag(kind, m.start(), m.end(), 0.8))
    if not any(f.kind == "price_objection" for f in flags):
        cheaper = _cheaper_there(text, flags)
        if cheaper is not None:
            flags.append(cheaper)
    return sorted(flags, key=lambda f: f.start)


@Language.component("leadscribe_flags", assigns=["doc._.lead"])
def flags_component(doc: Doc) -> Doc:
    lead = lead_of(doc)
    text = clean_of(doc)
    lead.competitors = find_competitors(text, lead.company)
    lead.flags = find_flags(text, lead.competitors, lead.need)
    return doc
