"""The public API: one call per message, a shared pipeline, clear errors, and no crash on any input."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadscribe.nlp import Extraction, extract, resolve_now
from leadscribe.nlp.pipeline import get_pipeline


def test_fields_and_spans_of_a_full_message():
    text = (
        "【转发】张伟：你好，我是蜂巢网络的运营负责人，要采购一套私域SCRM，"
        "邮箱 zhangwei@fengchao.net，电话 18801234567。"
    )
    lead = extract(text)
    assert isinstance(lead, Extraction)
    for field in (lead.contact_name, lead.company, lead.email, lead.need, lead.phone[0]):
        assert field.snippet(text).lower() == str(field.value).lower()
    assert lead.to_schema()["contact_name"] == "张伟"


def test_pipeline_is_built_once_even_from_many_threads():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(get_pipeline())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(p) for p in seen}) == 1


def test_nlp_does_not_pull_in_database_or_speech():
    extract("测试")
    for name in ("leadscribe.nlp.components.contact", "leadscribe.nlp.pipeline"):
        module = sys.modules[name]
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "crm" not in source and "speech" not in source and "sqlalchemy" not in source


def test_now_in_the_given_zone():
    now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    moment = resolve_now(now, "Asia/Shanghai")
    assert (moment.year, moment.month, moment.day, moment.hour) == (2026, 11, 23, 7)


def test_offset_of_now_is_the_zone_without_tz():
    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert resolve_now(now).utcoffset() == timedelta(hours=-5)


def test_naive_now_reads_in_shanghai():
    assert resolve_now(datetime(2026, 1, 1, 8, 0)).utcoffset() == timedelta(hours=8)


def test_unknown_zone_is_a_value_error():
    with pytest.raises(ValueError, match="time zone"):
        extract("你好", tz="Mars/Olympus")


def test_non_text_is_a_value_error():
    with pytest.raises(ValueError):
        extract(b"bytes")  # type: ignore[arg-type]


def test_empty_text_gives_empty_fields():
    out = extract("").to_schema()
    assert all(v in (None, []) for v in out.values())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(), max_size=300))
def test_any_unicode_gives_an_extraction_or_value_error(text):
    try:
        lead = extract(text)
    except ValueError:
        return
    assert isinstance(lead, Extraction)
    for f in [lead.contact_name, lead.company, lead.email, lead.need, *lead.phone, *lead.competitors]:
        if f is not None:
            assert 0 <= f.start <= f.end <= len(lead.text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789一二三幺零-+ 电话手机转万元，。", max_size=80))
def test_digit_soup_never_crashes(text):
    assert all(p.value.isdigit() for p in extract(text).phone)


def test_pipeline_used_directly_as_a_spacy_language():
    nlp = get_pipeline()
    assert "leadscribe_hygiene" in nlp.pipe_names and "leadscribe_flags" in nlp.pipe_names
    doc = nlp("【转发】鲜运冷链 刘总：你们的冷链车温控老是出问题")
    lead = doc._.lead
    assert lead.contact_name.value == "刘总" and lead.company.value == "鲜运冷链"
    assert [f.kind for f in lead.flags] == ["complaint"] * len(lead.flags) and lead.flags
    assert doc._.now is not None and doc._.now.tzinfo is not None
