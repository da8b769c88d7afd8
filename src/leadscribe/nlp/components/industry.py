"""The customer's industry (one of twelve), from its organisation name, else from the whole message."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon
from ..extensions import clean_of, lead_of
from ..types import Field

INDUSTRIES = (
    "医疗健康",
    "教育",
    "制造",
    "零售",
    "金融",
    "互联网",
    "房地产",
    "物流",
    "能源",
    "政务",
    "餐饮",
    "汽车",
)


@lexicon.derived
def _keywords() -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    table: dict[str, str] = {}
    name_only = set()
    for key, value in (*lexicon.pairs("industries.txt"), *lexicon.pairs("brands.txt")):
        industry, _, scope = value.partition("\t")
        if industry.strip() in INDUSTRIES:
            table[key] = industry.strip()
            if scope.strip() == "name":
                name_only.add(key)
    # a Latin keyword is a whole word (`Port` is not in `Portal`, `Auto` not in `Automation`)
    latin = lexicon.alternation([k for k in table if k.isascii()])
    han = lexicon.alternation([k for k in table if not k.isascii()])
    pattern = f"(?<![A-Za-z])(?:{latin})(?![A-Za-z])|{han}"
    return re.compile(pattern), table, frozenset(name_only)


def classify(company: str | None, text: str) -> str | None:
    """The last keyword of the organisation name (`领航新能源汽车` is 汽车), else the first of the text.

    Keywords marked `name` count only in an organisation's name: `审计软件` is no software company.
    """
    rx, table, name_only = _keywords()
    if company and company.isascii() and company == company.lower():
        company = company.title()  # a dictated name has no capitals (`bayside credit union`); its words still count
    if company:
        hits = list(rx.finditer(company))
        if hits:
            # One-character keywords (`局`, `厂`) yield to any longer one (`南方电网深圳供电局` is 能源).
            best = max(hits, key=lambda m: (len(m.group(0)) > 1, m.end()))
            return table[best.group(0)]
    for m in rx.finditer(text):
        if m.group(0) not in name_only:
            return table[m.group(0)]
    return None


@Language.component("leadscribe_industry", assigns=["doc._.lead"])
def industry_component(doc: Doc) -> Doc:
    lead = lead_of(doc)
    text = clean_of(doc)
    company = lead.company
    value = classify(company.value if company else None, text)
    if value is None:
        lead.industry = None
    elif company is not None and classify(company.value, "") == value:
        lead.industry = Field(value, company.start, company.end, 0.9)
    else:
        lead.industry = Field(value, 0, len(text), 0.6)
    return doc
