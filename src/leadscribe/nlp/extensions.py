"""The Doc extensions every extraction component shares: the result, the clock and the cleaned text."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from .types import Extraction

# force=True: re-importing (tests, reloads) must not fail on an existing extension.
Doc.set_extension("lead", default=None, force=True)  # Extraction being filled
Doc.set_extension("now", default=None, force=True)  # tz-aware datetime in the user's zone
Doc.set_extension("clean", default=None, force=True)  # normalised text, same length as doc.text
Doc.set_extension("speaker", default=None, force=True)  # (start, end) of a forwarded message's sender
Doc.set_extension("raw", default=None, force=True)  # the text as sent, when the Doc was made from clean text
Doc.set_extension("offsets", default=None, force=True)  # cached (start, end) of every token


def _get(doc: Doc, name: str) -> Any:
    """doc._.<name>, read straight from where spaCy keeps it (`doc._` builds an object on every access)."""
    return doc.user_data.get(("._.", name, None, None))


def token_offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each token, computed once per doc: iterating a Doc is slow in a hot loop."""
    offsets = _get(doc, "offsets")
    if offsets is None:
        offsets = doc._.offsets = [(t.idx, t.idx + len(t)) for t in doc]
    return offsets


def lead_of(doc: Doc) -> Extraction:
    """The doc's Extraction, created on first use so that any component may run first."""
    lead = _get(doc, "lead")
    if lead is None:
        lead = doc._.lead = Extraction(text=raw_of(doc))
    return lead


def raw_of(doc: Doc) -> str:
    """The text as the user sent it (same length as doc.text)."""
    raw = _get(doc, "raw")
    return raw if raw is not None else doc.text


def clean_of(doc: Doc) -> str:
    """The normalised text when hygiene ran, else the raw text (same coordinates either way)."""
    clean = _get(doc, "clean")
    return clean if clean is not None else doc.text
