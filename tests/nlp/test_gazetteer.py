"""Known customers as extraction context: derived short forms, finding them in notes, and `extract` using them.

The names here are new on purpose (none is in the lexicons' examples or the other tests): the rules must
generalise to any registered name, not to the few the code was written against."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from leadscribe.nlp import Gazetteer, KnownContact, KnownCustomer, extract
from leadscribe.nlp.gazetteer import company_forms, contact_forms

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TZ = "Asia/Shanghai"

HENGRUI = KnownCustomer(
    1, "苏州市恒瑞精密机械有限公司", contacts=(KnownContact("邵总", "总"),), phones=("13911112222",)
)
REDWOOD = KnownCustomer(2, "Redwood Dental Group LLC", contacts=(KnownContact("Megan Holloway"),))
JIAHE = KnownCustomer(3, "嘉禾食品", contacts=(KnownContact("邵总", "总"), KnownContact("钱立群", "经理")))
KAISHENG = KnownCustomer(4, "北京凯胜软件有限公司", contacts=(KnownContact("柏文涛", "总"),))
ZHONGMING = KnownCustomer(5, "常州钟鸣电子科技有限公司", contacts=(KnownContact("韦总", "总"),))
HONGTU = KnownCustomer(6, "宏图物流", contacts=(KnownContact("金海洋", "经理"),))
HARBOR = KnownCustomer(7, "Harbor Point Dental Group LLC", contacts=(KnownContact("Dana Whitfield"),))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer([HENGRUI, REDWOOD, JIAHE, KAISHENG, ZHONGMING, HONGTU, HARBOR])


# company_forms ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "苏州市恒瑞精密机械有限公司",
            [
                "苏州市恒瑞精密机械有限公司",
                "苏州市恒瑞精密机械",
                "恒瑞精密机械",
                "苏州恒瑞精密机械",
                "恒瑞精密",
                "恒瑞",
            ],
        ),
        ("恒瑞精密机械", ["恒瑞精密机械", "恒瑞精密", "恒瑞"]),
        ("上海嘉禾食品有限公司", ["上海嘉禾食品有限公司", "上海嘉禾食品", "嘉禾食品", "嘉禾"]),
        ("宁波市海曙区鼎丰电子科技有限公司", None),
    ],
)
def test_chinese_short_forms_drop_place_legal_form_and_kind(name, expected) -> None:
    forms = company_forms(name)
    if expected is not None:
        assert forms == expected
    else:
        # place with district, legal form and two words of kind all come off
        assert forms[0] == name
        assert "鼎丰电子科技" in forms and "鼎丰电子" in forms and "鼎丰" in forms
        assert not any(f.startswith("宁波") for f in forms[2:])


def test_forms_are_longest_first_and_unique() -> None:
    forms = company_forms("北京凯胜软件有限公司")
    assert forms == sorted(forms, key=len, reverse=True)
    assert len(forms) == len(set(forms))
    assert "凯胜" in forms and "北京" not in forms and "软件" not in forms


@pytest.mark.parametrize("name", ["华南建材", "华北电气", "西南医疗器械", "华中物流有限公司"])
def test_a_region_alone_is_never_a_short_form(name) -> None:
    forms = company_forms(name)
    assert name in forms
    for region in ("华南", "华北", "西南", "华中"):
        assert region not in forms


def test_a_place_and_kind_only_name_gives_no_bare_kind_word() -> None:
    forms = company_forms("杭州中天纺织有限公司")
    assert "中天纺织" in forms and "中天" in forms
    assert "纺织" not in forms and "杭州" not in forms


@pytest.mark.parametrize(
    ("name", "must", "must_not"),
    [
        ("Redwood Dental Group LLC", ["Redwood Dental Group", "Redwood Dental"], ["Dental Group", "Group", "LLC"]),
        ("Bayview Medical Group Inc.", ["Bayview Medical Group", "Bayview Medical"], ["Medical Group", "Group"]),
        ("Harbor Point Dental Group LLC", ["Harbor Point Dental Group", "Harbor Point Dental", "Harbor Point"], []),
    ],
)
def test_english_short_forms(name, must, must_not) -> None:
    forms = company_forms(name)
    assert forms[0] == name
    for f in must:
        assert f in forms
    for f in must_not:
        assert f not in forms
    assert not any(f.endswith(("LLC", "Inc.", "Inc")) for f in forms[1:])


def test_contact_forms_add_the_title_form_of_a_full_name() -> None:
    assert contact_forms(KnownContact("柏文涛", "总")) == ["柏文涛", "柏总"]
    assert contact_forms(KnownContact("韦总", "总")) == ["韦总"]
    assert "Dana" in contact_forms(KnownContact("Dana Whitfield"))
    assert contact_forms(KnownContact(None)) == []


# Gazetteer.find -----------------------------------------------------------------------------------------


def test_finds_company_and_contact_with_spans(gaz) -> None:
    text = "恒瑞精密的邵总说要加两台"
    found = gaz.find(text)
    assert [(m.kind, m.text) for m in found] == [("company", "恒瑞精密"), ("contact", "邵总")]
    company, contact = found
    assert text[company.start : company.end] == "恒瑞精密"
    assert text[contact.start : contact.end] == "邵总"
    assert company.customer_ids == {1}
    assert contact.customer_ids == {1, 3}  # two customers have a 邵总: both are candidates


def test_longest_form_wins_at_a_place(gaz) -> None:
    found = gaz.find("昨天去了恒瑞精密机械")
    assert [m.text for m in found] == ["恒瑞精密机械"]
    assert gaz.find("恒瑞那边预算涨了")[0].text == "恒瑞"


def test_a_title_form_inside_a_longer_title_is_not_a_match(gaz) -> None:
    assert gaz.find("邵总监说下周再谈") == []
    assert [m.text for m in gaz.find("邵总说下周再谈")] == ["邵总"]
    assert gaz.find("韦总监说下周再谈") == []


def test_a_full_name_is_found_by_its_title_form_too(gaz) -> None:
    found = gaz.find("柏总说方案要改")
    assert [(m.kind, m.text, m.customer_ids) for m in found] == [("contact", "柏总", frozenset({4}))]


def test_latin_names_match_whole_words_only(gaz) -> None:
    assert [m.text for m in gaz.find("Talked to Redwood today")] == ["Redwood"]
    assert gaz.find("Redwoods are tall") == []
    assert gaz.find("Harborview called") == []
    assert gaz.find("xRedwood") == []
    found = gaz.find("Redwood Dental Group wants a portal")
    assert [(m.kind, m.text) for m in found] == [("company", "Redwood Dental Group")]


def test_latin_names_ignore_case(gaz) -> None:
    found = gaz.find("met the REDWOOD DENTAL folks")
    assert [m.text for m in found] == ["REDWOOD DENTAL"]  # as written in the note
    assert found[0].customer_ids == {2}


def test_a_homophone_matches_only_by_sound(gaz) -> None:
    assert gaz.find("衡瑞那边说") == []
    found = gaz.find("衡瑞那边说", by_sound=True)
    assert [(m.kind, m.text, m.by_sound, m.customer_ids) for m in found] == [("company", "衡瑞", True, frozenset({1}))]
    longer = gaz.find("恒睿精密要报价", by_sound=True)
    assert longer[0].text == "恒睿精密" and longer[0].by_sound


def test_by_sound_still_prefers_the_written_name(gaz) -> None:
    found = gaz.find("恒瑞精密要报价", by_sound=True)
    assert found[0].text == "恒瑞精密" and not found[0].by_sound


def test_unknown_text_finds_nothing(gaz) -> None:
    assert gaz.find("今天好累，路上堵车") == []
    assert gaz.find("今天好累，路上堵车", by_sound=True) == []
    assert Gazetteer().find("恒瑞精密") == []


def test_by_phone(gaz) -> None:
    assert gaz.by_phone(["13911112222"]) == {1}
    assert gaz.by_phone(["13900000000"]) == set()


# extract with a gazetteer -------------------------------------------------------------------------------


def _ex(text: str, gaz: Gazetteer | None, by_sound: bool = False):
    return extract(text, NOW, TZ, gaz, by_sound)


def _value(f):
    return None if f is None else f.value


def test_a_known_short_form_becomes_the_company(gaz) -> None:
    text = "恒瑞那边预算提到80万了"
    ex = _ex(text, gaz)
    assert _value(ex.company) == "恒瑞"
    assert text[ex.company.start : ex.company.end] == "恒瑞"
    assert ex.contact_name is None


def test_a_known_short_form_is_never_the_contact(gaz) -> None:
    text = "钟鸣说下周签合同"
    assert _value(_ex(text, None).contact_name) == "钟鸣"  # without context it reads as a person
    ex = _ex(text, gaz)
    assert _value(ex.company) == "钟鸣"
    assert ex.contact_name is None


def test_a_known_short_form_before_a_title_splits_company_and_contact(gaz) -> None:
    ex = _ex("钟鸣韦总说下周签合同", gaz)
    assert _value(ex.company) == "钟鸣"
    assert _value(ex.contact_name) == "韦总"


def test_a_known_short_form_is_never_a_competitor(gaz) -> None:
    text = "客户在和凯胜对比，价格比我们低"
    assert "凯胜" in [c.value for c in _ex(text, None).competitors]
    ex = _ex(text, gaz)
    assert _value(ex.company) == "凯胜"
    assert [c.value for c in ex.competitors] == []
    assert not any(f.kind == "competitor" and f.competitor == "凯胜" for f in ex.flags)


def test_an_unknown_competitor_stays_a_competitor(gaz) -> None:
    ex = _ex("今天去钟鸣电子拜访了韦总，他们在和海康对比", gaz)
    assert _value(ex.company) == "钟鸣电子"
    assert _value(ex.contact_name) == "韦总"
    assert [c.value for c in ex.competitors] == ["海康"]


def test_a_known_contact_is_never_a_company(gaz) -> None:
    text = "金海洋公司要再报个价"
    assert _value(_ex(text, None).company) == "金海洋公司"  # without context it reads as an organisation
    ex = _ex(text, gaz)
    assert ex.company is None
    assert _value(ex.contact_name) == "金海洋"


def test_a_known_contact_alone_is_the_contact(gaz) -> None:
    ex = _ex("钱立群说预算又加了10万", gaz)
    assert _value(ex.contact_name) == "钱立群"
    assert ex.company is None
    assert [m.customer_ids for m in ex.mentions] == [frozenset({3})]


def test_english_known_names(gaz) -> None:
    ex = _ex("Redwood wants a demo next Tuesday, budget $20k", gaz)
    assert _value(ex.company) == "Redwood"
    assert _value(_ex("Redwood wants a demo next Tuesday, budget $20k", None).company) is None
    ex = _ex("Dana Whitfield said Harbor Point wants 5 seats", gaz)
    assert _value(ex.company) == "Harbor Point"
    assert _value(ex.contact_name) == "Dana Whitfield"
    ex = _ex("Harbor Point is comparing us with Dentrix", gaz)
    assert _value(ex.company) == "Harbor Point"
    assert "Harbor Point" not in [c.value for c in ex.competitors]


def test_a_homophone_is_the_company_only_by_sound(gaz) -> None:
    text = "衡瑞那边预算提到80万了"
    assert _ex(text, gaz).company is None
    ex = _ex(text, gaz, by_sound=True)
    assert _value(ex.company) == "衡瑞"  # as it was written (transcribed), pointing at customer 1
    assert ex.mentions[0].customer_ids == {1} and ex.mentions[0].by_sound


def test_a_longer_title_is_not_the_known_contact(gaz) -> None:
    ex = _ex("邵总监说想要一套ERP", gaz)
    assert not any(m.kind == "contact" for m in ex.mentions)
    assert _value(ex.contact_name) != "邵总"


def test_an_empty_gazetteer_changes_nothing() -> None:
    text = "钟鸣说下周签合同"
    a, b = _ex(text, None), _ex(text, Gazetteer())
    assert (_value(a.company), _value(a.contact_name)) == (_value(b.company), _value(b.contact_name))


def test_a_district_and_a_distinctive_piece_of_the_name_are_short_forms():
    from leadscribe.nlp.gazetteer import Gazetteer, KnownCustomer, company_forms

    assert "桂花" in company_forms("成都青羊区桂花社区卫生服务中心")
    known = Gazetteer([KnownCustomer(7, "南昌赣江云帆软件有限公司"), KnownCustomer(8, "天津滨海泰和汽配厂")])
    # a piece of one registered name, said as a word of its own
    assert [(m.text, set(m.customer_ids)) for m in known.find("云帆那边说预算批了")] == [("云帆", {7})]
    assert [m.text for m in known.find("泰和的采购说下周签")] == ["泰和"]
    # everyday words inside a name (`软件`, `汽配`) name nobody
    assert known.find("软件那边说预算批了") == []
    assert known.find("汽配城今天人很多") == []


def test_another_organisation_holding_a_short_form_is_not_the_customer():
    from leadscribe.nlp.gazetteer import Gazetteer, KnownCustomer

    known = Gazetteer([KnownCustomer(3, "兰州金城农商银行"), KnownCustomer(4, "东莞宏图精密模具有限公司")])
    short = extract("金城农商行那边说下周投标", NOW, "Asia/Shanghai", known)
    assert [set(m.customer_ids) for m in short.mentions] == [{3}]
    other = extract("宏图物流的焦总想要一套TMS", NOW, "Asia/Shanghai", known)
    assert other.company is not None and other.company.value == "宏图物流"
    assert other.mentions == []


def test_english_names_are_known_by_their_first_words():
    from leadscribe.nlp.gazetteer import company_forms

    assert "Bramblewood" in company_forms("Bramblewood Unified School District")
    assert "Copper Creek" in company_forms("Copper Creek Senior Living")
    assert "St. Ansgar" in company_forms("St. Ansgar Medical Center")
    # a first word that names no one stays a part of the name
    assert "First" not in company_forms("First Harbor Credit Union")


def test_a_numbered_peoples_hospital_is_known_by_its_number():
    from leadscribe.nlp.gazetteer import company_forms

    forms = company_forms("洛阳市第五人民医院")
    assert "洛阳五院" in forms and "五院" in forms


def test_a_government_body_is_known_by_what_it_does():
    assert company_forms("滨江区城管局") == ["滨江区城管局", "城管局"]
    lead = _ex("城管局那个项目没中标", Gazetteer([KnownCustomer(9, "滨江区城管局")]))
    assert _value(lead.company) == "城管局" and any(9 in m.customer_ids for m in lead.mentions)


def test_a_known_name_is_who_buys_never_what_is_bought():
    known = Gazetteer([KnownCustomer(10, "Harborview Brewing Co", contacts=(KnownContact("Tessa Lund"),))])
    lead = _ex("Tessa just sent over the signed PO for Harborview!!", known)
    assert lead.need is None and _value(lead.company) == "Harborview"
