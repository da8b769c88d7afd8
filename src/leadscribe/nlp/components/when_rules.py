"""The named rules that read the date part of a Chinese time expression (Duckling's rules, as data)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .calendar_days import add_months, holiday, month_end, number, part_days, quarter_days, workdays_after

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

Groups = dict[str, str | None]
Period = tuple[date | None, date]  # (first day or None for a deadline, last day)
# School calendar, as schools buy to it: winter and summer holidays, and a term's first day (spring, autumn).
SCHOOL_HOLIDAYS = {"寒假": ((1, 20), (2, 28)), "暑假": ((7, 1), (8, 31))}
_TERM_STARTS = ((3, 1), (9, 1))
_RELDAY_OFFSET = {
    "大大后天": 4,
    "大后天": 3,
    "后日": 2,
    "明日": 1,
    "今日": 0,
    "后天": 2,
    "过两天": 2,
    "明天": 1,
    "明早": 1,
    "明晚": 1,
    "昨天": -1,
    "前天": -2,
}
_WEEKDAYS = "一二三四五六日"


def _year_of(g: Groups, today: date) -> int | None:
    if g["year"]:
        year = g["year"]
        return int(year) if year.isdigit() else int("".join(str(_CN_DIGIT[ch]) for ch in year))  # 二〇三五
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
    text = g["iso"] or ""
    parts = re.split(r"[-/. ]", text) if not text.isdigit() else [text[:4], text[4:6], text[6:]]
    y, m, d = (int(x) for x in parts)
    return date(y, m, d), date(y, m, d)


def _month_day(g: Groups, today: date, year: int | None) -> Period | None:
    m, d = (int(x) for x in re.split(r"[-/]", g["md"] or ""))
    y = year if year is not None else today.year
    if year is None and date(y, m, d) < today:
        y += 1  # the next one to come
    return date(y, m, d), date(y, m, d)


def _ahead(g: Groups, today: date, year: int | None) -> Period | None:
    """`未来两个月`: a deadline N days, weeks, months, years or hours from now."""
    n, unit = number(g["an"] or ""), g["au"] or ""
    if "月" in unit or unit == "年":
        y, m = add_months(today.year, today.month, n * (12 if unit == "年" else 1))
        return None, date(y, m, min(today.day, calendar.monthrange(y, m)[1]))
    days = n // 24 if "小时" in unit else n * (1 if unit == "天" else 7)
    return None, today + timedelta(days=days)


def _month(g: Groups, today: date, year: int | None) -> Period | None:
    if g["mrel"]:
        rel = g["mrel"]
        k = 2 if rel.startswith("下下") else 1 if rel.startswith("下") else -1 if rel.startswith("上") else 0
        y, m = add_months(today.year, today.month, k)
    else:
        m = number(g["month"] or "")
        if not 1 <= m <= 12:
            return None
        y = year if year is not None else today.year
        if year is None and month_end(y, m) < today:
            y += 1  # nearest month that has not ended
    if g["day"] or g["bareday"]:
        d = number(g["day"] or g["bareday"] or "")
        if not 1 <= d <= calendar.monthrange(y, m)[1]:
            return None
        if year is None and not g["mrel"] and date(y, m, d) < today:
            y += 1  # a month and day without a year is the next one to come
        return date(y, m, d), date(y, m, d)
    return part_days(g["part"], y, m)


def _quarter(g: Groups, today: date, year: int | None) -> Period | None:
    if not g["qrel"]:
        return quarter_days(number(g["q"] or g["q2"] or ""), today, year)
    q = (today.month - 1) // 3 + 1 + (1 if g["qrel"].startswith("下") else 0)
    y = today.year + (q - 1) // 4
    q = (q - 1) % 4 + 1
    return date(y, q * 3 - 2, 1), month_end(y, q * 3)


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
    if part in SCHOOL_HOLIDAYS:  # the coming one when no year is said
        (m1, d1), (m2, d2) = SCHOOL_HOLIDAYS[part]
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
    start, end = part_days(part, today.year, today.month)
    if end < today:  # `月初` said on the 25th: next month's
        start, end = part_days(part, *add_months(today.year, today.month, 1))
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
    later = today + timedelta(days=number(g["ln"] or "") * (1 if g["lu"] == "天" else 7))
    return later, later


def _within(g: Groups, today: date, year: int | None) -> Period | None:
    n = 0.5 if g["dn"] == "半" else number(g["dn"] or "")
    unit = g["du"] or ""
    if unit == "个工作日":
        return None, workdays_after(today, int(n))
    if "月" in unit and n == 0.5:
        return None, today + timedelta(days=15)
    if "月" in unit:
        y, m = add_months(today.year, today.month, int(n))
        return None, date(y, m, min(today.day, calendar.monthrange(y, m)[1]))
    return None, today + timedelta(days=round(n * (1 if unit in ("天", "个工作日") else 7)))


def _named_holiday(g: Groups, today: date, year: int | None) -> Period | None:
    name = "春节" if g["holiday"] == "年" else g["holiday"] or ""  # 年前 = before the Spring Festival
    if year is not None:  # `明年五一`: that year's
        day = holiday(name, year)
        return (day, day) if day is not None else None
    for y in (today.year, today.year + 1):
        day = holiday(name, y)
        if day is not None and day >= today:
            return day, day
    return None


def _day_of_month(g: Groups, today: date, year: int | None) -> Period | None:
    d = number(g["bday"] or "")
    y, m = today.year, today.month
    if d < today.day:
        y, m = add_months(y, m, 1)
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d), date(y, m, d)


# In order: the first rule whose groups matched reads the date.
RULES = (
    Rule("ISO date (2026-03-15, 20260315, 2026 3 15)", ("iso",), _iso),
    Rule("month/day in digits (3/20, 03-20)", ("md",), _month_day),
    Rule("the coming N days, months, hours (未来两个月)", ("an",), _ahead),
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


def period(g: Groups, today: date) -> Period | None:
    """(first, last) day of the date part, before deadline handling: the first rule that applies reads it."""
    rule = next((r for r in RULES if r.applies(g)), None)
    return rule.resolve(g, today, _year_of(g, today)) if rule is not None else None
