"""North American numbers as English-speaking reps write them, kept as the ten-digit national number."""

from __future__ import annotations

import pytest

from leadscribe.nlp.components.phone import find_phones


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Reach Dana at (312) 555-0199 after 3pm", ["3125550199"]),
        ("her cell is 415-555-0142", ["4155550142"]),
        ("office: 212.555.0187, ask for Ken", ["2125550187"]),
        ("+1 646 555 0110 is the main line", ["6465550110"]),
        ("new number +1 (617) 555-0133", ["6175550133"]),
        ("1-800-555-0175 is their support line", ["8005550175"]),
    ],
)
def test_north_american_formats(text: str, want: list[str]) -> None:
    assert [f.value for f in find_phones(text)] == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("电话021-58881234", ["02158881234"]),
        ("客服热线400-820-1234", ["4008201234"]),
        ("手机139 1234 5678", ["13912345678"]),
        ("budget 150-200k, decision 2026-12-05", []),
        ("they have 120 stores and 450 staff", []),
    ],
)
def test_other_numbers_unchanged(text: str, want: list[str]) -> None:
    assert [f.value for f in find_phones(text)] == want


def test_ten_digits_run_together_in_an_english_note():
    assert [f.value for f in find_phones("his cell is 6175550143 wants a quote")] == ["6175550143"]
    assert [f.value for f in find_phones("Olivia, Sunrise Realty Partners, 8055550123, wants a tool")] == ["8055550123"]
    assert find_phones("order 4155550123 shipped late today") == []  # labelled as another number
    assert find_phones("Budget 2000000000 for the new plant") == []  # no area code starts with 2-0-0-0
