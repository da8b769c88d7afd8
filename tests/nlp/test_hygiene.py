"""Hygiene keeps every span in original-text coordinates while cleaning chat noise."""

from __future__ import annotations

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.components.hygiene import MAX_CHARS, normalise, speaker_span


def test_normalise_keeps_length_and_converts_full_width():
    raw = "【转发】李经理：手机１３８１２３４５６７８😀[图片]“好的”"
    clean = normalise(raw)
    assert len(clean) == len(raw)
    assert "13812345678" in clean
    assert "😀" not in clean and "[图片]" not in clean and "转发" not in clean and "“" not in clean


def test_speaker_of_a_forward_points_into_the_original_text():
    raw = "【转发】和平路小学 汪老师：我们学校经费有限"
    span = speaker_span(raw, normalise(raw))
    assert span is not None
    assert raw[span[0] : span[1]] == "和平路小学 汪老师"


def test_plain_message_has_no_speaker():
    raw = "需求：污水处理设备"
    assert speaker_span(raw, normalise(raw)) is None


def test_spans_refer_to_the_original_text_after_emoji_and_full_width():
    raw = "🙏🙏华康医院的张院长电话：１３９１７２８４４５５"
    lead = extract(raw)
    assert lead.contact_name.snippet(raw) == "张院长"
    assert lead.company.snippet(raw) == "华康医院"
    assert lead.phone[0].value == "13917284455"
    assert lead.phone[0].snippet(raw) == "１３９１７２８４４５５"


def test_long_input_is_capped_with_a_warning():
    raw = "华康医院的张院长想采购监护仪。" + "嗯" * (MAX_CHARS * 3)
    lead = extract(raw)
    assert lead.warnings and str(MAX_CHARS) in lead.warnings[0]
    assert len(lead.text) == MAX_CHARS
    assert lead.contact_name.value == "张院长"


def test_short_input_has_no_warning():
    assert extract("收到").warnings == []


def test_pathological_long_input_stays_fast():
    import time

    for text in ("【转发】" * 2000, "系统" * 5000, "的王总说" * 2000):
        start = time.perf_counter()
        extract(text)
        assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("广州乾朗珠宝的王总想买一批展示柜", "广州乾朗珠宝"),  # 乾 is a name's character, not 干
        ("華銳精密機械的鄭總想上MES", "華銳精密機械"),  # traditional is read, and returned as written
        ("ＡＢＣ科技的张总要报价", "ABC科技"),  # full-width Latin is still normalised
    ],
)
def test_names_are_returned_as_written(text, company):
    from leadscribe.nlp import extract

    assert extract(text).company.value == company
