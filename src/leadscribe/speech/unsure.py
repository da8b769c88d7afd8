"""What Whisper was unsure of, carried through the corrections and shown in brackets, so that a rep sees at a
glance which words of a voice note to check (`[亲远]一中的孔主任…`)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

UNSURE = 0.5  # a word Whisper gave a lower probability is shown marked
OPEN, CLOSE = "[", "]"
WINDOW_FRAMES = 3000  # Whisper's 30 s window in log-mel frames; a longer note is shown unmarked


@dataclass(frozen=True)
class Word:
    word: str
    probability: float


def word_probabilities(model: Any, samples: Any, tokens: list[int]) -> list[Word]:
    """Each word of the decoded `tokens` with the probability the model gives it when made to read them back
    against the audio (faster-whisper's alignment pass, as its word timestamps use)."""
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer

    features = model.feature_extractor(samples)
    frames = features.shape[-1]
    if not tokens or frames > WINDOW_FRAMES:
        return []
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language="zh")
    text_tokens = [t for t in tokens if t < tokenizer.eot]
    encoded = model.encode(pad_or_trim(features))
    [aligned] = model.find_alignment(tokenizer, [text_tokens], encoded, frames)
    return [Word(w["word"], float(w["probability"])) for w in aligned]


def char_probabilities(words: Sequence[Any], convert: Callable[[str], str]) -> tuple[str, list[float]]:
    """The words' text (each converted on its own) and one probability per character of it."""
    text, probs = "", []
    for word in words:
        piece = convert(word.word)
        text += piece
        probs += [float(word.probability)] * len(piece)
    return text, probs


def carry(raw: str, probs: list[float], final: str) -> list[bool]:
    """For each character of `final` (the raw text after the corrections), whether it comes from an unsure
    stretch of `raw`. A correction that replaced unsure characters stays marked; what a correction added (a
    comma, a unit) is not Whisper's and is never marked."""
    marks = [False] * len(final)
    matcher = difflib.SequenceMatcher(None, raw, final, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                marks[j1 + k] = probs[i1 + k] < UNSURE
        elif op == "replace":
            unsure = any(p < UNSURE for p in probs[i1:i2])
            marks[j1:j2] = [unsure] * (j2 - j1)
    return marks


def bracket(text: str, marks: list[bool]) -> str:
    """`text` with each run of marked characters in brackets (spaces and punctuation never open one)."""
    out, inside = [], False
    for ch, marked in zip(text, marks, strict=True):
        marked = marked and not (ch.isspace() or _punct(ch))
        if marked and not inside:
            out.append(OPEN)
        elif not marked and inside:
            out.append(CLOSE)
        inside = marked
        out.append(ch)
    if inside:
        out.append(CLOSE)
    return "".join(out)


def _punct(ch: str) -> bool:
    return ch in "，。！？、；：,.!?;:" or ch in "“”‘’\"'（）()"
