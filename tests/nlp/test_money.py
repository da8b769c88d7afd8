"""Budget rules of SCHEMA.md: units, ranges, caps, currencies, customer budget over quote, non-money numbers."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.components.money import extract_budget
from leadscribe.nlp.components.money_numbers import chinese_to_number


def budget(text: str):
    f = extract_budget(text)
    return None if f is None else f.value


def cny(lo, hi):
    return {"min": lo, "max": hi, "currency": "CNY"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算300万", cny(3_000_000, 3_000_000)),
        ("预算三百万", cny(3_000_000, 3_000_000)),
        ("预算1.2亿", cny(120_000_000, 120_000_000)),
        ("预算大概5w", cny(50_000, 50_000)),
        ("3w左右", cny(30_000, 30_000)),
        ("20k一年，她说可以", cny(20_000, 20_000)),
        ("预算三万五", cny(35_000, 35_000)),
        ("预算金额肆佰伍拾万元", cny(4_500_000, 4_500_000)),
        ("预算约45万", cny(450_000, 450_000)),
        ("预算大约八百万", cny(8_000_000, 8_000_000)),
        ("总价一百零五万", cny(1_050_000, 1_050_000)),
    ],
)
def test_single_amounts(text, expected):
    assert budget(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算80万-120万", cny(800_000, 1_200_000)),
        ("预算300-500万", cny(3_000_000, 5_000_000)),
        ("预算在80到100万之间", cny(800_000, 1_000_000)),
        ("预算两三百万", cny(2_000_000, 3_000_000)),
        ("总价在四五百万", cny(4_000_000, 5_000_000)),
        ("预算一百到一百五十万", cny(1_000_000, 1_500_000)),
        ("预算大概八十到一百二十万吧", cny(800_000, 1_200_000)),
    ],
)
def test_ranges(text, expected):
    assert budget(text) == expected


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("预算5w以内", 50_000),
        ("总预算不超过150万", 1_500_000),
        ("老板说最多15k", 15_000),
        ("最多能给到二十万", 200_000),
        ("预算控制在30万以内", 300_000),
        ("预算大概在一百万以内", 1_000_000),
    ],
)
def test_caps_set_only_max(text, cap):
    assert budget(text) == cny(None, cap)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算大概USD 200k", {"min": 200_000, "max": 200_000, "currency": "USD"}),
        ("预算5万美元", {"min": 50_000, "max": 50_000, "currency": "USD"}),
        ("预算SGD 80k左右", {"min": 80_000, "max": 80_000, "currency": "SGD"}),
        ("预算USD 120k-150k", {"min": 120_000, "max": 150_000, "currency": "USD"}),
        ("预算不超过£200,000", {"min": None, "max": 200_000, "currency": "GBP"}),
        ("报价€30k可以接受", {"min": 30_000, "max": 30_000, "currency": "EUR"}),
    ],
)
def test_currencies(text, expected):
    assert budget(text) == expected


def test_total_beats_unit_price():
    assert budget("单价380，要500台，总共19万") == cny(190_000, 190_000)
    assert budget("单价800元，总价240万左右") == cny(2_400_000, 2_400_000)
    assert budget("单价28万一台，一共15台，总价420万") == cny(4_200_000, 4_200_000)
    assert budget("大概两万只 单价一百八 总共三百六十万") == cny(3_600_000, 3_600_000)


def test_customer_budget_beats_our_quote():
    assert budget("只有十万，你们那个报价二十八万实在太高了") == cny(100_000, 100_000)
    assert budget("预算只有60万，我们报了95万") == cny(600_000, 600_000)
    assert budget("我们的报价是9.8万") == cny(98_000, 98_000)


@pytest.mark.parametrize(
    "text",
    ["400电话", "再降20%", "不良率3%", "十家门店", "座席200个", "三千间客房", "60台监护仪", "手机13917284455",
     "12月20号交付", "下午三点", "这个月业绩还差三百万", "大概两万只"],
)  # fmt: skip
def test_not_money(text):
    assert budget(text) is None


def test_span_and_pipeline():
    text = "客户预算二十万左右"
    f = extract_budget(text)
    assert f is not None and text[f.start : f.end].startswith("二十万")
    assert extract(text).to_schema()["budget"] == cny(200_000, 200_000)


@pytest.mark.parametrize(("cn", "value"), [("三百二十", 320), ("一百八", 180), ("两千", 2000), ("三千万", 30_000_000)])
def test_chinese_numerals(cn, value):
    assert chinese_to_number(cn) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("单价4.5万一台，要16台，年前交货", cny(720_000, 720_000)),
        ("他们准备采购40套，每套2000元", cny(80_000, 80_000)),
        ("6千/台，一共要五十台", cny(300_000, 300_000)),
        ("单价900，总共18万，要200台", cny(180_000, 180_000)),  # a stated total wins
        ("每套3万，要20台", cny(30_000, 30_000)),  # 套 and 台 are different items: no product
        ("每年5万，他们有八个门店", cny(50_000, 50_000)),  # a yearly rate is not a price per item
    ],
)
def test_unit_price_times_quantity_when_no_total_is_said(text, expected):
    assert budget(text) == expected


@pytest.mark.parametrize("text", ["万科物业的周经理", "万一客户不同意呢", "千万别忘了带合同", "亿达科技的陈总"])
def test_a_unit_character_without_a_number_is_no_money(text):
    assert budget(text) is None


def test_a_bare_hundred_thousand_after_a_budget_cue_is_money():
    assert budget("预算百万级别") == cny(1_000_000, 1_000_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算八千", cny(8_000, 8_000)),
        ("合同金额约50000", cny(50_000, 50_000)),
        ("大概三十台，单价六千左右", cny(180_000, 180_000)),
        ("报价12", None),  # too small to be money
        ("总共3台", None),
        ("合同下周一三千份资料要印", None),  # the money word is not right before the number
    ],
)
def test_a_bare_number_right_after_a_money_word_is_money(text, expected):
    assert budget(text) == expected
