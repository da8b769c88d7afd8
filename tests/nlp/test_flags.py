"""Flags with negation, and competitors as written (a chat channel is not one)."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract


def flags(text: str) -> list[str]:
    return sorted(extract(text).to_schema()["flags"])


def competitors(text: str) -> list[str]:
    return extract(text).to_schema()["competitors"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客户嫌贵，要求再降5个点，不然就找别家。", ["competitor", "price_objection"]),
        ("学校经费有限，只有十万，报价实在太高了", ["price_objection"]),
        ("集团暂停所有新采购，我们的项目先冻结", ["delay"]),
        ("冷链车温控老是出问题，这个月已经坏了三次", ["complaint"]),
        ("续费的事先放一放，巡店APP经常闪退，意见很大", ["complaint", "delay"]),
    ],
)
def test_cues(text, expected):
    assert flags(text) == expected


@pytest.mark.parametrize(
    "text",
    ["李经理说价格不是问题，关键看效果。", "他说我们不贵，项目也不会推迟。", "这次没看别家，直接找我们。"],
)
def test_negated_cues_do_not_flag(text):
    assert flags(text) == []


def test_named_competitors_longest_name_first():
    assert competitors("他们从华为云迁到阿里云或者我们这边") == ["华为云", "阿里云"]
    assert flags("他们从华为云迁到阿里云") == ["competitor"]


def test_channel_used_to_talk_is_not_a_competitor():
    assert competitors("周老板让我把资料用钉钉发给他，我已经发过去了。") == []
    assert competitors("加了刘老师的企业微信，后面就在企业微信上沟通。") == []


def test_channel_considered_instead_of_us_is_a_competitor():
    assert competitors("他们也在考虑直接用钉钉，预算五万") == ["钉钉"]


def test_incumbent_vendor_is_a_competitor():
    assert flags("赵总说原来用的是康耐视，想换") == ["competitor"]


def test_unnamed_competitor_gives_the_flag_but_no_name():
    lead = extract("友商那边也在跟，下周出方案")
    assert lead.to_schema()["flags"] == ["competitor"]
    assert lead.competitors == []


def test_latin_competitor_needs_word_edges():
    assert competitors("这次会对比GE和联影的方案") == ["GE", "联影"]
    assert competitors("GET请求超时了") == []


def test_a_competitor_that_is_the_customer_is_not_flagged():
    lead = extract("华为的王总想采购一套会议系统").to_schema()
    assert lead["company"] == "华为"
    assert lead["competitors"] == [] and lead["flags"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刘总说先不急，等董事会开完了再定", ["delay"]),
        ("周经理反映你们去年装的闸机经常失灵", ["complaint"]),
        ("你们的平台又报错了，今天第三次", ["complaint"]),
        ("我们厂里经常断电，设备能带UPS吗", []),  # a question about their site, no complaint
        ("等下我再打给他", []),  # 等下 is "in a moment", no deferral
    ],
)
def test_deferral_and_malfunction_wording(text, expected):
    assert flags(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("邱老师说今年经费已经花完了，下个月中旬再谈", ["price_objection", "delay"]),
        ("他说明年的项目再做规划", []),  # 的: a plan about next year, not a deferral
    ],
)
def test_spent_budget_and_a_deferral_with_a_date_in_between(text, expected):
    assert sorted(flags(text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "kinds", "names"),
    [
        ("they are on Toast now and it keeps going down", ["competitor"], ["Toast"]),
        ("staying with Geotab this year, no budget for a switch", ["competitor", "price_objection"], ["Geotab"]),
        ("Comp: Hillrom. Notes: price ok, no objections.", ["competitor"], ["Hillrom"]),
        ("they got a quote from Insight that was cheaper", ["competitor", "price_objection"], ["Insight"]),
        ("comparing our proposal against Emerson and Yokogawa", ["competitor"], ["Emerson", "Yokogawa"]),
        ("currently using blue yonder and hate it", ["competitor"], ["blue yonder"]),
        ("the rendering farm purchase is not delayed", [], []),
        ("no complaints about the pilot though", [], []),
        ("evaluating us vs. competitors, didn't name them", ["competitor"], []),
        ("no competitor in the picture", [], []),
        ("price was a sticking point", ["price_objection"], []),
        ("wants to wait until after the summer", ["delay"], []),
        ("board pushed the vote on the tutoring platform to April 22", ["delay"], []),
    ],
)
def test_english_cues_in_other_styles(text, kinds, names):
    assert sorted(flags(text)) == sorted(kinds)
    assert competitors(text) == names
