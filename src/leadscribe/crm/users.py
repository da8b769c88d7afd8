"""Team management: adding users and finding them by name or channel identity."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ROLES, User

IDENTITY_COLUMNS = {"telegram": "telegram_id", "wecom": "wecom_id", "dingtalk": "dingtalk_id"}


class UserError(ValueError):
    """Bad input for a user (unknown role, zone or manager, duplicate name)."""


def add_user(
    session: Session,
    name: str,
    role: str = "rep",
    manager: str | None = None,
    tz: str = "Asia/Shanghai",
    phone: str | None = None,
    language: str = "zh",
    team: str | None = None,
    telegram: str | None = None,
    wecom: str | None = None,
    dingtalk: str | None = None,
) -> User:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(f"unknown time zone {tz!r}") from exc
    if by_name(session, name) is not None:
        raise UserError(f"a user named {name!r} exists")
    boss = None
    if manager:
        boss = by_name(session, manager)
        if boss is None:
            raise UserError(f"no manager named {manager!r}")
    user = User(
        name=name,
        role=role,
        manager_id=boss.id if boss else None,
        tz=tz,
        phone=phone,
        language=language,
        team=team or (boss.team if boss else None),
        telegram_id=telegram,
        wecom_id=wecom,
        dingtalk_id=dingtalk,
    )
    session.add(user)
    session.flush()
    return user


def by_name(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == name))


def by_identity(session: Session, channel: str, sender_id: str) -> User | None:
    """The registered, active user behind a channel identity; the console uses user names."""
    if channel == "console":
        user = by_name(session, sender_id)
    else:
        column = IDENTITY_COLUMNS.get(channel)
        if column is None:
            return None
        user = session.scalar(select(User).where(getattr(User, column) == sender_id))
    return user if user is not None and user.active else None


def chat_address(user: User, channel: str) -> str | None:
    """Where a proactive message to `user` goes on `channel`."""
    if channel == "console":
        return user.name
    column = IDENTITY_COLUMNS.get(channel)
    return getattr(user, column) if column else None


def preferred_channel(user: User) -> str:
    for channel in ("wecom", "dingtalk", "telegram"):
        if chat_address(user, channel):
            return channel
    return "console"


def user_dict(user: User) -> dict[str, object]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "manager": user.manager.name if user.manager else None,
        "team": user.team,
        "tz": user.tz,
        "language": user.language,
        "phone": user.phone,
        "telegram": user.telegram_id,
        "wecom": user.wecom_id,
        "dingtalk": user.dingtalk_id,
    }


def is_teammate(session: Session, name: str | None) -> bool:
    """Whether someone who uses the bot has this name: a note naming one (`李经理说…`) speaks of a colleague."""
    if not name:
        return False
    return session.scalar(select(User.id).where(User.name == name).limit(1)) is not None
