"""A demo team so `leadscribe chat` works on a fresh machine with no chat credentials."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import User
from .users import add_user

DEMO_TEAM = [
    # name, role, manager, tz, phone
    ("王店长", "store_manager", None, "Asia/Shanghai", "13800000001"),
    ("李经理", "manager", "王店长", "Asia/Shanghai", "13800000002"),
    ("小张", "rep", "李经理", "Asia/Shanghai", "13800000003"),
    ("小陈", "rep", "李经理", "Asia/Shanghai", "13800000004"),
    ("Amy", "rep", "李经理", "America/Los_Angeles", "+14155550100"),
]
DEMO_REP = "小张"


def seed_demo(session: Session) -> bool:
    """Add the demo team to an empty database; returns False when users exist already."""
    if session.scalar(select(func.count(User.id))):
        return False
    for name, role, manager, tz, phone in DEMO_TEAM:
        add_user(
            session,
            name,
            role=role,
            manager=manager,
            tz=tz,
            phone=phone,
            team="demo",
            language="en" if name == "Amy" else "zh",
        )
    return True
