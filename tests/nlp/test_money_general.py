"""Money families the real-language suites showed missing, each proved on sentences written here (never the
suites' own): every currency word, range separators, an order carried to both ends, caps, spoken tails, cents."""

from __future__ import annotations

import pytest

from leadscribe.nlp.components.money import extract_budget


def budget(text: str):
    f = extract_budget(text)
    return None if f is None else f.value


def money(lo, hi, cur="CNY"):
    return {"min": lo, "max": hi, "currency": cur}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # currency words of every market a rep may quote in
        ("对方预算九十万泰铢左右", money(900_000, 900_000, "THB")),
        ("客户愿意出两百万韩元", money(2_000_000, 2_000_000, "KRW")),
        ("报价给了台湾客户新台币 35 万元", money(350_000, 350_000, "TWD")),
        ("俄罗斯那边预算80万卢布", money(800_000, 800_000, "RUB")),
        ("日本客户说预算50万日币", money(500_000, 500_000, "JPY")),
        ("合同额12万元欧元", money(120_000, 120_000, "EUR")),  # 元 before the currency word
        ("预算6000元日元", money(6000, 6000, "JPY")),
        # ranges: separators doubled or with a note between, and the order of the second end carried to the first
        ("预算5万元--8万元", money(50_000, 80_000)),
        ("预算4——6万美元", money(40_000, 60_000, "USD")),
        ("报价20万(含)-30万元", money(200_000, 300_000)),
        ("预算三到四仟美元", money(3000, 4000, "USD")),
        ("预算五~8百欧元", money(500, 800, "EUR")),
        ("预算两三千块", money(2000, 3000)),
        ("预算四六千块", money(4000, 6000)),  # two digits, not neighbours: still a range
        # caps
        ("客户预算小于60万", money(None, 600_000)),
        ("预算少于3万", money(None, 30_000)),
        # a spoken tail of hundreds after 万
        ("报价2万800", money(20_800, 20_800)),
        ("预算3万2", money(32_000, 32_000)),
        # small sums said with a money word are money; cents are dropped to whole units
        ("快递费报价十五元", money(15, 15)),
        ("报价壹拾贰元", money(12, 12)),
        ("报价88元5角", money(88, 88)),
        ("报价二十块五毛", money(20, 20)),
    ],
)
def test_money_family(text, expected):
    assert budget(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "买了3台，每台放在一楼",  # a count
        "电话是400-800-1234",  # a number
        "这个月第8周",  # no money word
        "我们谈了15分钟",
        "客户说5元钱的事不用管",  # below ten units is no deal money
    ],
)
def test_still_not_money(text):
    assert budget(text) is None


@pytest.mark.parametrize("text", ["这家店人均消费58元，环境不错", "买满30元送一杯奶茶", "停车费20元一小时"])
def test_a_small_price_with_no_deal_word_is_no_budget(text):
    assert budget(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what another vendor charges is their price, not the customer's budget
        ("客户说别家只要5万", None),
        ("隔壁那家报价才3万，他们嫌我们贵", None),
        ("友商报了12万", None),
        ("人家才卖八千", None),
        # the customer's own budget next to a competitor stays
        ("他们预算10万，别家报8万", money(100_000, 100_000)),
        ("不想用别家的，预算20万", money(200_000, 200_000)),
    ],
)
def test_a_competitors_price_is_no_budget(text, expected):
    assert budget(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1.2M budget for the district", money(1_200_000, 1_200_000, "USD")),
        ("budget is $3.5M over two years", money(3_500_000, 3_500_000, "USD")),
        ("they approved $2MM", money(2_000_000, 2_000_000, "USD")),
        ("€1.5M for the whole rollout", money(1_500_000, 1_500_000, "EUR")),
        # an M with no currency sign is no money (`3M tape`, `5M pixels`)
        ("他们用的是3M的胶带", None),
        ("camera with 5M pixels", None),
    ],
)
def test_millions_written_with_m(text, expected):
    assert budget(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算60万 12月18号签", money(600_000, 600_000)),
        ("预算两百万 明年3月招标", money(2_000_000, 2_000_000)),
        ("budget $40k 12/20 decision", money(40_000, 40_000, "USD")),
    ],
)
def test_a_date_after_a_space_does_not_swallow_the_amount(text, expected):
    assert budget(text) == expected


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("she said forty grand is the most they can do", None, 40_000),
        ("budget around seventy-five thousand dollars", 75_000, 75_000),
        ("budget capped at 1.5mm. Decision in 3 weeks.", None, 1_500_000),
        ("Lead: Harmon & Co. | budget <$75K | need: AP automation", None, 75_000),
        ("budget maybe 15 to 20k install before July 4", 15_000, 20_000),
    ],
)
def test_english_amounts_said_loosely(text, lo, hi):
    assert budget(text) == money(lo, hi, "USD")


def test_english_words_and_millimetres_that_are_no_money():
    assert budget("one of the two thousand stores") is None
    assert budget("needs 5mm cable for 3M Health") is None
