"""Calendar arithmetic the date rules share: numerals, month ends, holidays, quarters, working days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

from .. import lexicon
from .money_numbers import chinese_to_number

_FIXED_HOLIDAYS = {
    "元旦": (1, 1),
    "五一": (5, 1),
    "劳动节": (5, 1),
    "国庆": (10, 1),
    "圣诞": (12, 25),
    "圣诞节": (12, 25),
    "双十一": (11, 11),
    "双11": (11, 11),
    "阳历新年": (1, 1),
    "情人节": (2, 14),
    "妇女节": (3, 8),
    "植树节": (3, 12),
    "愚人节": (4, 1),
    "青年节": (5, 4),
    "儿童节": (6, 1),
    "建军节": (8, 1),
    "教师节": (9, 10),
}
# Days that follow the Spring Festival of the same lunar year
_AFTER_SPRING_FESTIVAL = {"除夕": -1, "元宵": 14, "元宵节": 14}


def number(text: str) -> int:
    return int(text) if text.isdigit() else int(chinese_to_number(text))


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + m - 1 + k
    return total // 12, total % 12 + 1


@cache
def _lunar_table() -> dict[tuple[str, int], date]:
    return {(n, int(d[:4])): date.fromisoformat(d) for n, d in lexicon.pairs("time_lunar_holidays.txt")}


def holiday(name: str, year: int) -> date | None:
    if name in _FIXED_HOLIDAYS:
        return date(year, *_FIXED_HOLIDAYS[name])
    if name in _AFTER_SPRING_FESTIVAL:
        spring = _lunar_table().get(("春节", year))
        return None if spring is None else spring + timedelta(days=_AFTER_SPRING_FESTIVAL[name])
    if name == "清明":
        import chinese_calendar

        for day, term in chinese_calendar.get_solar_terms(date(year, 4, 3), date(year, 4, 6)):
            if term == "清明":
                return day
        return None
    return _lunar_table().get((name, year))


def quarter_days(q: int, today: date, year: int | None = None) -> tuple[date, date]:
    """First and last day of quarter q: of `year`, else the nearest one not yet ended."""
    y = year if year is not None else today.year + (month_end(today.year, q * 3) < today)
    return date(y, q * 3 - 2, 1), month_end(y, q * 3)


def part_days(part: str | None, y: int, m: int) -> tuple[date, date]:
    last = month_end(y, m)
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


def workdays_after(today: date, n: int) -> date:
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
