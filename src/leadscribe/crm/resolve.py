"""Which known customer a note is about: by phone, by a known name (full, short or as the rep said it before),
by contact; two equally good candidates are a question for the rep, another rep's customer is never copied."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..nlp.gazetteer import company_forms
from .access import readable_owner_ids
from .capture import Capture, find_customer, normalise_company
from .models import Contact, ContactPhone, Customer, Draft, Lead, User


@dataclass
class Resolution:
    customer: Customer | None = None  # the one it is about (None: a new customer)
    choices: list[Customer] = field(default_factory=list)  # equally good candidates: ask
    taken_by: User | None = None  # another rep owns it (撞单): tell, never duplicate
    taken: Customer | None = None


def resolve(
    session: Session,
    user: User,
    cap: Capture,
    company_ids: Collection[int] = (),
    contact_ids: Collection[int] = (),
) -> Resolution:
    """`company_ids`/`contact_ids`: the customers the note's known company and contact names may mean
    (nlp.Gazetteer mentions, already limited to what `user` can see)."""
    owners = readable_owner_ids(session, user)
    found = _by_phone(session, cap.phones, owners)
    if len(found) == 1:
        return _mine(user, session.get(Customer, found.pop()))
    if cap.company and not company_ids:
        contact_ids = ()  # `金陵酒店的郑总` is not the 郑总 of a known customer: the company it names says who
    candidates = set(company_ids) or set(contact_ids)
    if company_ids and contact_ids and len(company_ids) > 1:
        candidates = (set(company_ids) & set(contact_ids)) or set(company_ids)
    if len(candidates) == 1:
        return _mine(user, session.get(Customer, next(iter(candidates))))
    if len(candidates) > 1:
        choices = session.scalars(select(Customer).where(Customer.id.in_(candidates)).order_by(Customer.id)).all()
        return Resolution(choices=list(choices))
    if cap.company:
        own = find_customer(session, user, Capture(company=cap.company, contact_name=cap.contact_name))
        if own is not None:
            return Resolution(customer=own)
    return _someone_elses(session, user, cap, owners)


def _mine(user: User, customer: Customer | None) -> Resolution:
    if customer is None or customer.owner_id == user.id:
        return Resolution(customer=customer)
    return Resolution(taken_by=customer.owner, taken=customer)


def _by_phone(session: Session, phones: list[str], owners: set[int] | None) -> set[int]:
    if not phones:
        return set()
    q = (
        select(Contact.customer_id)
        .join(ContactPhone, ContactPhone.contact_id == Contact.id)
        .where(ContactPhone.phone.in_(phones))
    )
    if owners is not None:
        q = q.where(ContactPhone.owner_id.in_(owners))
    return set(session.scalars(q).all())


def _someone_elses(session: Session, user: User, cap: Capture, owners: set[int] | None) -> Resolution:
    """A customer the rep cannot see but another rep already follows: same registered name or phone."""
    others = _by_phone(session, cap.phones, None)
    norm = normalise_company(cap.company)
    if norm and len(norm) >= 2:
        # the same registered name, or one of its short forms (`鑫达` of 鑫达电子)
        said = {cap.company.lower(), norm} if cap.company else {norm}
        for c in session.scalars(select(Customer).where(Customer.company_norm.contains(norm)).limit(50)):
            if c.company_norm == norm or said & {f.lower() for f in company_forms(c.company or "")}:
                others.add(c.id)
    for customer_id in sorted(others):
        customer = session.get(Customer, customer_id)
        if customer is not None and customer.owner_id != user.id:
            return Resolution(taken_by=customer.owner, taken=customer)
    return Resolution()


def latest_customer(session: Session, user: User, since: datetime) -> Customer | None:
    """The customer of the rep's most recent confirmed note since `since`: what `他们家…` refers to."""
    lead_id = session.scalar(
        select(Draft.lead_id)
        .where(Draft.user_id == user.id, Draft.status == "confirmed", Draft.lead_id.is_not(None))
        .where(Draft.confirmed_at >= since)
        .order_by(Draft.confirmed_at.desc(), Draft.id.desc())
        .limit(1)
    )
    lead = session.get(Lead, lead_id) if lead_id is not None else None
    return lead.customer if lead is not None and lead.customer.owner_id == user.id else None
