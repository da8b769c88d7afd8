"""Result types of the extraction: every field carries its value, confidence and source span."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FLAG_KINDS = ("competitor", "price_objection", "delay", "complaint")


@dataclass(frozen=True)
class Field:
    """One extracted value with where it came from in the (original) text."""

    value: Any
    start: int
    end: int
    confidence: float = 1.0

    def snippet(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Flag:
    kind: str  # one of FLAG_KINDS
    start: int
    end: int
    confidence: float = 1.0
    competitor: str | None = None


@dataclass
class Extraction:
    text: str
    contact_name: Field | None = None
    company: Field | None = None
    phone: list[Field] = field(default_factory=list)
    email: Field | None = None
    budget: Field | None = None  # value: {"min": int|None, "max": int|None, "currency": str}
    key_date: Field | None = None  # value: {"start": "YYYY-MM-DD"|None, "end": "YYYY-MM-DD"}
    follow_up: Field | None = None  # value: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (local)
    postponed_to: Field | None = None  # like key_date: a date put off to, no milestone named (not in the schema)
    flags: list[Flag] = field(default_factory=list)
    competitors: list[Field] = field(default_factory=list)
    industry: Field | None = None
    need: Field | None = None
    warnings: list[str] = field(default_factory=list)
    mentions: list[Any] = field(default_factory=list)  # gazetteer.Mention: known customers the note names

    def to_schema(self) -> dict[str, Any]:
        """The flat SCHEMA.md shape (values only)."""
        one = lambda f: None if f is None else f.value  # noqa: E731
        kinds: list[str] = []
        for fl in self.flags:
            if fl.kind not in kinds:
                kinds.append(fl.kind)
        return {
            "contact_name": one(self.contact_name),
            "company": one(self.company),
            "phone": [p.value for p in self.phone],
            "email": one(self.email),
            "budget": one(self.budget),
            "key_date": one(self.key_date),
            "follow_up": one(self.follow_up),
            "flags": kinds,
            "competitors": [c.value for c in self.competitors],
            "industry": one(self.industry),
            "need": one(self.need),
        }
