"""The customer's industry, from its name first, then from the message."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.components.industry import INDUSTRIES, classify


@pytest.mark.parametrize(
    ("company", "expected"),
    [
        ("领航新能源汽车", "汽车"),
        ("华源新能源有限公司", "能源"),
        ("南方电网深圳供电局", "能源"),
        ("市税务局", "政务"),
        ("碧桂苑物业管理有限公司", "房地产"),
        ("Harbourfront Clinic", "医疗健康"),
    ],
)
def test_from_organisation_name(company, expected):
    assert classify(company, "") == expected


def test_from_the_message_when_the_name_says_nothing():
    assert extract("政府那个项目下下周三开标").to_schema()["industry"] == "政务"


def test_customer_industry_not_product_industry():
    # A hospital buying software is 医疗健康, not 互联网.
    assert extract("华康医院的张院长想上一套APP").to_schema()["industry"] == "医疗健康"


def test_product_words_do_not_make_a_software_customer():
    assert extract("下午见了德勤的合伙人Peter Wang，聊审计软件").to_schema()["industry"] is None
    assert classify("数澜信息", "") == "互联网"


def test_only_known_classes():
    assert classify("某某", "没有线索的一句话") is None
    assert all(classify(c, "") in INDUSTRIES for c in ("华康医院", "快马网络", "鼎盛物流"))


@pytest.mark.parametrize(
    ("company", "expected"),
    [
        ("bayside credit union", "金融"),
        ("titan steel fabricators", "制造"),
        ("Lakeshore Pediatrics", "医疗健康"),
        ("Sierra Vista Unified", "教育"),
        ("Harbor City Transit Authority", "政务"),
    ],
)
def test_english_names_dictated_or_less_common(company, expected):
    assert classify(company, "") == expected
