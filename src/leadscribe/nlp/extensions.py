"""The Doc extensions every extraction component shares: the result, the clock and the cleaned text."""

from __future__ import annotations

from spacy.tokens import Doc

from .types import Extraction

# force=True: re-importing (tests, reloads) must not fail on an existing extension.
Doc.set_extension("lead", default=None, force=True)  # Extraction being filled
Doc.set_extension("now", default=None, force=True)  # tz-aware datetime in the user's zone
Doc.set_extension("clean", default=None, force=True)  # normalised text, same length as doc.text
Doc.set_extension("speaker", default=None, force=True)  # (start, end) of a forwarded message's sender
Doc.set_extension("raw", default=None, force=True)  # the text as sent, when the Doc was made from clean text
Doc.set_extension("offsets", default=None, force=True)  # cached (start, end) of every token


def token_offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each token, computed once per doc: iterating a Doc is slow in a hot loop."""
    if doc._.offsets is None:
        doc._.offsets = [(t.idx, t.idx + len(t)) for t in doc]
    return doc._.offsets


def lead_of(doc: Doc) -> Extraction:
    """The doc's Extraction, created on first use so that any component may run first."""
    if doc._.lead is None:
        doc._.lead = Extraction(text=raw_of(doc))
    return doc._.lead


def raw_of(doc: Doc) -> str:
    """The text as the user sent it (same length as doc.text)."""
    return doc._.raw if doc._.raw is not None else doc.text


def clean_of(doc: Doc) -> str:
    """The normalised text when hygiene ran, else the raw text (same coordinates either way)."""
    return doc._.clean if doc._.clean is not None else doc.text
