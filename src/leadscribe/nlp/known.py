"""Known customers' names over what the rules found: a known customer is a company, never a competitor or a
person; a known contact is a person, never a company."""

from __future__ import annotations

from . import names
from .gazetteer import Gazetteer, Mention
from .types import Extraction, Field


def _overlaps(f: Field | Mention, m: Mention) -> bool:
    return f.start < m.end and m.start < f.end


def _another_organisation(said: Field, m: Mention, gazetteer: Gazetteer) -> bool:
    """`华锐物流` holds the short form of 华锐精密机械 but is another organisation; `筑城农商行` is 贵阳筑城农商银行
    said short: what the note adds to the known piece must come from the registered name."""
    if m.kind != "company" or not (said.start <= m.start and m.end <= said.end):
        return False
    if said.end - said.start <= m.end - m.start or gazetteer.is_company_form(said.value):
        return False
    added = str(said.value)[: m.start - said.start] + str(said.value)[m.end - said.start :]
    added = names.legal_form_at_end().sub("", added)
    registered = [gazetteer.customers[i].company or "" for i in m.customer_ids]
    return not any(all(ch in name for ch in added) for name in registered)


def apply_known(lead: Extraction, mentions: list[Mention], gazetteer: Gazetteer) -> None:
    said = lead.company
    if said is not None:
        mentions = [m for m in mentions if not _another_organisation(said, m, gazetteer)]
    lead.mentions = mentions
    companies = [m for m in mentions if m.kind == "company"]
    contacts = [m for m in mentions if m.kind == "contact"]
    if companies:
        known = {m.text for m in companies}
        lead.competitors = [c for c in lead.competitors if not any(_overlaps(c, m) for m in companies)]
        lead.flags = [f for f in lead.flags if not (f.kind == "competitor" and f.competitor in known)]
    person = lead.contact_name
    if person is not None and any(_overlaps(person, m) for m in companies):
        # `华锐那边…` read as a person, or `华锐郑` cut from `华锐郑总`: the known names say who
        lead.contact_name = None
    if lead.contact_name is None and contacts:
        m = contacts[0]
        lead.contact_name = Field(m.text, m.start, m.end, 0.9)
    company = lead.company
    if (
        company is not None
        and any(_overlaps(company, m) for m in contacts)
        and not any(_overlaps(company, m) for m in companies)
    ):
        lead.company = None  # a known person is not an organisation
    if lead.company is None and companies:
        m = companies[0]
        lead.company = Field(m.text, m.start, m.end, 0.9)
    need = lead.need
    for m in [*companies, *contacts]:
        # `the signed PO for Harborview`: a known name is who buys, never what is bought
        if need is not None and m.start <= need.start and need.end <= m.end:
            lead.need = need = None
    for m in companies:
        # `华锐MES那个项目`: the customer's name is not part of what it buys
        if need is not None and need.start == m.start and need.end > m.end:
            rest = lead.text[m.end : need.end].lstrip()
            lead.need = need = Field(rest, need.end - len(rest), need.end, need.confidence) if rest else None
