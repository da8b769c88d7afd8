"""Phone numbers (mobile, landline; written or read aloud) as digits without country code or extension."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import clean_of, lead_of
from ..types import Field
from .money_numbers import SPOKEN_DIGITS

_DIGIT_CLASS = "[0-9" + "".join(SPOKEN_DIGITS) + "]"
# Seven or more digits read one by one (`一八六 幺零二四 九九三七`), possibly mixed with written ones as
# recognisers produce them (`186 幺零二四 9937`); 十/百/万 make it an amount instead.
_SPOKEN_RUN = re.compile(rf"(?:加\s?)?{_DIGIT_CLASS}(?:[\s-]?{_DIGIT_CLASS}){{6,}}")
# Digit groups of three or more joined by one space or dash; a plus and a short country code may lead.
_CANDIDATE = re.compile(
    r"(?<![A-Za-z0-9.+])(?<!\d:)(?:\+\s?(?P<cc>\d{1,3})[\s-]?)?(?:\((?P<area>0\d{2,3})\)\s?)?"
    r"(?P<num>\d{3,}(?:[ -]?\d{3,})*)(?![A-Za-z0-9.%])"
)
# A North American number in its written shapes: (312) 555-0199, 415-555-0142, 212.555.0187, +1 646 555 0110
_NANP = re.compile(
    r"(?<![\d+.])(?:\+?1[\s.-]?)?(?:\((?P<area>[2-9]\d{2})\)\s?|(?P<area2>[2-9]\d{2})[\s.-])"
    r"(?P<exchange>[2-9]\d{2})[\s.-](?P<line>\d{4})(?![\d.]\d)"
)
# Ten digits run together in an English note (`his cell is 6175550143`, `Sunrise Realty, 8055550123,`): a North
# American number by its shape (area code and exchange start 2-9), unless labelled as some other number
_NANP_BARE = re.compile(r"(?<![\w#/.+-])(?P<num>[2-9]\d{2}[2-9]\d{6})(?![\w%/-]|\.\d)")
_OTHER_NUMBER = re.compile(
    r"(?:order|invoice|account|acct|PO|ticket|case|ref|no|number|ID|订单|单号|编号|账号)\W{0,3}$", re.IGNORECASE
)
_ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}")
_AFTER_NOT_PHONE = re.compile(r"\s?(?:万|元|块|千|百|亿|个|台|家|套|只|人|年|月|日|号|天|%|k\b|w\b|K\b|W\b)")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_CUE = re.compile(r"电话|手机|座机|号码|总机|办公室|热线|联系方式|分机|打|拨|记一下|tel|Tel|TEL|phone|Phone|call")
_DATE_LIKE = re.compile(r"^(19|20)\d{2}[-/ ]?\d{1,2}[-/ ]?\d{1,2}$")


def digit_view(text: str) -> str:
    """The text with spoken digit runs turned into ASCII digits (and 加 into +), same length."""
    chars = list(text)
    for m in _SPOKEN_RUN.finditer(text):
        for i in range(m.start(), m.end()):
            c = text[i]
            chars[i] = "+" if c == "加" else SPOKEN_DIGITS.get(c, c)
    return "".join(chars)


def _national(cc: str | None, digits: str, cued: bool) -> str | None:
    """The main number in national form, or None when the digits are not a phone number."""
    if cc is None and digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        cc, digits = "86", digits[2:]
    if cc is None and digits.startswith("0086") and len(digits) == 15:
        cc, digits = "86", digits[4:]
    if cc not in (None, "86"):
        return digits if 6 <= len(digits) <= 11 else None
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return digits
    if digits[0] == "0" and 10 <= len(digits) <= 12:
        return digits
    if digits[:3] in ("400", "800") and len(digits) == 10:
        return digits
    if cued and digits[0] not in "01" and 7 <= len(digits) <= 12:
        return digits
    return None


def find_phones(text: str) -> list[Field]:
    """Every distinct phone number, in order of appearance."""
    view = digit_view(text)
    cued = _CUE.search(text) is not None
    found: list[Field] = []
    taken: list[tuple[int, int]] = []
    for m in _NANP.finditer(view):
        number = (m.group("area") or m.group("area2")) + m.group("exchange") + m.group("line")
        if all(f.value != number for f in found):
            found.append(Field(number, m.start(), m.end(), 0.95))
        taken.append(m.span())
    if len(_ENGLISH_WORDS.findall(text)) >= 3:
        for m in _NANP_BARE.finditer(view):
            number = m.group("num")
            if _OTHER_NUMBER.search(view, max(0, m.start() - 12), m.start()) or any(f.value == number for f in found):
                continue
            found.append(Field(number, m.start(), m.end(), 0.85))
            taken.append(m.span())
    for m in _CANDIDATE.finditer(view):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        raw = m.group("num")
        after = _AFTER_NOT_PHONE.match(view, m.end())
        # a mobile number stays one before a pause and a word (`13564409912 人挺好`, `… 月底定`); a unit glued
        # to the digits makes them a count or an amount
        if after and _MOBILE.fullmatch(raw) and view[m.end() : m.end() + 1].isspace():
            after = None
        if _DATE_LIKE.match(raw) or after:
            continue
        number = _national(m.group("cc"), (m.group("area") or "") + re.sub(r"\D", "", raw), cued)
        if number and all(f.value != number for f in found):
            found.append(Field(number, m.start(), m.end(), 0.95 if cued else 0.8))
    return sorted(found, key=lambda f: f.start)


@Language.component("leadscribe_phone", assigns=["doc._.lead"])
def phone_component(doc: Doc) -> Doc:
    lead_of(doc).phone = find_phones(clean_of(doc))
    return doc
