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


def _model_says(monkeypatch, module, spans):
    """Stand the model's reading of a note in for the packaged model's: `spans` are (text, label) pairs."""

    def entities_of(doc):
        from leadscribe.nlp.extensions import clean_of

        text = clean_of(doc)
        return sorted((text.index(s), text.index(s) + len(s), label) for s, label in spans if s in text)

    monkeypatch.setattr(module, "entities_of", entities_of)


@pytest.mark.parametrize(
    ("text", "spans", "name"),
    [
        ("斯图尔特认为这次合作很顺利", [("斯图尔特", "PER")], "斯图尔特"),  # a transcribed name has no surname
        ("丹尼斯·霍珀下周来公司", [("丹尼斯·霍珀", "PER")], "丹尼斯·霍珀"),
        ("哥说王海涛明天过来", [("哥", "PER"), ("王海涛", "PER")], "王海涛"),  # the first person that looks like one
        ("演员丹尼斯·霍珀下周来公司", [("员丹尼斯·霍珀", "PER")], "丹尼斯·霍珀"),  # the model cut into 演员
        ("所以才让希特勒萌生了恨意", [("希特勒", "PER")], "希特勒"),
        ("今天很高兴见面", [("高兴", "PER")], None),  # an everyday word is nobody's name
        ("那个组件坏了", [("个组件", "PER")], None),
    ],
)
def test_which_model_person_is_the_contact(monkeypatch, text, spans, name):
    from leadscribe.nlp.components import contact

    _model_says(monkeypatch, contact, spans)
    found = extract(text).contact_name
    assert (found.value if found else None) == name


@pytest.mark.parametrize(
    ("text", "spans", "company"),
    [
        ("首例外资行理财亏损案开庭渣打银行败诉", [("渣打银行", "ORG")], "渣打银行"),  # a run of the sentence
        ("挪威峡湾旅游公司的报价", [("湾旅游公司", "ORG")], "挪威峡湾旅游公司"),  # the model cuts a word: rules
        ("首例外资行理财亏损案开庭渣打银行败诉", [], "首例外资行理财亏损案开庭渣打银行"),  # no model name: rules
        ("我们是光明乳业华东区，想了解冷链监控", [], "光明乳业"),  # a short head stands
        ("市场预期中信银行会降息", [("中信银行", "ORG")], "中信银行"),  # an everyday word taken in
        ("门禁系统识别不了人脸", [("门禁系", "ORG")], None),  # a piece of a word is no organisation
    ],
)
def test_the_model_trims_names_found_by_their_ending(monkeypatch, text, spans, company):
    from leadscribe.nlp.components import company as module

    _model_says(monkeypatch, module, spans)
    found = extract(text).company
    assert (found.value if found else None) == company
