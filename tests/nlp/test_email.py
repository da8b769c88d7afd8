"""E-mail addresses are found next to Chinese text and lower-cased."""

from __future__ import annotations

from leadscribe.nlp import extract


def test_lower_cased_and_glued_to_chinese():
    lead = extract("客户信息：郑海涛，邮箱ZhengHT@JinkeEP.com。需求：监测设备")
    assert lead.email.value == "zhenght@jinkeep.com"


def test_trailing_punctuation_is_not_part_of_it():
    assert extract("邮箱 kevin@shulan.io。").email.value == "kevin@shulan.io"


def test_no_address():
    assert extract("邮箱回头再发").email is None
