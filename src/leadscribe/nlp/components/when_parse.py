"""Finds Chinese date/time expressions and resolves them against the message time (future preferred)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from .. import lexicon
from .money_numbers import chinese_to_number

_N = r"(?:\d{1,2}|[零一二两三四五六七八九十]{1,3})"
_YEAR = r"(?:(?P<year>20\d{2})年|(?P<yrel>今年|明年|后年|来年))"
_MREL = r"(?P<mrel>下下个?月|下个?月|本月|这个?月|当月|上个?月)"
_MONTH = rf"(?P<month>{_N})月份?"
_DAY = rf"(?P<day>{_N})[日号]"
_PART = r"(?P<part>上旬|中旬|下旬|底|末|初|中(?![心国午]))"
_QUARTER = r"(?:第?(?P<q>[一二三四1-4])季度|[Qq](?P<q2>[1-4])|(?P<qrel>本|这个?|下个?)季度)"
_HALF = r"(?P<half>上半年|下半年)"
_YPART = r"(?P<ypart>年底|年末|年内|年初|开春|寒假|暑假|开学)"
# School calendar, as schools buy to it: winter and summer holidays, and a term's first day (spring, autumn).
_SCHOOL = {"寒假": ((1, 20), (2, 28)), "暑假": ((7, 1), (8, 31))}
_TERM_STARTS = ((3, 1), (9, 1))
_RELDAY = r"(?P<relday>大后天|过两天|后天|明天|明早|明晚|今天|今晚|今早|昨天|前天)"
_RELDAY_OFFSET = {"大后天": 3, "后天": 2, "过两天": 2, "明天": 1, "明早": 1, "明晚": 1, "昨天": -1, "前天": -2}
# `约一下周四`: the 下 of 一下 does not make next week's Thursday
_WEEK = r"(?P<wrel>下下个?|(?<!一)下个?|本|这个?|上个?)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])"
_DUR = r"(?P<dn>\d{1,2}|[一二两三四五六七八九十半]{1,3})(?P<du>天|周|个?星期|个?礼拜|个?月|个工作日)(?:内|之内|以内)"
_HOLIDAY = (
    r"(?P<holiday>春节|元旦|国庆|五一|劳动节|圣诞节|圣诞|双十一|双11|"
    r"中秋|端午|清明|(?<![\d一二两三四五六七八九十几多去今明])年(?=前))"
)
_LATER = r"(?P<ln>\d{1,2}|[一二两三四五六七八九十]{1,3})(?P<lu>天|周|个?星期|个?礼拜)(?:之?后|以后)"
_ISO = r"(?P<iso>20\d{2}[-/]\d{1,2}[-/]\d{1,2})"
# One optional year prefix, then the rest; `(?<=年)` lets a year stand alone (`推到明年`).
# Minutes after a bare hour; `二点三` or `一点五亿` with no 十/分 after it is a decimal, no clock time.
_BARE_MINUTE = r"(?:半|一刻|[一二三四五]十|十分|[零一二三四五六七八九]{1,2}分|零[一二三四五六七八九]|[0-5])"
_DATE = (
    rf"(?:{_ISO}|{_YEAR}?(?:(?:{_MONTH}|{_MREL})(?:{_DAY}|{_PART})?|{_QUARTER}|{_HALF}|{_YPART}"
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
_WEEKDAYS = "一二三四五六日"
_FIXED_HOLIDAYS = {
    "元旦": (1, 1),
    "五一": (5, 1),
    "劳动节": (5, 1),
    "国庆": (10, 1),
    "圣诞": (12, 25),
    "圣诞节": (12, 25),
    "双十一": (11, 11),
    "双11": (11, 11),
}


Groups = dict[str, str | None]
Period = tuple[date | None, date]  # (first day or None for a deadline, last day)


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


def _num(text: str) -> int:
    return int(text) if text.isdigit() else int(chinese_to_number(text))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + m - 1 + k
    return total // 12, total % 12 + 1


@cache
def _lunar_table() -> dict[tuple[str, int], date]:
    return {(n, int(d[:4])): date.fromisoformat(d) for n, d in lexicon.pairs("time_lunar_holidays.txt")}


def _holiday(name: str, year: int) -> date | None:
    if name in _FIXED_HOLIDAYS:
        return date(year, *_FIXED_HOLIDAYS[name])
    if name == "清明":
        import chinese_calendar

        for day, term in chinese_calendar.get_solar_terms(date(year, 4, 3), date(year, 4, 6)):
            if term == "清明":
                return day
        return None
    return _lunar_table().get((name, year))


def quarter_days(q: int, today: date, year: int | None = None) -> tuple[date, date]:
    """First and last day of quarter q: of `year`, else the nearest one not yet ended."""
    y = year if year is not None else today.year + (_month_end(today.year, q * 3) < today)
    return date(y, q * 3 - 2, 1), _month_end(y, q * 3)


def _year_of(g: Groups, today: date) -> int | None:
    if g["year"]:
        return int(g["year"])
    rel = g["yrel"]
    if rel is None:
        return None
    return today.year + {"今年": 0, "明年": 1, "来年": 1, "后年": 2}[rel]


@dataclass(frozen=True)
class Rule:
    """One way to read the date part of an expression: the regex groups it needs, and how it resolves them
    against today (Duckling's named rules; tests/nlp/test_when_corpus.py proves each with examples)."""

    name: str
    groups: tuple[str, ...]
    resolve: Callable[[Groups, date, int | None], Period | None]
    unless: tuple[str, ...] = ()  # groups that hand the expression to a later rule

    def applies(self, g: Groups) -> bool:
        return any(g[k] for k in self.groups) and not any(g[k] for k in self.unless)


def _iso(g: Groups, today: date, year: int | None) -> Period | None:
    y, m, d = (int(x) for x in re.split(r"[-/]", g["iso"] or ""))
    return date(y, m, d), date(y, m, d)


def _month(g: Groups, today: date, year: int | None) -> Period | None:
    if g["mrel"]:
        rel = g["mrel"]
        k = 2 if rel.startswith("下下") else 1 if rel.startswith("下") else -1 if rel.startswith("上") else 0
        y, m = _add_months(today.year, today.month, k)
    else:
        m = _num(g["month"] or "")
        if not 1 <= m <= 12:
            return None
        y = year if year is not None else today.year
        if year is None and _month_end(y, m) < today:
            y += 1  # nearest month that has not ended
    if g["day"]:
        d = _num(g["day"])
        if not 1 <= d <= calendar.monthrange(y, m)[1]:
            return None
        if year is None and not g["mrel"] and date(y, m, d) < today:
            y += 1  # a month and day without a year is the next one to come
        return date(y, m, d), date(y, m, d)
    return _part(g["part"], y, m)


def _quarter(g: Groups, today: date, year: int | None) -> Period | None:
    if not g["qrel"]:
        return quarter_days(_num(g["q"] or g["q2"] or ""), today, year)
    q = (today.month - 1) // 3 + 1 + (1 if g["qrel"].startswith("下") else 0)
    y = today.year + (q - 1) // 4
    q = (q - 1) % 4 + 1
    return date(y, q * 3 - 2, 1), _month_end(y, q * 3)


def _half(g: Groups, today: date, year: int | None) -> Period | None:
    first = g["half"] == "上半年"
    y = year if year is not None else today.year
    if year is None and first and today.month > 6:
        y += 1
    return (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))


