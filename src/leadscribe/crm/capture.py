"""Turning a confirmed capture into CRM records: merge into a known customer, never blank a known value,
and write every change to the audit trail with the message it came from."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..nlp import names
from ..nlp.gazetteer import company_forms
from .models import (
    OPEN_STAGES,
    AuditEntry,
    Contact,
    ContactPhone,
    Customer,
    Lead,
    LeadFlag,
    Note,
    Task,
    User,
    utcnow,
)
from .tasks import add_task

CLOSED_STAGES = ("won", "lost")

WORKDAY_END = time(18, 0)  # a bare day is due then unless the team policy says otherwise


@dataclass(frozen=True)
class CaptureFlag:
    kind: str
    evidence: str | None = None
    competitor: str | None = None


@dataclass
class Capture:
    """Plain values from one message (the bot builds it from an Extraction and the rep's edits)."""

    text: str = ""
    company: str | None = None
    industry: str | None = None
    contact_name: str | None = None
    phones: list[str] = field(default_factory=list)
    email: str | None = None
    need: str | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    currency: str | None = None
    key_date_start: date | None = None
    key_date_end: date | None = None
    follow_up: str | None = None  # local "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    follow_up_title: str | None = None
    flags: list[CaptureFlag] = field(default_factory=list)
    transcript: str | None = None
    channel: str | None = None
    source_message_id: str | None = None
    said_by: str = "rep"
    stage: str | None = None  # where the note says the deal stands (contacted … won, lost), if it says
    another_deal: bool = False  # the note adds a second deal (`另外还想要…`): never an update of the open one


@dataclass
class Change:
    entity: str
    entity_id: int
    field: str
    old: Any
    new: Any


@dataclass
class CaptureResult:
    customer: Customer
    lead: Lead
    contact: Contact | None
    task: Task | None
    merged: bool  # True when an existing customer was updated
    changes: list[Change]


def normalise_company(name: str | None) -> str | None:
    if not name:
        return None
    n = re.sub(r"[\s\u3000·•()（）]", "", name).lower()
    prev = None
    while prev != n:
        prev, n = n, names.legal_form_at_end().sub("", n)
    return n or None


def find_customer(session: Session, owner: User, cap: Capture) -> Customer | None:
    """The owner's existing customer this capture is about: same phone, same company, or the one contact
    of that exact name when no company is said."""
    if cap.phones:
        contact_id = session.scalar(
            select(ContactPhone.contact_id).where(ContactPhone.owner_id == owner.id, ContactPhone.phone.in_(cap.phones))
        )
        if contact_id is not None:
            return session.get(Contact, contact_id).customer  # type: ignore[union-attr]
    norm = normalise_company(cap.company)
    if norm:
        return _by_company(session, owner, norm, cap.contact_name)
    if cap.contact_name:
        matches = session.scalars(
            select(Customer)
            .join(Contact, Contact.customer_id == Customer.id)
            .where(Customer.owner_id == owner.id, Contact.name == cap.contact_name)
        ).all()
        if len(set(matches)) == 1:
            return matches[0]
    return None


def _by_company(session: Session, owner: User, norm: str, contact_name: str | None) -> Customer | None:
    """Same normalised name; or a short form of it ("华东医疗" for "华东医疗器械") with the same contact or
    as the only candidate."""
    candidates = session.scalars(
        select(Customer)
        .where(Customer.owner_id == owner.id, Customer.company_norm.like(norm[:2] + "%"))
        .order_by(Customer.id)
    ).all()
    exact = [c for c in candidates if c.company_norm == norm]
    if exact:
        return exact[0]
    if len(norm) < 3:
        return None
    related = [
        c
        for c in candidates
        if c.company_norm
        and len(c.company_norm) >= 3
        and (c.company_norm.startswith(norm) or norm.startswith(c.company_norm))
    ]
    if contact_name:
        same = [c for c in related if any(_same_person(k.name, contact_name) for k in c.contacts)]
        if len(same) == 1:
            return same[0]
    return related[0] if len(related) == 1 else None


def record_capture(
    session: Session,
    owner: User,
    cap: Capture,
    customer: Customer | None = None,
    workday_end: time = WORKDAY_END,
    new_customer: bool = False,
) -> CaptureResult:
    """Create or update customer, contact, lead, note, flags and task from `cap` for `owner`
    (`new_customer` skips matching: the rep said this is someone new)."""
    audit = _Audit(session, owner, cap.source_message_id)
    if customer is None and not new_customer:
        customer = find_customer(session, owner, cap)
    merged = customer is not None
    if customer is None:
        customer = Customer(owner_id=owner.id, company=cap.company, company_norm=normalise_company(cap.company))
        customer.industry = cap.industry
        session.add(customer)
        session.flush()
        audit.created("customer", customer.id)
    else:
        _merge_company(customer, cap.company, audit)
        audit.update(customer, "customer", "industry", cap.industry)
    customer.last_interaction_at = utcnow()
    customer.at_risk = False

    contact = _merge_contact(session, owner, customer, cap, audit)
    lead = _merge_lead(session, owner, customer, contact, cap, audit)
    for fl in cap.flags:
        if not any(f.kind == fl.kind and f.competitor == fl.competitor for f in lead.flags):
            flag = LeadFlag(lead=lead, kind=fl.kind, evidence=fl.evidence, competitor=fl.competitor)
            session.add(flag)
            session.flush()
            audit.created("flag", flag.id)
    note = Note(
        lead=lead,
        customer_id=customer.id,
        author_id=owner.id,
        said_by=cap.said_by,
        raw_text=cap.text,
        transcript=cap.transcript,
        channel=cap.channel,
        source_message_id=cap.source_message_id,
    )
    session.add(note)
    session.flush()
    audit.created("note", note.id)
    task = _add_task(session, owner, lead, customer, contact, cap, workday_end, audit)
    return CaptureResult(customer, lead, contact, task, merged, audit.changes)


def _merge_company(customer: Customer, said: str | None, audit: _Audit) -> None:
    """A known customer keeps its registered name; another name the rep used for it becomes an alias, so the
    next note that says it lands here too."""
    if not said:
        return
    if not customer.company:
        audit.update(customer, "customer", "company", said)
        customer.company_norm = normalise_company(said)
        return
    known = {f.lower() for f in company_forms(customer.company)} | {a.lower() for a in customer.aliases or []}
    if said.lower() not in known and normalise_company(said) != customer.company_norm:
        audit.update(customer, "customer", "aliases", [*(customer.aliases or []), said])


def _merge_contact(session: Session, owner: User, customer: Customer, cap: Capture, audit: _Audit) -> Contact | None:
    contact = None
    if cap.phones:
        cid = session.scalar(
            select(ContactPhone.contact_id).where(ContactPhone.owner_id == owner.id, ContactPhone.phone.in_(cap.phones))
        )
        contact = session.get(Contact, cid) if cid else None
    if contact is None and cap.contact_name:
        contact = next((c for c in customer.contacts if _same_person(c.name, cap.contact_name)), None)
    if contact is None and not (cap.contact_name or cap.phones or cap.email):
        return customer.contacts[0] if customer.contacts else None
    if contact is None:
        contact = Contact(customer=customer, name=cap.contact_name, phones=[])
        session.add(contact)
        session.flush()
        audit.created("contact", contact.id)
    else:
        # a fuller form of the same person ("王建国" after "王总") replaces the shorter one
        if cap.contact_name and contact.name != cap.contact_name and len(cap.contact_name) >= len(contact.name or ""):
            audit.update(contact, "contact", "name", cap.contact_name)
    m = names.title_at_end().search(cap.contact_name or "")
    if m and not contact.title:
        contact.title = m.group(1)
    audit.update(contact, "contact", "email", cap.email)
    new_phones = [p for p in cap.phones if p not in (contact.phones or [])]
    if new_phones:
        audit.update(contact, "contact", "phones", [*(contact.phones or []), *new_phones])
        for p in new_phones:
            known = session.scalar(
                select(ContactPhone).where(ContactPhone.owner_id == owner.id, ContactPhone.phone == p)
            )
            if known is None:
                session.add(ContactPhone(owner_id=owner.id, phone=p, contact_id=contact.id))
    session.flush()
    return contact


_EN_TITLES = frozenset(t.lower() for t in names.ENGLISH_TITLES)


def _same_person(known: str | None, said: str) -> bool:
    if not known:
        return False
    if known == said:
        return True
    if known.isascii() and said.isascii():
        # `Mr. Patel` and `Raj Patel`: a title with the surname is the person of that surname
        a, b = known.lower().replace(".", "").split(), said.lower().replace(".", "").split()
        titled = [x for x in (a, b) if len(x) == 2 and x[0] in _EN_TITLES]
        if len(titled) == 1:
            other = b if titled[0] is a else a
            return len(other) >= 2 and other[-1] == titled[0][1]
        # `Priya` after `Priya Natarajan`: a first name alone is the person the rep already knows
        return len(a) != len(b) and min(a, b, key=len) == max(a, b, key=len)[: len(min(a, b, key=len))]
    # "王总" and "王建国" may be one person; only merge when the surname agrees and one is a title form
    return known[0] == said[0] and (bool(names.title_at_end().search(known)) != bool(names.title_at_end().search(said)))


def _units(need: str) -> list[str]:
    """Characters of a Chinese need, words of an English one (`patient portal` is not `practice management
    system` though they share most letters)."""
    return re.findall(r"[a-z0-9]+|[^\sa-z0-9]", need.lower()) if re.search(r"[A-Za-z]{2}", need) else list(need)


def _char_overlap(a: str, b: str) -> float:
    """1.0 when one need is the other said short (`PACS` of `PACS影像系统`), else the Dice overlap."""
    ua, ub = _units(a), _units(b)
    common = sum((Counter(ua) & Counter(ub)).values())
    if common and common == min(len(ua), len(ub)) and "".join(min(ua, ub, key=len)) in "".join(max(ua, ub, key=len)):
        return 1.0
    return 0.0 if not common else 2 * common / (len(ua) + len(ub))


def _stage_rank(stage: str) -> int:
    return OPEN_STAGES.index(stage) if stage in OPEN_STAGES else len(OPEN_STAGES)


def _moves(current: str, said: str | None) -> bool:
    """Won and lost close a deal whatever its stage; the open stages only move forward."""
    if not said or said == current:
        return False
    return said in CLOSED_STAGES or _stage_rank(said) > _stage_rank(current)


def target_lead(customer: Customer, cap: Capture) -> Lead | None:
    """The deal a note about `customer` updates: the latest open one with the same need (or where either has
    none); a note with no need and no open deal goes to the latest deal. None: a new deal."""
    open_leads = [lead for lead in customer.leads if lead.stage not in CLOSED_STAGES]
    if cap.another_deal and (cap.need or cap.budget_max is not None or cap.budget_min is not None):
        # `另外还想要PACS`: only a deal with that same need is this one (`还有个邬总监` adds a person, no deal)
        same = [c for c in open_leads if cap.need and c.need and _char_overlap(cap.need, c.need) >= 0.5]
        return same[-1] if same else None
    if cap.need:
        # the deal with that need before one with none (`数据中台没中标` beside a need-less second deal)
        same = [c for c in open_leads if c.need and _char_overlap(cap.need, c.need) >= 0.5]
        if same:
            return same[-1]
    else:
        # `Sarah says the smart locks are too expensive`: no buying, but one deal named by its need
        named = [c for c in open_leads if c.need and c.need.lower() in cap.text.lower()]
        if len(named) == 1:
            return named[0]
    for candidate in reversed(open_leads):
        if not cap.need or not candidate.need:
            return candidate
    if not cap.need and not open_leads and customer.leads:
        return customer.leads[-1]
    return None


def _merge_lead(
    session: Session, owner: User, customer: Customer, contact: Contact | None, cap: Capture, audit: _Audit
) -> Lead:
    lead = target_lead(customer, cap)
    if lead is None:
        lead = Lead(customer=customer, owner_id=owner.id, source=cap.channel, contact=contact, stage="new")
        session.add(lead)
        session.flush()
        audit.created("lead", lead.id)
    elif contact is not None and lead.contact_id is None:
        lead.contact = contact
    audit.update(lead, "lead", "need", cap.need)
    budget_min, budget_max = cap.budget_min, cap.budget_max
    if cap.stage == "won" and (budget_min is not None or budget_max is not None):
        # the amount a deal is won at is its value
        budget_min = budget_max = budget_max if budget_max is not None else budget_min
    if budget_min is not None or budget_max is not None:
        # a budget is one value: a new min/max pair replaces the old pair whole
        audit.update(lead, "lead", "budget_min", budget_min, allow_none=True)
        audit.update(lead, "lead", "budget_max", budget_max, allow_none=True)
        audit.update(lead, "lead", "currency", cap.currency or "CNY")
    if cap.key_date_end is not None:
        audit.update(lead, "lead", "key_date_start", cap.key_date_start, allow_none=True)
        audit.update(lead, "lead", "key_date_end", cap.key_date_end)
    if _moves(lead.stage, cap.stage):
        audit.update(lead, "lead", "stage", cap.stage)
        lead.stage_changed_at = utcnow()
    return lead


def preview_changes(customer: Customer, cap: Capture) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for what confirming `cap` would change on `customer`'s deal: the card shows
    `预算 50万 → 80万` before the rep confirms. Values in the draft's own shapes."""
    lead = target_lead(customer, cap)
    if lead is None:
        return []
    out: list[tuple[str, Any, Any]] = []
    if cap.budget_min is not None or cap.budget_max is not None:
        old = {"min": lead.budget_min, "max": lead.budget_max, "currency": lead.currency}
        new = {"min": cap.budget_min, "max": cap.budget_max, "currency": cap.currency or "CNY"}
        if lead.budget_max is not None and (old["min"], old["max"]) != (new["min"], new["max"]):
            out.append(("budget", old, new))
    if cap.key_date_end is not None and lead.key_date_end is not None and lead.key_date_end != cap.key_date_end:
        start = lead.key_date_start.isoformat() if lead.key_date_start else None
        new_start = cap.key_date_start.isoformat() if cap.key_date_start else None
        out.append(
            (
                "key_date",
                {"start": start, "end": lead.key_date_end.isoformat()},
                {"start": new_start, "end": cap.key_date_end.isoformat()},
            )
        )
    if _moves(lead.stage, cap.stage):
        out.append(("stage", lead.stage, cap.stage))
    return out


def follow_up_due(follow_up: str, tz: str, workday_end: time = WORKDAY_END) -> tuple[datetime, bool]:
    """(UTC due time, all_day) for a local 'YYYY-MM-DD[THH:MM]'; a bare day is due at the end of work."""
    zone = ZoneInfo(tz)
    if "T" in follow_up:
        local = datetime.fromisoformat(follow_up).replace(tzinfo=zone)
        return local.astimezone(UTC), False
    day = date.fromisoformat(follow_up[:10])
    return datetime.combine(day, workday_end, tzinfo=zone).astimezone(UTC), True


def _add_task(
    session: Session,
    owner: User,
    lead: Lead,
    customer: Customer,
    contact: Contact | None,
    cap: Capture,
    workday_end: time,
    audit: _Audit,
) -> Task | None:
    if not cap.follow_up:
        return None
    due, all_day = follow_up_due(cap.follow_up, owner.tz, workday_end)
    for t in lead.tasks:
        if t.status == "open" and t.due_at == due:
            return t
    who = " ".join(x for x in (customer.company, contact.name if contact else None) if x)
    english = (owner.language or "").lower().startswith("en")
    action = cap.follow_up_title or ("Follow up with" if english else "跟进")
    person = (contact.name if contact else None) or customer.company
    if person and cap.follow_up_title and names.PRONOUN.search(action):
        # `给他回个电话` -> `给郑总回个电话（华锐精密机械）`: the task says who
        named = names.PRONOUN.sub(person, action, count=1)
        where = customer.company if customer.company and customer.company not in named else None
        title = f"{named}（{where}）" if where and not english else f"{named} ({where})" if where else named
    else:
        title = f"{action} {who}" if who else (cap.follow_up_title or ("Follow up" if english else "跟进客户"))
    # the one way a task is made (crm/tasks.py), audited with the capture's message so an undo removes it
    task = add_task(session, owner, title, due, all_day, lead.id, cap.source_message_id)
    audit.changes.append(Change("task", task.id, "created", None, task.id))
    return task


class _Audit:
    """Sets fields and records each real change; empty values never overwrite known ones."""

    def __init__(self, session: Session, user: User, source: str | None) -> None:
        self.session, self.user, self.source = session, user, source
        self.changes: list[Change] = []

    def update(self, obj: Any, entity: str, name: str, value: Any, allow_none: bool = False) -> None:
        if (value is None or value == "" or value == []) and not allow_none:
            return
        old = getattr(obj, name)
        if old == value:
            return
        setattr(obj, name, value)
        self._write(entity, obj.id, name, old, value)

    def created(self, entity: str, entity_id: int) -> None:
        self._write(entity, entity_id, "created", None, entity_id)

    def _write(self, entity: str, entity_id: int, name: str, old: Any, new: Any) -> None:
        self.changes.append(Change(entity, entity_id, name, old, new))
        self.session.add(
            AuditEntry(
                entity=entity,
                entity_id=entity_id,
                field=name,
                old_value=_dump(old),
                new_value=_dump(new),
                user_id=self.user.id,
                source_message_id=self.source,
            )
        )


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)
