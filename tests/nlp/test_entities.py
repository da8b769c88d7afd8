"""The packaged character-level NER model: it loads offline from package data, and rules decide roles on top of
its spans (a bare name with no title or cue becomes the contact; noise and notes about nobody stay empty)."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.entities import bio_spans, model


def test_the_model_ships_with_the_package():
    tagger = model()
    assert tagger is not None and set(tagger.get_pipe("tagger").labels) >= {"B-PER", "I-PER", "B-ORG", "I-ORG", "O"}


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "I-ORG"], [(0, 2, "PER"), (3, 6, "ORG")]),
        (["I-ORG", "I-ORG", "O"], [(0, 2, "ORG")]),  # an I- without its B- still starts a span
        (["B-PER", "B-PER", "I-ORG"], [(0, 1, "PER"), (1, 2, "PER"), (2, 3, "ORG")]),
        (["O", "O"], []),
    ],
)
def test_bio_tags_to_spans(tags, spans):
    assert bio_spans(tags) == spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("下午见了孙丽华，她负责采购", "孙丽华"),  # no title, no cue word: only the model knows it is a person
        ("刘德明认为明年的预算会增加", "刘德明"),
    ],
)
def test_a_bare_name_is_the_contact(text, name):
    found = extract(text).contact_name
    assert found is not None and found.value == name


@pytest.mark.parametrize("text", ["今天好累", "test", "下午开会讨论ERP的事"])
def test_a_note_about_nobody_names_nobody(text):
    lead = extract(text)
    assert lead.contact_name is None and lead.company is None


def test_rules_still_decide_when_they_find_the_contact():
    lead = extract("和招商银行的李经理约了周五")
    assert lead.contact_name.value == "李经理" and lead.company.value == "招商银行"
