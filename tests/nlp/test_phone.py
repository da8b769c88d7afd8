"""Phone numbers: written, spaced, with country code or extension, or read aloud digit by digit."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract


def phones(text: str) -> list[str]:
    return extract(text).to_schema()["phone"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("王主任手机13917284455。", ["13917284455"]),
        ("手机 159 6204 3318。", ["15962043318"]),
        ("手机135-0101-8866，座机0755-8321 6677转203", ["13501018866", "075583216677"]),
        ("手机 +86 137 2468 1357", ["13724681357"]),
        ("电话0731-84031234转8021，想采购", ["073184031234"]),
        ("总机020-3888 6000分机12", ["02038886000"]),
        ("电话：010-84023077；地址在鼓楼", ["01084023077"]),
        ("你记一下，电话是67010327。", ["67010327"]),
        ("座机 (021) 6288 9901，手机13812345678/13987654321", ["02162889901", "13812345678", "13987654321"]),
        ("香港客户 tel: +852 9123 4567", ["91234567"]),
    ],
)
def test_written_numbers(text, expected):
    assert phones(text) == expected


def test_spoken_digits_with_yao():
    assert phones("陈女士的电话我记一下 一八六 幺零二四 九九三七 她是") == ["18610249937"]


def test_spoken_foreign_number_drops_the_country_code():
    assert phones("她电话是加六五 九一二三 四五六七") == ["91234567"]


def test_amounts_dates_and_counts_are_not_phones():
    text = "预算12345678元，2026-12-05开标，一共一千二百万，要20000000个，电话还没给"
    assert phones(text) == []


def test_400_hotline_words_are_noise():
    assert phones("他们的400电话打不通，我明天再问") == []


def test_eight_digits_without_any_phone_word_are_not_taken():
    assert phones("订单号58285215已经处理") == []


def test_same_number_twice_is_listed_once():
    assert phones("手机13812345678，再说一遍13812345678") == ["13812345678"]


def test_spoken_and_written_digits_mixed_as_recognisers_write_them():
    assert phones("电话是186 1024 幺九三七") == ["18610241937"]


def test_radio_style_digits_seven_and_nine():
    assert phones("手机一三九 拐洞幺二 勾勾八八") == ["13970129988"]
