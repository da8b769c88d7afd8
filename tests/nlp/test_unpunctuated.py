"""Robustness to transcribed speech: no brackets, pauses as commas, numbers read aloud."""

from __future__ import annotations

from datetime import datetime

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.components.money_numbers import chinese_to_number

NOW = datetime.fromisoformat("2026-11-24T10:00:00+08:00")  # a Tuesday


def _lead(text: str) -> dict:
    return extract(text, NOW).to_schema()


def test_spoken_forward_word_is_no_part_of_the_company():
    lead = _lead("转发星河物流有限公司孙经理说冷库温度不稳定")
    assert lead["company"] == "星河物流有限公司"
    assert lead["contact_name"] == "孙经理"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("下周四，我过去拜访一下周总", "2026-12-03"),
        ("方案他们看过了。这周五, 我带技术去做个演示", "2026-11-27"),
    ],
)
def test_time_set_off_by_a_pause_belongs_to_the_next_clause(text, day):
    assert _lead(text)["follow_up"] == day


def test_time_set_off_by_a_pause_can_be_a_milestone():
    assert _lead("明年三月，他们正式招标")["key_date"] == {"start": "2027-03-01", "end": "2027-03-31"}


def test_a_time_in_its_own_sentence_stays_unassigned():
    assert _lead("下周四。我们再看吧")["follow_up"] is None


@pytest.mark.parametrize(("word", "value"), [("一点五", 1.5), ("二点三五", 2.35), ("十二点五", 12.5)])
def test_chinese_decimal(word, value):
    assert chinese_to_number(word) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("项目预算一点八亿", 180_000_000), ("这单合同额三点五万", 35_000), ("报价十二点五万", 125_000)],
)
def test_spoken_decimal_amounts(text, amount):
    budget = _lead(text)["budget"]
    assert (budget["min"], budget["max"]) == (amount, amount)


def test_spoken_decimal_is_no_clock_time():
    lead = _lead("合同额二点六亿这周五上午我过去对一下细节")
    assert lead["follow_up"] == "2026-11-27"
    assert lead["budget"]["max"] == 260_000_000


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("明天两点四十我去拜访", "2026-11-25T14:40"),
        ("明天三点零五到他们公司拜访", "2026-11-25T15:05"),
        ("明天三点一刻过去见他", "2026-11-25T15:15"),
        ("明天三点半去拜访", "2026-11-25T15:30"),
    ],
)
def test_spoken_minutes(text, when):
    assert _lead(text)["follow_up"] == when


def test_deciding_on_a_supplier_is_a_milestone():
    assert _lead("他们月底之前要确定合作厂家")["key_date"] == {"start": None, "end": "2026-11-30"}


@pytest.mark.parametrize(
    ("text", "amount"),
    [("运力调度系统的合同款一共二十六万月底前打款", 260_000), ("合同额一百二十万年底前签", 1_200_000)],
)
def test_an_amount_with_its_own_wan_runs_into_a_time_word(text, amount):
    """Without the comma a speaker's pause leaves, `二十六万` is followed by `月底`: still the amount."""
    assert _lead(text)["budget"] == {"min": amount, "max": amount, "currency": "CNY"}


@pytest.mark.parametrize("text", ["十二月底前签", "合同三月初到期", "一月份开始"])
def test_a_month_number_stays_no_money(text):
    assert _lead(text)["budget"] is None
