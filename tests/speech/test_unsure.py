"""Words Whisper was unsure of are shown in [brackets], through the corrections (speech/unsure.py), on the real
model and clips too: the character the base model gets wrong is one it marks, and marking never changes the
transcript."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscribe import speech
from leadscribe.speech.unsure import Word, bracket, carry, char_probabilities

VOICE = Path(__file__).resolve().parents[1] / "data" / "voice"


def test_unsure_characters_are_bracketed_and_survive_a_correction():
    words = [Word("青院", 0.3), Word("一中", 0.9), Word("的孔", 0.95), Word("主任", 0.92)]
    raw, probs = char_probabilities(words, str)
    assert raw == "青院一中的孔主任" and probs[:2] == [0.3, 0.3]
    # a correction rewrote the unsure name and added a comma: the rewrite stays marked, the comma is not Whisper's
    final = "清远一中的，孔主任"
    assert bracket(final, carry(raw, probs, final)) == "[清远]一中的，孔主任"
    assert bracket("一中", [False, False]) == "一中"


@pytest.mark.slow
def test_the_real_model_marks_the_character_it_got_wrong():
    result = speech.transcribe(VOICE / "aishell1_BAC009S0764W0121.wav")
    assert result.shown.replace("[", "").replace("]", "") == result.text
    reference = "甚至出现交易几乎停滞的情况"
    wrong = [i for i, (a, b) in enumerate(zip(result.text, reference, strict=False)) if a != b]
    assert len(result.text) == len(reference) and wrong, "the base model mishears this clip"
    inside = [i for i, _ in enumerate(result.text) if _bracketed(result.shown, i)]
    assert set(wrong) <= set(inside) and len(inside) <= 3  # the errors, and little else


def _bracketed(shown: str, index: int) -> bool:
    """Whether the `index`-th character of the unmarked text sits inside brackets in `shown`."""
    inside, seen = False, -1
    for ch in shown:
        if ch in "[]":
            inside = ch == "["
            continue
        seen += 1
        if seen == index:
            return inside
    return False
