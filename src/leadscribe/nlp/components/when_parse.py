"""Finds Chinese date/time expressions and resolves them against the message time (future preferred)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .calendar_days import number
from .when_rules import SCHOOL_HOLIDAYS
from .when_rules import period as period_of

_N = r"(?:\d{1,2}|[零一二两三四五六七八九十]{1,3})"
_YEAR = r"(?:(?P<year>20\d{2}|二[〇零][〇零一二三四五六七八九]{2})年|(?P<yrel>今年|明年|后年|来年))"
_MREL = r"(?P<mrel>下下个?月|下个?月|本月|这个?月|当月|上个?月)"
_MONTH = rf"(?P<month>{_N})月份?"
# a month's day said without 日/号 (`5月6`, `九月十八`) when no count or amount follows
_DAY = rf"(?:(?P<day>{_N})[日号]|(?P<bareday>{_N})(?![\d日号万千百亿元块个台套家名位条批次场期单天周%.点:：月年]))"
_PART = r"(?P<part>上旬|中旬|下旬|底|末|初|中(?![心国午]))"
_QUARTER = r"(?:第?(?P<q>[一二三四1-4])季度|[Qq](?P<q2>[1-4])|(?P<qrel>本|这个?|下个?)季度)"
_HALF = r"(?P<half>上半年|下半年)"
_YPART = r"(?P<ypart>年底|年末|年内|年初|开春|寒假|暑假|开学)"
_RELDAY = r"(?P<relday>大大后天|大后天|过两天|后天|明天|明早|明晚|今天|今晚|今早|今日|明日|后日|昨天|前天)"
# `约一下周四`: the 下 of 一下 does not make next week's Thursday
_WEEK = r"(?P<wrel>下下个?|(?<!一)下个?|本|这个?|上个?)?(?:周|星期|礼拜)(?:周|星期)?(?P<wd>[一二三四五六日天])"
_DUR = r"(?P<dn>\d{1,2}|[一二两三四五六七八九十半]{1,3})(?P<du>天|周|个?星期|个?礼拜|个?月|个工作日)(?:内|之内|以内)"
_HOLIDAY = (
    r"(?P<holiday>春节|元旦|阳历新年|国庆|五一|劳动节|圣诞节|圣诞|双十一|双11|情人节|妇女节|植树节|愚人节|青年节|"
    r"儿童节|建军节|教师节|除夕|元宵节|元宵|"
    r"中秋|端午|清明|(?<![\d一二两三四五六七八九十几多去今明])年(?=前))"
)
_LATER = r"(?P<ln>\d{1,2}|[一二两三四五六七八九十]{1,3})(?P<lu>天|周|个?星期|个?礼拜)(?:之?后|以后)"
_ISO = (
    r"(?P<iso>(?<!\d)20\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
    r"| (?:0?[1-9]|1[0-2]) (?:0?[1-9]|[12]\d|3[01])(?!\d)))"
)
# a month and day in digits: `3/20`, `12/9号`, and `03-20` with two digits each (`3-5万` is a range)
_MD = (
    r"(?<![\d.:/\-率比占分第])(?P<md>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?=号|[^\d/%万千百亿元块个台套]|$)"
    r"|(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?=[^\d-]|$))号?"
)
_AHEAD = r"未来(?P<an>\d{1,3}|[一二两三四五六七八九十]{1,3})(?P<au>天|周|个?星期|个?月|年|个?小时)"
# One optional year prefix, then the rest; `(?<=年)` lets a year stand alone (`推到明年`).
# Minutes after a bare hour; `二点三` or `一点五亿` with no 十/分 after it is a decimal, no clock time.
_BARE_MINUTE = r"(?:半|一刻|[一二三四五]十|十分|[零一二三四五六七八九]{1,2}分|零[一二三四五六七八九]|[0-5])"
_DATE = (
    rf"(?:{_ISO}|{_MD}|{_AHEAD}|{_YEAR}?(?:(?:{_MONTH}|{_MREL})(?:{_DAY}|{_PART})?|{_QUARTER}|{_HALF}|{_YPART}"
    rf"|(?P<mpart>月底|月末|月初|月中)|{_RELDAY}|{_WEEK}|{_DUR}|{_LATER}|{_HOLIDAY}|(?P<bday>{_N})[日号]|(?P<wkrel>下下|下|本|这)(?:个)?(?:周|星期|礼拜)(?=内|之内|以内)"
    rf"|(?P<bare>(?=(?:上午|下午|晚上|早上|中午|傍晚|今晚){_N}[点:]|{_N}点{_BARE_MINUTE}|\d{{1,2}}(?:点|:[0-5]\d)))|(?<=年)))"
)
_TIME = (
    rf"(?P<tod>上午|下午|晚上|早上|中午|傍晚|凌晨|早|晚)?"
    rf"(?:(?P<hh>{_N})(?:点|:|时)(?P<mm>半|一刻|[0-5]\d分?|[零一二三四五]?十?[一二三四五六七八九]?分|[一二三四五]十[一二三四五六七八九]?|零[一二三四五六七八九])?)?"
)
_DEADLINE = r"(?P<dl>之前|以前|前(?![往面期台])|以内|之内|内(?![部容地蒙外]))?"
EXPR = re.compile(rf"{_DATE}\s?{_TIME}{_DEADLINE}")
_GAP_DEADLINE = re.compile(r"^[^\s,，。;；!！?？]{1,4}?(?:之前|以前|前(?![往面期台]))")


@dataclass(frozen=True)
class When:
    """A resolved expression: a day (start = end), a period, or a deadline (start None)."""

    start: date | None
    end: date
    hour: int | None
    minute: int
    span: tuple[int, int]
    deadline: bool
    past: bool
    today_word: bool  # 今天/今晚: an event the same day may already have happened


def _clock(g: dict[str, str | None]) -> tuple[int | None, int]:
    if g["hh"] is None:
        return None, 0
    hour = number(g["hh"])
    tod = g["tod"] or {"今晚": "晚上", "明晚": "晚上", "今早": "早上", "明早": "早上"}.get(g["relday"] or "")
    mm = g["mm"]
    minute = 0
    if mm == "半":
        minute = 30
    elif mm == "一刻":
        minute = 15
    elif mm:
        minute = number(mm.rstrip("分")) if mm.rstrip("分") else 0
    if tod in ("下午", "晚上", "傍晚", "晚") and hour < 12:
        hour += 12
    if tod == "中午" and hour < 6:
        hour += 12
    if tod is None and 1 <= hour <= 6:
        hour += 12  # `两点半` with no part of day: people meet customers in the afternoon, not at 2 a.m.
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None, 0
    return hour, minute


def _bare_clock(g: dict[str, str | None], now: datetime) -> tuple[date, date] | None:
    """An hour without a day (`下午三点`): today, or tomorrow once that hour has passed."""
    hour, minute = _clock(g)
    if hour is None:
        return None
    day = now.date() if (hour, minute) > (now.hour, now.minute) else now.date() + timedelta(days=1)
    return day, day


def find_times(text: str, now: datetime) -> list[When]:
    """Every date expression with its resolution; unparseable or impossible ones are skipped."""
    today = now.date()
    out: list[When] = []
    for m in EXPR.finditer(text):
        g = m.groupdict()
        try:
            period = period_of(g, today)
        except (ValueError, KeyError):
            continue
        if g["bare"] is not None and g["hh"] is not None:
            period = _bare_clock(g, now)
        if period is None:
            continue
        first, last = period
        hour, minute = _clock(g)
        deadline = bool(g["dl"]) or bool(g["dn"]) or g["ypart"] == "年内" or first is None
        if not deadline and _GAP_DEADLINE.match(text[m.end() :]):
            deadline = True  # `下个月五号开盘之前`: the deadline word follows the event
        if deadline and g["ypart"] in SCHOOL_HOLIDAYS:
            last = first  # `暑假前`: before the holiday starts
        past = last < today
        out.append(
            When(
                None if deadline else first,
                last,
                hour,
                minute,
                (m.start(), m.end()),
                deadline,
                past,
                g["relday"] in ("今天", "今晚", "今早"),
            )
        )
    return out