def _year_part(g: Groups, today: date, year: int | None) -> Period | None:
    part = g["ypart"]
    y = year if year is not None else today.year
    if part == "年初":
        return date(y, 1, 1), date(y, 1, 31)
    if part == "开春":  # early spring: February and March, the coming one when no year is said
        if year is None and date(y, 3, 31) < today:
            y += 1
        return date(y, 2, 1), date(y, 3, 31)
    if part in _SCHOOL:  # the coming one when no year is said
        (m1, d1), (m2, d2) = _SCHOOL[part]
        if year is None and date(y, m2, d2) < today:
            y += 1
        return date(y, m1, d1), date(y, m2, d2)
    if part == "开学":  # the next term's first day (in the year said)
        starts = [date(y + k, m, d) for k in (0, 1) for m, d in _TERM_STARTS]
        day = next(s for s in starts if s >= today or year is not None and s.year == year)
        return day, day
    if part == "年内":
        return today if y == today.year else date(y, 1, 1), date(y, 12, 31)
    return date(y, 12, 31), date(y, 12, 31)


def _whole_year(g: Groups, today: date, year: int | None) -> Period | None:
    return (date(year, 1, 1), date(year, 12, 31)) if year is not None else None


def _month_part(g: Groups, today: date, year: int | None) -> Period | None:
    part = (g["mpart"] or "")[1]
    start, end = _part(part, today.year, today.month)
    if end < today:  # `月初` said on the 25th: next month's
        start, end = _part(part, *_add_months(today.year, today.month, 1))
    return start, end


def _relative_day(g: Groups, today: date, year: int | None) -> Period | None:
    day = today + timedelta(days=_RELDAY_OFFSET.get(g["relday"] or "", 0))
    return day, day


def _weekday(g: Groups, today: date, year: int | None) -> Period | None:
    wd = _WEEKDAYS.index("日" if g["wd"] == "天" else g["wd"] or "")
    rel = g["wrel"]
    if rel is None:
        day = today + timedelta(days=(wd - today.weekday()) % 7)
    else:
        k = 2 if rel.startswith("下下") else 1 if rel.startswith("下") else -1 if rel.startswith("上") else 0
        day = today - timedelta(days=today.weekday()) + timedelta(days=7 * k + wd)
    return day, day


