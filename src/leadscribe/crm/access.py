"""Who may see what: a rep sees their own customers, a manager their team's, an admin everything."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from .models import Customer, Lead, Task, User

T = TypeVar("T", Customer, Lead, Task)


class AccessDenied(PermissionError):
    """Raised when a user asks for a record that is not theirs to see."""


def team_ids(session: Session, user: User) -> set[int]:
    """Ids of the users whose records `user` may read (themself and everyone below them)."""
    ids = {user.id}
    if user.role == "rep":
        return ids
    frontier = [user.id]
    while frontier:
        below = session.scalars(select(User.id).where(User.manager_id.in_(frontier))).all()
        frontier = [i for i in below if i not in ids]
        ids.update(frontier)
    return ids


def readable_owner_ids(session: Session, user: User) -> set[int] | None:
    """None means everyone (admin)."""
    if user.role == "admin":
        return None
    return team_ids(session, user)


def customers_query(session: Session, user: User) -> Select[tuple[Customer]]:
    q = select(Customer).order_by(Customer.id)
    owners = readable_owner_ids(session, user)
    return q if owners is None else q.where(Customer.owner_id.in_(owners))


def leads_query(session: Session, user: User) -> Select[tuple[Lead]]:
    q = select(Lead).order_by(Lead.id)
    owners = readable_owner_ids(session, user)
    return q if owners is None else q.where(Lead.owner_id.in_(owners))


def tasks_query(session: Session, user: User) -> Select[tuple[Task]]:
    q = select(Task).order_by(Task.due_at)
    owners = readable_owner_ids(session, user)
    return q if owners is None else q.where(Task.assignee_id.in_(owners))


def _visible(session: Session, user: User, model: type[T], row_id: int, owner: Callable[[T], int], noun: str) -> T:
    row = session.get(model, row_id)
    if row is None or not can_read(session, user, owner(row)):
        raise AccessDenied(f"{noun} {row_id} is not visible to {user.name}")
    return row


def get_customer(session: Session, user: User, customer_id: int) -> Customer:
    return _visible(session, user, Customer, customer_id, lambda c: c.owner_id, "customer")


def get_lead(session: Session, user: User, lead_id: int) -> Lead:
    return _visible(session, user, Lead, lead_id, lambda lead: lead.owner_id, "lead")


def get_task(session: Session, user: User, task_id: int) -> Task:
    return _visible(session, user, Task, task_id, lambda t: t.assignee_id, "task")


def can_read(session: Session, user: User, owner_id: int) -> bool:
    owners = readable_owner_ids(session, user)
    return owners is None or owner_id in owners


def can_write(user: User, owner_id: int) -> bool:
    """Only the owner writes their customers (admins too); managers read."""
    return user.role == "admin" or user.id == owner_id
