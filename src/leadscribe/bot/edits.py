"""Editing one field of an open draft by a short reply: "预算改成350万", "公司是华东医疗", "电话 139…"."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ..nlp import extract
from ..nlp.components.industry import INDUSTRIES
from ..nlp.read import read_budget, read_follow_up, read_key_date, read_phones
from .i18n import INDUSTRY_EN

ALIASES: dict[str, tuple[str, ...]] = {
    "contact_name": ("联系人", "客户姓名", "姓名", "contact"),
    "company": ("公司", "单位", "客户公司", "company"),
    "phone": ("电话", "手机号", "手机", "号码", "phone"),
    "email": ("邮箱", "email"),
    "budget": ("预算", "金额", "合同额", "budget"),
    "key_date": ("关键日期", "节点", "招标时间", "key date"),
    "follow_up": ("下一步", "跟进时间", "拜访时间", "时间", "follow up"),
    "need": ("需求", "产品", "need"),
    "industry": ("行业", "industry"),
    "competitors": ("竞品", "竞争对手", "对手", "competitors", "competitor"),
}
_ALIAS_RE = "|".join(sorted((re.escape(a) for names in ALIASES.values() for a in names), key=len, reverse=True))
_TO = r"(?:改成|改为|改到|换成|更正为|更新为|是|为|:|：|=|(?:should be|is|to)(?=\s))"
EDIT = re.compile(
    rf"^\s*(?:把)?(?P<field>{_ALIAS_RE})\s*(?:应该)?{_TO}?\s*(?P<value>.+?)\s*[。.!！]?$",
    re.IGNORECASE,
)


def parse_edit(text: str) -> tuple[str, str] | None:
    """(field, raw value) when the reply reads as an edit of one field."""
    m = EDIT.match(text)
    if not m:
        return None
    alias = m.group("field").lower()
    for name, names in ALIASES.items():
        if alias in (n.lower() for n in names):
            return name, m.group("value")
    return None


def normalise(field: str, raw: str, now: datetime, tz: str) -> dict[str, Any] | list[dict[str, Any]] | None:
    """The draft entry for a corrected value, normalised like extraction would; None if unreadable."""
    entry = lambda v: {"value": v, "snippet": raw, "confidence": 1.0}  # noqa: E731
    if field == "budget":
        budget = read_budget(raw)
        return entry(budget) if budget else None
    if field == "follow_up":
        when = read_follow_up(raw, now, tz)
        return entry(when) if when else None
    if field == "key_date":
        span = read_key_date(raw, now, tz)
        return entry(span) if span else None
    if field == "phone":
        return [entry(p) for p in read_phones(raw)] or None
    if field == "competitors":
        names = [n.strip("“”\"' ") for n in re.split(r"[、,，/;；]|\s+and\s+|和|跟", raw)]
        return [entry(n) for n in names if n] or None
    if field == "email":
        found = extract(raw, now, tz).email
        return entry(found.value) if found else None
    if field == "industry":
        value = raw.strip().lower()
        named = raw.strip() if raw.strip() in INDUSTRIES else _INDUSTRY_BY_ENGLISH.get(value)
        return entry(named) if named else None
    value = raw.strip("“”\"' ")
    if field in ("contact_name", "company"):
        # `刘建国，采购总监`, `Dana Whitfield, CFO`: the name ends where the description begins
        value = re.split(r"[，,;；。（(]|\s+-\s+", value)[0].strip()
    return entry(value) if value else None


_INDUSTRY_BY_ENGLISH = {english: chinese for chinese, english in INDUSTRY_EN.items()}