def _within_week(g: Groups, today: date, year: int | None) -> Period | None:
    k = 2 if g["wkrel"] == "下下" else 1 if g["wkrel"] == "下" else 0
    return None, today - timedelta(days=today.weekday()) + timedelta(days=7 * k + 6)


def _days_later(g: Groups, today: date, year: int | None) -> Period | None:
    later = today + timedelta(days=_num(g["ln"] or "") * (1 if g["lu"] == "天" else 7))
    return later, later


def _within(g: Groups, today: date, year: int | None) -> Period | None:
    n = 0.5 if g["dn"] == "半" else _num(g["dn"] or "")
    unit = g["du"] or ""
    if unit == "个工作日":
        return None, _workdays_after(today, int(n))
    if "月" in unit and n == 0.5:
        return None, today + timedelta(days=15)
    if "月" in unit:
        y, m = _add_months(today.year, today.month, int(n))
        return None, date(y, m, min(today.day, calendar.monthrange(y, m)[1]))
    return None, today + timedelta(days=round(n * (1 if unit in ("天", "个工作日") else 7)))


def _named_holiday(g: Groups, today: date, year: int | None) -> Period | None:
    name = "春节" if g["holiday"] == "年" else g["holiday"] or ""  # 年前 = before the Spring Festival
    if year is not None:  # `明年五一`: that year's
        day = _holiday(name, year)
        return (day, day) if day is not None else None
    for y in (today.year, today.year + 1):
        day = _holiday(name, y)
        if day is not None and day >= today:
            return day, day
    return None


def _day_of_month(g: Groups, today: date, year: int | None) -> Period | None:
    d = _num(g["bday"] or "")
    y, m = today.year, today.month
    if d < today.day:
        y, m = _add_months(y, m, 1)
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d), date(y, m, d)


# In order: the first rule whose groups matched reads the date.
RULES = (
    Rule("ISO date (2026-03-15)", ("iso",), _iso),
    Rule("month, its day or part (3月15号, 下个月底)", ("month", "mrel"), _month),
    Rule("quarter (Q1, 第三季度, 下季度)", ("q", "q2", "qrel"), _quarter),
    Rule("half year (上半年)", ("half",), _half),
    Rule("part of the year (年底, 开春, 暑假, 开学, 年内)", ("ypart",), _year_part),
    Rule("a year alone (明年, 2027年)", ("year", "yrel"), _whole_year, unless=("holiday",)),
    Rule("part of this month (月底, 月初)", ("mpart",), _month_part),
    Rule("relative day (明天, 大后天)", ("relday",), _relative_day),
    Rule("weekday (周三, 下周五)", ("wd",), _weekday),
    Rule("within a week (下周内)", ("wkrel",), _within_week),
    Rule("N days or weeks later (三天后)", ("ln",), _days_later),
    Rule("within N days, weeks, months (两周内)", ("dn",), _within),
    Rule("holiday (国庆, 春节, 年前)", ("holiday",), _named_holiday),
    Rule("day of this month (15号)", ("bday",), _day_of_month),
)


def _period(g: Groups, today: date) -> Period | None:
    """(first, last) day of the date part, before deadline handling: the first rule that applies reads it."""
    rule = next((r for r in RULES if r.applies(g)), None)
    return rule.resolve(g, today, _year_of(g, today)) if rule is not None else None


def _part(part: str | None, y: int, m: int) -> tuple[date, date]:
    last = _month_end(y, m)
    if part in ("底", "末"):
        return last, last
    if part == "上旬":
        return date(y, m, 1), date(y, m, 10)
    if part == "中旬":
        return date(y, m, 11), date(y, m, 20)
    if part == "下旬":
        return date(y, m, 21), last
    if part == "初":
        return date(y, m, 1), date(y, m, 10)
    if part == "中":  # `月中`: the 15th, as `月底` is the last day
        return date(y, m, 15), date(y, m, 15)
    return date(y, m, 1), last


def _workdays_after(today: date, n: int) -> date:
    """The n-th working day after today (Chinese public holidays and make-up days included)."""
    import chinese_calendar

    day = today
    while n > 0:
        day += timedelta(days=1)
        try:
            n -= chinese_calendar.is_workday(day)
        except NotImplementedError:  # beyond the package's years: weekdays only
            n -= day.weekday() < 5
    return day


def _clock(g: dict[str, str | None]) -> tuple[int | None, int]:
    if g["hh"] is None:
        return None, 0
    hour = _num(g["hh"])
    tod = g["tod"] or {"今晚": "晚上", "明晚": "晚上", "今早": "早上", "明早": "早上"}.get(g["relday"] or "")
    mm = g["mm"]
    minute = 0
    if mm == "半":
        minute = 30
    elif mm == "一刻":
        minute = 15
    elif mm:
        minute = _num(mm.rstrip("分")) if mm.rstrip("分") else 0
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
            period = _period(g, today)
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
        if deadline and g["ypart"] in _SCHOOL:
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
