"""Length-preserving clean-up of chat text so that every later span is also a span of the original."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import lead_of, raw_of
from ..moment import resolve_now
from ..names import FORWARD_MARK

MAX_CHARS = 2000
CAP_WARNING = "input longer than {limit} characters: only the first {limit} were read"

# Chat placeholders (`[图片]`, `[语音]`, `[微笑]`) and forwarding marks carry no lead data.
_PLACEHOLDER = re.compile(rf"\[[^\[\]\s]{{1,6}}\]|{FORWARD_MARK.pattern}", re.IGNORECASE)
_FORWARD = FORWARD_MARK
_APOSTROPHE = re.compile(r"(?<=[A-Za-z])['’](?=[A-Za-z])")
_QUOTES = frozenset("“”‘’\"'「」『』〝〞`")
# The sender of a forwarded message: `【转发】华茂物业 曾经理：…`.
_SPEAKER = re.compile(r"([^\s:,.;!?。，；！？][^:\n,.;!?。，；！？]{0,29}?)\s*:")
_SPEAKER_WINDOW = 40


def _half_width(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return ch


def _blank(ch: str) -> bool:
    """Emoji, symbols, controls and quotes become spaces."""
    if ch in _QUOTES:
        return True
    cat = unicodedata.category(ch)
    if cat in ("So", "Cs", "Co", "Cn") or (cat[0] == "C" and ch not in "\n"):
        return True
    return ch in "\u200d\ufe0f\ufe0e"


@cache
def _clean_char(ch: str) -> str:
    """One character's clean form (memoised: chat text repeats a small alphabet)."""
    return " " if _blank(ch) else _half_width(ch)


def _simplified(text: str) -> str:
    """Traditional characters (speech recognisers emit them) to simplified, keeping the length."""
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in text)


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Full-width to half-width, traditional to simplified; emoji, quotes and placeholders to spaces.

    The result has the length of the input, so every span found in it is a span of the input.
    """
    chars = [_clean_char(c) for c in text]
    for m in _APOSTROPHE.finditer(text):
        chars[m.start()] = "'"  # `O'Brien`, `Russo's`, `they're`: part of the word, not a quote
    for m in _PLACEHOLDER.finditer(text):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return _simplified("".join(chars))


def cap_text(text: str, limit: int = MAX_CHARS) -> tuple[str, str | None]:
    """The text cut to `limit` characters and a warning when cut (before tokenising: jieba is linear)."""
    if len(text) <= limit:
        return text, None
    return text[:limit], CAP_WARNING.format(limit=limit)


def speaker_span(raw: str, clean: str) -> tuple[int, int] | None:
    """Where the sender's name of a forwarded message (`【转发】X：`) is, if the message is one."""
    if not _FORWARD.search(raw[:20]):
        return None
    offset = len(clean) - len(clean.lstrip())
    # A bounded window: the sender is short, and the regex must not crawl long blank input.
    m = _SPEAKER.match(clean[offset : offset + _SPEAKER_WINDOW])
    return (offset + m.start(1), offset + m.end(1)) if m else None


@Language.factory(
    "leadscribe_hygiene",
    default_config={"max_chars": MAX_CHARS},
    assigns=["doc._.clean", "doc._.speaker", "doc._.now"],
)
def make_hygiene(nlp: Language, name: str, max_chars: int) -> Hygiene:
    return Hygiene(max_chars)


class Hygiene:
    """Sets doc._.clean (normalised text), doc._.speaker, doc._.now if unset, and a warning for long docs."""

    def __init__(self, max_chars: int = MAX_CHARS) -> None:
        self.max_chars = max_chars

    def __call__(self, doc: Doc) -> Doc:
        lead = lead_of(doc)
        raw = raw_of(doc)
        if len(raw) > self.max_chars and not lead.warnings:
            lead.warnings.append(CAP_WARNING.format(limit=self.max_chars))
        if doc._.clean is None:  # extract() sets it; nlp(text) called directly does not
            doc._.clean = doc.text if doc._.raw is not None else normalise(raw)
        doc._.speaker = speaker_span(raw, doc._.clean)
        if doc._.now is None:  # nlp(text) called directly: the time extractor still needs a clock
            doc._.now = resolve_now()
        return doc
