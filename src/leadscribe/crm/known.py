"""The rep's known customers as an nlp Gazetteer: built once per rep and rebuilt only when their customers
change (a count and the latest update time, one indexed query per message)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.orm import Session, selectinload

from ..nlp.gazetteer import Gazetteer, KnownContact, KnownCustomer
from .access import customers_query
from .models import Customer, User

_CACHE_SIZE = 256  # reps per process
_lock = threading.Lock()
_cache: OrderedDict[tuple[str, int], tuple[tuple[int, datetime | None], Gazetteer]] = OrderedDict()


def known_customer(c: Customer) -> KnownCustomer:
    return KnownCustomer(
        id=c.id,
        company=c.company,
        aliases=tuple(c.aliases or ()),
        contacts=tuple(KnownContact(k.name, k.title) for k in c.contacts),
        phones=tuple(p for k in c.contacts for p in (k.phones or [])),
        owner_id=c.owner_id,
    )


def gazetteer_for(session: Session, user: User) -> Gazetteer:
    """Every customer `user` may see, by every name a note may use for it."""
    visible = customers_query(session, user)  # the same rule as every list the rep sees
    scope = visible.with_only_columns(func.count(Customer.id), func.max(Customer.updated_at)).order_by(None)
    count, latest = session.execute(scope).one()
    version = (int(count or 0), latest)
    key = (str(session.get_bind().url), user.id)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == version:
            _cache.move_to_end(key)
            return hit[1]
    customers = session.scalars(visible.options(selectinload(Customer.contacts))).all()
    gazetteer = Gazetteer(known_customer(c) for c in customers)
    with _lock:
        _cache[key] = (version, gazetteer)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return gazetteer
