"""Lead extraction from Chinese sales messages: `extract(text, now, tz) -> Extraction`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .types import FLAG_KINDS, Extraction, Field, Flag

log = logging.getLogger(__name__)

__all__ = ["FLAG_KINDS", "Extraction", "Field", "Flag", "extract", "resolve_now"]

DEFAULT_TZ = "Asia/Shanghai"


def resolve_now(now: datetime | None = None, tz: str | None = None) -> datetime:
    """The message time as a tz-aware datetime in the user's zone.

    `tz` (IANA) wins; else the offset of `now` is the zone; a naive or missing `now` is read in Asia/Shanghai.
    """
    zone: tzinfo
    if tz:
        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {tz!r}") from exc
    elif now is not None and now.tzinfo is not None:
        zone = now.tzinfo
    else:
        zone = ZoneInfo(DEFAULT_TZ)
    if now is None:
        return datetime.now(UTC).astimezone(zone)
    if now.tzinfo is None:
        return now.replace(tzinfo=zone)
    return now.astimezone(zone)


def extract(text: str, now: datetime | None = None, tz: str | None = None) -> Extraction:
    """Every lead field found in one message; spans refer to `text` (cut to MAX_CHARS with a warning)."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, not {type(text).__name__}")
    from .components.hygiene import cap_text, normalise
    from .extensions import lead_of
    from .pipeline import get_pipeline, optional_names

    moment = resolve_now(now, tz)
    capped, warning = cap_text(text)
    nlp = get_pipeline()
    # The tokenizer reads the cleaned text (half-width, simplified, no emoji): same length, same spans.
    doc = nlp.make_doc(normalise(capped))
    doc._.raw = capped
    doc._.now = moment
    lead = lead_of(doc)
    if warning:
        lead.warnings.append(warning)
    guarded = optional_names()
    for name, proc in nlp.pipeline:
        if name not in guarded:
            doc = proc(doc)
            continue
        try:
            doc = proc(doc)
        except Exception as exc:  # one failing field must not lose the others
            log.exception("%s failed", name)
            lead.warnings.append(f"{name} failed: {exc}")
    return lead_of(doc)
