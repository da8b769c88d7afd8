"""Builds the spaCy pipeline once: jieba with the domain dictionary, then the registered extractors."""

from __future__ import annotations

import importlib
import logging
import threading

import spacy
from spacy.language import Language

from . import (
    extensions,  # noqa: F401  (registers the Doc extensions before any component runs)
    segment,  # noqa: F401  (registers the tokenizer)
)

log = logging.getLogger(__name__)

# Our components, in order: later ones read what earlier ones found (company uses the contact, industry
# the company and need).
OWN_COMPONENTS = ["hygiene", "phone", "email", "contact", "company", "need", "industry", "flags"]
# The money and time extractors live in their own modules; the pipeline runs without them until they exist.
OPTIONAL_COMPONENTS = [("leadscribe_money", "money"), ("leadscribe_when", "when")]

_lock = threading.Lock()
_nlp: Language | None = None


def _optional(module: str) -> bool:
    try:
        importlib.import_module(f"{__package__}.components.{module}")
    except ImportError as exc:
        log.debug("component %s not available: %s", module, exc)
        return False
    except Exception:  # a broken optional module must not take the other fields down with it
        log.exception("component %s failed to load", module)
        return False
    return True


def build_pipeline() -> Language:
    """A fresh pipeline (slow: loads jieba's dictionary); use get_pipeline() for the shared one."""
    for module in OWN_COMPONENTS:
        importlib.import_module(f"{__package__}.components.{module}")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "leadscribe.jieba_tokenizer.v1"}}})
    for module in OWN_COMPONENTS:
        nlp.add_pipe(f"leadscribe_{module}")
    for factory, module in OPTIONAL_COMPONENTS:
        if _optional(module) and factory in Language.factories:
            nlp.add_pipe(factory)
        else:
            log.warning("%s is not available: its fields stay empty", factory)
    return nlp


def optional_names() -> frozenset[str]:
    """Pipe names of the components built elsewhere (money, time), run under a guard by extract()."""
    return frozenset(factory for factory, _ in OPTIONAL_COMPONENTS)


def get_pipeline() -> Language:
    """The process-wide pipeline, built on first use (thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = build_pipeline()
    return _nlp
