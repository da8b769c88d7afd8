"""The Chinese date rules proved by examples at one fixed reference time (as Duckling's Corpus.hs does):
Wednesday 2 December 2026, 10:00 in Shanghai. Each row: phrase, first day (None: a deadline), last day, hour."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from leadscribe.nlp.components.when_parse import EXPR, find_times
from leadscribe.nlp.components.when_rules import RULES

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
D = date.fromisoformat

CORPUS = [
    ("2027-03-15", D("2027-03-15"), D("2027-03-15"), None),
    ("2027/1/8", D("2027-01-08"), D("2027-01-08"), None),
    ("3月15号", D("2027-03-15"), D("2027-03-15"), None),  # a month and day without a year: the next to come
    ("十二月二十号", D("2026-12-20"), D("2026-12-20"), None),
    ("下个月底", D("2027-01-31"), D("2027-01-31"), None),
    ("下下个月", D("2027-02-01"), D("2027-02-28"), None),
    ("这个月", D("2026-12-01"), D("2026-12-31"), None),
    ("明年6月", D("2027-06-01"), D("2027-06-30"), None),
    ("1月上旬", D("2027-01-01"), D("2027-01-10"), None),
    ("Q1", D("2027-01-01"), D("2027-03-31"), None),
    ("第三季度", D("2027-07-01"), D("2027-09-30"), None),
    ("下季度", D("2027-01-01"), D("2027-03-31"), None),
    ("上半年", D("2027-01-01"), D("2027-06-30"), None),  # this year's has ended
    ("下半年", D("2026-07-01"), D("2026-12-31"), None),
    ("年底", D("2026-12-31"), D("2026-12-31"), None),
    ("明年年初", D("2027-01-01"), D("2027-01-31"), None),
    ("开春", D("2027-02-01"), D("2027-03-31"), None),
    ("暑假", D("2027-07-01"), D("2027-08-31"), None),
    ("寒假", D("2027-01-20"), D("2027-02-28"), None),
    ("开学", D("2027-03-01"), D("2027-03-01"), None),
    ("年内", None, D("2026-12-31"), None),
    ("明年", D("2027-01-01"), D("2027-12-31"), None),
    ("2028年", D("2028-01-01"), D("2028-12-31"), None),
    ("月底", D("2026-12-31"), D("2026-12-31"), None),
    ("月初", D("2026-12-01"), D("2026-12-10"), None),  # said on the 2nd: this month's
    ("月中", D("2026-12-15"), D("2026-12-15"), None),
    ("明天", D("2026-12-03"), D("2026-12-03"), None),
    ("大后天", D("2026-12-05"), D("2026-12-05"), None),
    ("后天下午3点", D("2026-12-04"), D("2026-12-04"), 15),
    ("周五", D("2026-12-04"), D("2026-12-04"), None),
    ("下周三", D("2026-12-09"), D("2026-12-09"), None),
    ("下下周一", D("2026-12-14"), D("2026-12-14"), None),
    ("本周内", None, D("2026-12-06"), None),
    ("下周内", None, D("2026-12-13"), None),
    ("三天后", D("2026-12-05"), D("2026-12-05"), None),
    ("两周后", D("2026-12-16"), D("2026-12-16"), None),
    ("两周内", None, D("2026-12-16"), None),
    ("10个工作日内", None, D("2026-12-16"), None),
    ("半个月内", None, D("2026-12-17"), None),
    ("三个月内", None, D("2027-03-02"), None),
    ("国庆", D("2027-10-01"), D("2027-10-01"), None),
    ("春节", D("2027-02-06"), D("2027-02-06"), None),
    ("年前", None, D("2027-02-06"), None),  # before the Spring Festival
    ("明年五一", D("2027-05-01"), D("2027-05-01"), None),
    ("15号", D("2026-12-15"), D("2026-12-15"), None),
    ("1号", D("2027-01-01"), D("2027-01-01"), None),  # the 1st has passed: next month's
    ("下午三点", D("2026-12-02"), D("2026-12-02"), 15),
    # numeric dates as people type them
    ("20270315", D("2027-03-15"), D("2027-03-15"), None),
    ("2027 4 18", D("2027-04-18"), D("2027-04-18"), None),
    ("2027.5.20", D("2027-05-20"), D("2027-05-20"), None),
    ("03-20", D("2027-03-20"), D("2027-03-20"), None),  # no year: the next to come
    ("12-28", D("2026-12-28"), D("2026-12-28"), None),
    ("3/20", D("2027-03-20"), D("2027-03-20"), None),
    ("12/9号下午", D("2026-12-09"), D("2026-12-09"), None),
    # a month with a bare day number
    ("5月6", D("2027-05-06"), D("2027-05-06"), None),
    ("九月十八", D("2027-09-18"), D("2027-09-18"), None),
    ("十二月28下午2点", D("2026-12-28"), D("2026-12-28"), 14),
    # years in Chinese digits
    ("二〇二八年", D("2028-01-01"), D("2028-12-31"), None),
    ("二零二七年三月", D("2027-03-01"), D("2027-03-31"), None),
    # the coming N days, months, hours
    ("未来三天", None, D("2026-12-05"), None),
    ("未来两个月", None, D("2027-02-02"), None),
    ("未来48小时", None, D("2026-12-04"), None),
    # more relative days
    ("大大后天", D("2026-12-06"), D("2026-12-06"), None),
    ("今日", D("2026-12-02"), D("2026-12-02"), None),
    ("明日", D("2026-12-03"), D("2026-12-03"), None),
    ("下周周五", D("2026-12-11"), D("2026-12-11"), None),
    # more holidays: fixed days and those that follow the Spring Festival
    ("情人节", D("2027-02-14"), D("2027-02-14"), None),
    ("妇女节", D("2027-03-08"), D("2027-03-08"), None),
    ("儿童节", D("2027-06-01"), D("2027-06-01"), None),
    ("教师节", D("2027-09-10"), D("2027-09-10"), None),
    ("除夕", D("2027-02-05"), D("2027-02-05"), None),
    ("元宵节", D("2027-02-20"), D("2027-02-20"), None),
]


@pytest.mark.parametrize("text", ["预算3-5万", "电话010-62345678", "完成率12/30", "型号A3-05", "数量1-2台"])
def test_numbers_that_are_no_dates(text):
    assert find_times(text, NOW) == []


@pytest.mark.parametrize(("phrase", "start", "end", "hour"), CORPUS)
def test_phrase_at_the_reference_time(phrase, start, end, hour):
    (first, *_) = find_times(phrase, NOW)
    assert (first.start, first.end, first.hour) == (start, end, hour)
    assert first.deadline == (start is None)


def test_every_rule_is_proved_by_an_example():
    used = set()
    for phrase, *_ in CORPUS:
        g = EXPR.search(phrase).groupdict()
        used |= {rule.name for rule in RULES if rule.applies(g)}
    assert used == {rule.name for rule in RULES}
