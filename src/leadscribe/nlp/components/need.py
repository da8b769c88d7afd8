"""What the customer wants to buy, as written (`排课系统`, `CT设备`)."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon
from ..extensions import clean_of, lead_of, token_offsets
from ..spans import glued, is_boundary, walk_back
from ..types import Field
from .need_en import english_need, segment_need

_HAN = re.compile(r"[\u4e00-\u9fff]")

_QUANTITY = re.compile(
    # a number counts only with its measure word: `64排CT` is a product, not 64 of 排CT
    r"\s*(?:再|直接|先)?\s*(?:(?:[一二两三四五六七八九十百千万几0-9]+\s*)?(?:套|台|批|个|条|家|只|款|部|辆|块|些))?"
    r"\s*(?:那个|这个|新的|我们的|你们的|一下)?\s*"
)
_MAX_CHARS = 20
_MAX_NOUN = 8
_MEASURE = re.compile(r"[套台批个条只款部辆块]")
_COUNT_AFTER = re.compile(r"\s*[0-9一二两三四五六七八九十百几]+\s*[套台批个条只款部辆块间张]")
_REPLACED_BY = re.compile(r"换成|改成|升级成|升级为|替换成|替换为")
_REPLACED = re.compile(rf"把[^，。,.;；]{{1,12}}?(?:{_REPLACED_BY.pattern})")
# `比上个月低了`: a cue that starts a time word (上个月, 上周) is no cue
_TIME_AFTER = re.compile(r"个?(?:月|周|星期|礼拜|季度|半年|年|次|回)")


@lexicon.derived
def _lex() -> dict:
    heads = lexicon.words("product_heads.txt") + lexicon.words("products.txt")
    bounds = lexicon.word_set("org_boundaries.txt") | lexicon.word_set("need_boundaries.txt")
    return {
        "strong": re.compile(lexicon.alternation(lexicon.words("need_cues.txt"))),
        "weak": re.compile(lexicon.alternation(lexicon.words("need_weak_cues.txt"))),
        "head": re.compile(lexicon.alternation(heads)),
        "generic": lexicon.word_set("product_heads.txt"),
        "excluded": lexicon.word_set("need_exclusions.txt"),
        "excluded_lower": {w.lower() for w in lexicon.word_set("need_exclusions.txt")},
        "place": re.compile(rf"^.*?(?:{lexicon.alternation(lexicon.words('need_place_modifiers.txt'))})的"),
        "bounds": bounds,
        "run_bounds": bounds - {"的"},  # `家校沟通的小程序` runs on through 的
    }


def _run_end(doc: Doc, text: str, pos: int) -> int:
    """The end of the phrase running on from `pos`; `的` may join two parts (`家校沟通的小程序`)."""
    bounds = _lex()["run_bounds"]
    end = pos
    offsets = token_offsets(doc)
    first = max(bisect_right(offsets, (pos, len(text) + 1)) - 1, 0)
    for i in range(first, len(offsets)):
        tok_start, tok_end = offsets[i]
        if tok_end <= pos:
            continue
        word = text[tok_start:tok_end]
        if tok_start > end or tok_end - pos > _MAX_CHARS:
            break
        if word == "的":
            nxt = offsets[i + 1] if i + 1 < len(offsets) else None
            if nxt is None or is_boundary(text[nxt[0] : nxt[1]], bounds):
                break
        elif word != "+" and is_boundary(word, bounds) and tok_start >= pos:
            break
        end = tok_end
    return end


def _to_last_head(text: str, start: int, end: int) -> int | None:
    """Cut the phrase after its last product word so trailing words (`系统要`) stay out."""
    last = None
    excluded = _lex()["excluded"]
    for m in _lex()["head"].finditer(text, start, end):
        if not any(text.endswith(word, start, m.end()) for word in excluded):  # `收银机老死机`: 收银机
            last = m.end()
    return last


def _finish(text: str, start: int, end: int, generic_ok: bool = False) -> Field | None:
    """The phrase as a need, minus a place before `的`; None when it is only a generic word.

    `generic_ok`: right after a buying cue a bare `小程序` is what they buy.
    """
    name = text[start:end]
    m = _lex()["place"].match(name)
    if m and len(name) - m.end() >= 2:
        start += m.end()
    if text.startswith("成", start) and text[start - 1 : start] in ("换", "改", "变"):
        start += 1  # `换成海康的摄像机`: jieba cut 换|成…, the 成 belongs to the verb
    name = text[start:end].strip().lstrip("的")  # `装的门禁`: the verb stopped the walk, not the 的
    if name.endswith("的") or len(name) < 2 or (name in _lex()["generic"] and not generic_ok):
        return None
    if any(name.endswith(word) for word in _lex()["excluded"]):
        return None
    return Field(name, end - len(name), end, 0.8)


def after_cue(doc: Doc, text: str, cue: re.Pattern[str], taken: list[Field]) -> Field | None:
    """The first product named right after a buying cue (`想上一套预约系统`).

    A counted short phrase without a product word counts too (`想采购一套智慧黑板`).
    """
    for m in cue.finditer(text):
        if _TIME_AFTER.match(text, m.end()):
            continue
        qty = _QUANTITY.match(text, m.end())
        start = qty.end()
        run_end = _run_end(doc, text, start)
        end = _to_last_head(text, start, run_end)
        # Only a counted thing (`一套智慧黑板`) is surely an object of buying.
        counted = _MEASURE.search(m.group(0) + qty.group(0)) is not None
        # `想买智慧黑板 40块`: a count right after says so too
        counted = counted or _COUNT_AFTER.match(text, run_end) is not None
        if end is None and counted and 2 <= run_end - start <= _MAX_NOUN:
            end = run_end
        if end is None or _overlaps(start, end, taken):
            continue
        # `上次装的设备`, `试用的系统`: a cue that qualifies a bare product word names one they have, not a buy
        generic_ok = not text.startswith("的", start)
        found = _finish(text, start, end, generic_ok=generic_ok)
        if found:
            return found
    return None


def first_product(doc: Doc, text: str, taken: list[Field]) -> Field | None:
    """The first phrase ending in a product word (`HIS系统升级项目` -> `HIS系统升级`)."""
    # a token's end; inside a token jieba's HMM made up (`仪要`), every character boundary
    tokens = [(a, b, glued(text[a:b])) for a, b in token_offsets(doc)]
    ends = {i for a, b, made_up in tokens for i in (range(a + 1, b + 1) if made_up else (b,))}
    word_starts = {a for a, b, made_up in tokens if b - a > 1 and not made_up}
    for m in _lex()["head"].finditer(text):
        if m.end() not in ends or _overlaps(m.start(), m.end(), taken):
            continue
        start = walk_back(doc, m.start(), text, _lex()["bounds"])
        # A name found earlier may end inside the run (`戴明说风机齿轮箱`): start after it.
        start = max([start] + [f.end for f in taken if start < f.end <= m.start()])
        # skip a boundary left before the phrase (`：`, `的`), not the first character of a word (`配电`)
        while start < m.start() and is_boundary(text[start], _lex()["bounds"]) and start not in word_starts:
            start += 1
        end = _to_last_head(text, m.start(), _run_end(doc, text, m.start())) or m.end()
        found = None if _overlaps(start, end, taken) else _finish(text, start, end)
        if found:
            return found
    return None


def _overlaps(start: int, end: int, taken: list[Field]) -> bool:
    return any(f.start < end and start < f.end for f in taken)


_OFFER = re.compile(r"\s?的(?:方案|产品|报价)")


def _rival_offer(text: str, need: Field) -> bool:
    """`也在看鼎锐软件的方案`: what they weigh against us (a competitor cue, then a name's offer) is no need."""
    weighed = any(
        m.end() <= need.start and not text[m.end() : need.start].strip()
        for m in lexicon.cue_regex("flags_competitor.txt").finditer(text, max(0, need.start - 8), need.start)
    )
    return weighed and _OFFER.match(text, need.end) is not None


def find_need(doc: Doc, text: str, taken: list[Field]) -> Field | None:
    """Strong buying cue, else the first product phrase, else a weak cue."""
    lex = _lex()
    found = (
        after_cue(doc, text, lex["strong"], taken)
        or first_product(doc, text, taken)
        or after_cue(doc, text, lex["weak"], taken)
    )
    replaced = _REPLACED.search(text)
    if found is not None and replaced and replaced.start() <= found.start and found.end <= replaced.end():
        found = after_cue(doc, text, _REPLACED_BY, taken) or found  # `把普通门锁换成智能门锁`: the new one
    if found is not None and _rival_offer(text, found):
        found = None
    if not _HAN.search(text):
        # an English note reads its own buying phrases first; a product word counts only as a whole word
        # (`CT` is no product inside `CTO`)
        glued_latin = found is not None and (
            text[found.start - 1 : found.start].isalpha() or text[found.end : found.end + 1].isalpha()
        )
        found = english_need(text) or (None if glued_latin else found) or segment_need(text)
    elif found is None:
        found = segment_need(text)  # a mixed note: `想要 guest WiFi upgrade，`
    if found is not None and found.value.lower() in lex["excluded_lower"]:
        return None  # `the contract`, `PO`: the deal's paperwork
    return found


@Language.component("leadscribe_need", assigns=["doc._.lead"])
def need_component(doc: Doc) -> Doc:
    lead = lead_of(doc)
    taken = [f for f in (lead.company, lead.contact_name) if f is not None] + list(lead.phone)
    lead.need = find_need(doc, clean_of(doc), taken)
    return doc
