"""Playbooks: a talk track and success cases per flag kind and industry, ranked by reps' feedback."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..crm.models import Lead, PlaybookFeedback


@dataclass(frozen=True)
class Playbook:
    id: str
    flag: str
    title: str
    talk_track: str
    cases: tuple[str, ...]
    industry: str | None = None


class PlaybookError(ValueError):
    """The playbook file is malformed."""


def parse_playbooks(text: str) -> list[Playbook]:
    data = yaml.safe_load(text) or {}
    books = []
    for i, raw in enumerate(data.get("playbooks") or []):
        try:
            cases = tuple(str(c) for c in raw.get("cases") or [])
            book = Playbook(
                id=str(raw["id"]),
                flag=str(raw["flag"]),
                title=str(raw["title"]),
                talk_track=str(raw["talk_track"]).strip(),
                cases=cases[:3],
                industry=raw.get("industry"),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise PlaybookError(f"playbook #{i + 1} lacks {exc}") from exc
        books.append(book)
    return books


@lru_cache(maxsize=8)
def load_playbooks(path: str = "", language: str = "zh") -> tuple[Playbook, ...]:
    """The admin's file when given, else the bundled set in the rep's language (Chinese or English)."""
    if path:
        return tuple(parse_playbooks(Path(path).read_text(encoding="utf-8")))
    name = "data/playbooks_en.yaml" if language.lower().startswith("en") else "data/playbooks.yaml"
    text = resources.files("leadscribe.bot").joinpath(name).read_text(encoding="utf-8")
    return tuple(parse_playbooks(text))


def choose(session: Session, books: tuple[Playbook, ...], flag: str, industry: str | None) -> Playbook | None:
    """The best playbook for a flag: industry-specific before generic, then by net 有用 votes."""
    candidates = [b for b in books if b.flag == flag and b.industry in (industry, None)]
    if not candidates:
        return None
    votes = dict(
        session.execute(
            select(
                PlaybookFeedback.playbook_id,
                func.sum(case((PlaybookFeedback.useful.is_(True), 1), else_=-1)),
            )
            .where(PlaybookFeedback.playbook_id.in_([b.id for b in candidates]))
            .group_by(PlaybookFeedback.playbook_id)
        ).all()
    )
    return max(candidates, key=lambda b: (votes.get(b.id, 0) >= 0, b.industry is not None, votes.get(b.id, 0)))


def record_feedback(session: Session, user_id: int, playbook_id: str, lead_id: int | None, useful: bool) -> bool:
    """False (nothing stored) for a lead that is not the rep's own: a forged button names any lead id."""
    if lead_id is not None:
        lead = session.get(Lead, lead_id)
        if lead is None or lead.owner_id != user_id:
            return False
    existing = session.scalar(
        select(PlaybookFeedback).where(
            PlaybookFeedback.user_id == user_id,
            PlaybookFeedback.playbook_id == playbook_id,
            PlaybookFeedback.lead_id == lead_id,
        )
    )
    if existing:
        existing.useful = useful
    else:
        session.add(PlaybookFeedback(user_id=user_id, playbook_id=playbook_id, lead_id=lead_id, useful=useful))
    return True
