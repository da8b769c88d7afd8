"""Person and organisation spans from the small trained model in models/ner/ (train/ner/ makes it again).

Rules decide roles on top (which person is the contact, which organisation the customer); the model is asked
only when the rules found nothing, once per message, on the cleaned text, character by character."""

from __future__ import annotations

import threading
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import _get, clean_of

MODEL_DIR = Path(__file__).parent / "models" / "ner"

Doc.set_extension("entities", default=None, force=True)  # [(start, end, label)] of the model, once computed

_lock = threading.Lock()
_model: Language | None = None


def model() -> Language | None:
    """The packaged model, loaded on first use (None when the package was built without it)."""
    global _model
    if _model is None and (MODEL_DIR / "config.cfg").is_file():
        with _lock:
            if _model is None:
                _model = spacy.load(MODEL_DIR)
    return _model


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO tags (B-PER, I-PER, O…) to (start, end, label) index spans; an I- without its B- starts one too."""
    out: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if start is not None and (kind != "I" or name != label):
            out.append((start, i, label))
            start = None
        if kind == "B" or (kind == "I" and start is None):
            start, label = i, name
    return out


def entities_of(doc: Doc) -> list[tuple[int, int, str]]:
    """The model's (start, end, label) spans in the doc's cleaned text, computed once per doc."""
    found = _get(doc, "entities")
    if found is None:
        tagger = model()
        found = []
        if tagger is not None:
            chars = tagger(clean_of(doc))  # one token per character
            found = [
                (chars[a].idx, chars[b - 1].idx + len(chars[b - 1]), lab)
                for a, b, lab in bio_spans([t.tag_ for t in chars])
            ]
        doc._.entities = found
    return found
