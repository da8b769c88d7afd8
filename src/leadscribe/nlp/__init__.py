"""Lead extraction from Chinese sales messages: `extract(text, now, tz) -> Extraction`."""

from __future__ import annotations

import logging
from datetime import datetime

from .gazetteer import Gazetteer, KnownContact, KnownCustomer, Mention
from .moment import resolve_now
from .types import FLAG_KINDS, Extraction, Field, Flag

log = logging.getLogger(__name__)

__all__ = [
    "FLAG_KINDS",
    "Extraction",
    "Field",
    "Flag",
    "Gazetteer",
    "KnownContact",
    "KnownCustomer",
    "Mention",
    "extract",
    "resolve_now",
]


def extract(
    text: str,
    now: datetime | None = None,
    tz: str | None = None,
    gazetteer: Gazetteer | None = None,
    by_sound: bool = False,
) -> Extraction:
    """Every lead field found in one message; spans refer to `text` (cut to MAX_CHARS with a warning).

    With a `gazetteer` (the rep's known customers) its names are read as companies and contacts, never as
    competitors; `by_sound` also finds them written otherwise but said the same (speech transcripts)."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, not {type(text).__name__}")
    from .components.hygiene import cap_text, normalise
    from .extensions import lead_of, token_offsets
    from .pipeline import get_pipeline, optional_names

    moment = resolve_now(now, tz)
    capped, warning = cap_text(text)
    nlp = get_pipeline()
    # The tokenizer reads the cleaned text (half-width, simplified, no emoji): same length, same spans.
    clean = normalise(capped)
    doc = nlp.make_doc(clean)
    doc._.raw = capped
    doc._.clean = clean  # doc.text joins every token again on each read
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
    lead = lead_of(doc)
    if gazetteer is not None and len(gazetteer):
        from .known import apply_known

        apply_known(lead, gazetteer.find(clean, by_sound, token_offsets(doc)), gazetteer)
    return _names_as_written(lead, capped, clean)


def _names_as_written(lead: Extraction, raw: str, clean: str) -> Extraction:
    """Names read on the simplified text are returned as the rep wrote them (`广州乾朗珠宝`, not 干朗):
    traditional-to-simplified is for matching only. Spans are the same in both texts."""
    from dataclasses import replace

    def written(f: Field | None) -> Field | None:
        if f is None or not isinstance(f.value, str) or f.value != clean[f.start : f.end]:
            return f
        # Han characters as written; full-width Latin and digits stay half-width
        value = "".join(
            r if "\u4e00" <= r <= "\u9fff" else c for r, c in zip(raw[f.start : f.end], f.value, strict=True)
        )
        return replace(f, value=value)

    lead.contact_name, lead.company = written(lead.contact_name), written(lead.company)
    return lead
