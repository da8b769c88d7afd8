"""English date expressions (`next Tuesday at 2pm`, `by end of January`, `within two weeks`), resolved like
the Chinese ones: future preferred, weeks starting on Monday, a month without a year the nearest not yet ended."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from .calendar_days import add_months as _add_months
from .calendar_days import holiday as _holiday
from .calendar_days import month_end as _month_end
from .calendar_days import quarter_days
from .when_parse import When

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [m.lower() for m in calendar.month_name[1:]]
_SMALL = {
    w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
}
_WD = r"(?P<wd>mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_WD2 = r"(?P<wd2>mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_MONTH_WORD = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?"
)
_MON = rf"(?P<mon>{_MONTH_WORD})"
_QUARTER = r"Q[1-4]\b|(?:first|second|third|fourth|1st|2nd|3rd|4th) quarter"
_QUARTER_NO = {
    **{f"q{i}": i for i in range(1, 5)},
    **{w: i for i, w in enumerate(("first", "second", "third", "fourth"), 1)},
    **{w: i for i, w in enumerate(("1st", "2nd", "3rd", "4th"), 1)},
}
_DAYNUM = r"(?P<dn>[0-3]?\d)(?:st|nd|rd|th)?"
_N = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)"
_DATE = (
    r"(?P<rel>the day after tomorrow|tomorrow|today|tonight|yesterday)"
    rf"|{_WD2},? (?:the )?(?P<dn2>[0-3]?\d)(?:st|nd|rd|th)\b"
    rf"|(?P<wrel>next|this|coming|last)?\s?{_WD}\b"
    rf"|(?P<end>end of (?:the )?(?:(?P<endnext>next )?(?P<endunit>month|year|quarter)|(?P<endmon>{_MONTH_WORD})"
    rf"|(?P<endq>{_QUARTER}))|(?P<eo>EO[YMQ])\b|year[- ]end)"
    rf"|(?P<q>{_QUARTER})"
    r"|(?P<qrel>next|this|coming) quarter"
    r"|(?<![\d/.$-])(?P<nm>1[0-2]|0?[1-9])/(?P<nd>[0-3]?\d)(?![\d/%])"
    rf"|(?:(?P<part>early|mid|late)[- ])?{_MON}\.?(?:\s{_DAYNUM}\b)?"
    rf"|(?P<dfirst>[0-3]?\d)(?:st|nd|rd|th)? (?:of )?(?P<mon2>{_MONTH_WORD})\b"
    rf"|(?P<within>within|in) {_N} (?P<unit>days?|weeks?|months?)"
    r"|(?P<mrel>next|this) (?P<period>month|year)"
    r"|(?P<hol>christmas|(?:chinese|lunar) new year|spring festival|new year'?s? day)"
)
# English holiday names -> the names when_parse resolves
_HOLIDAYS = {"christmas": "圣诞", "spring festival": "春节", "chinese new year": "春节", "lunar new year": "春节"}
_CLOCK = (
    r"(?:\s?(?:at|@)?\s?(?P<hh>[01]?\d)(?::(?P<mm>[0-5]\d))?\s?(?P<ampm>am|pm|a\.m\.|p\.m\.)"
    r"|\s?at (?P<hh24>[012]?\d):(?P<mm24>[0-5]\d))?"
)
_EXPR = re.compile(
    rf"(?<![A-Za-z])(?P<dl>by|before|no later than|until)?\s?(?:the )?(?:{_DATE}){_CLOCK}(?![A-Za-z])", re.IGNORECASE
)
_CLOCK_FIRST = re.compile(r"(?<![\w:])(?P<hh>[01]?\d)(?::(?P<mm>[0-5]\d))?\s?(?P<ampm>am|pm)\s(?:on\s)?", re.IGNORECASE)


_MAY_MONTH = re.compile(r"(?:\bin|\bby|\bbefore|\bearly|\bmid|\blate|\bof)[- ]$", re.IGNORECASE)


def _month_no(name: str) -> int:
    return next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name.lower()[:3]))


def _count(word: str) -> int:
    word = word.lower()
    return 1 if word == "a" else int(word) if word.isdigit() else _SMALL[word]


def _period(g: dict[str, str | None], today: date) -> tuple[date | None, date, bool] | None:
    """(start, end, past) of the date part."""
    if g["hol"]:
        name = _HOLIDAYS.get(g["hol"].lower(), "元旦")
        for y in (today.year, today.year + 1):
            day = _holiday(name, y)
            if day is not None and day >= today:
                return day, day, False
        return None
    if g["rel"]:
        rel = g["rel"].lower()
        offset = {"the day after tomorrow": 2, "tomorrow": 1, "yesterday": -1}.get(rel, 0)
        day = today + timedelta(days=offset)
        return day, day, offset < 0
    if g["wd"]:
        wd = next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(g["wd"].lower()[:3]))
        rel = (g["wrel"] or "").lower()
        monday = today - timedelta(days=today.weekday())
        if rel == "next":
            day = monday + timedelta(days=7 + wd)
        elif rel == "last":
            day = monday - timedelta(days=7 - wd)
        elif rel == "this":
            day = monday + timedelta(days=wd)
        else:  # bare or `coming`: the nearest such day from today on
            day = today + timedelta(days=(wd - today.weekday()) % 7)
        return day, day, day < today
    if g["qrel"] or g["end"] and g["endunit"] and g["endunit"].lower() == "quarter":
        current = (today.month - 1) // 3 + 1
        nxt = (g["qrel"] or "").lower() == "next" or bool(g["endnext"])
        first, last = quarter_days(current % 4 + 1 if nxt else current, today)
        return (last if g["end"] else first), last, False
    if g["dn2"]:
        # `Friday the 28th`: the nearest 28th that is a Friday, else the nearest 28th
        wd = next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(g["wd2"].lower()[:3]))
        d, y, m = int(g["dn2"]), today.year, today.month
        days = []
        for _ in range(12):
            if d <= calendar.monthrange(y, m)[1] and date(y, m, d) >= today:
                days.append(date(y, m, d))
            y, m = _add_months(y, m, 1)
        day = next((x for x in days if x.weekday() == wd), days[0] if days else None)
        return None if day is None else (day, day, False)
    if g["nm"]:
        m, d = int(g["nm"]), int(g["nd"])
        if not 1 <= d <= calendar.monthrange(today.year, m)[1]:
            return None
        return _recent_or_next(today, m, d)
    if g["end"] and g["endq"] or g["q"]:
        first, last = quarter_days(_QUARTER_NO[(g["endq"] or g["q"]).lower().split()[0]], today)
        return (last if g["end"] else first), last, False
    if g["end"]:
        eo = (g["eo"] or "")[-1:].lower()
        unit = (g["endunit"] or {"y": "year", "m": "month"}.get(eo, "")).lower()
        if eo == "q":
            first, last = quarter_days((today.month - 1) // 3 + 1, today)
            return last, last, False
        if unit == "year" or not g["endmon"] and not unit:
            day = date(today.year, 12, 31)
        elif unit:
            y, m = _add_months(today.year, today.month, 1 if g["endnext"] else 0)
            day = _month_end(y, m)
        else:
            m = _month_no(g["endmon"])
            y = today.year + (_month_end(today.year, m) < today)
            day = _month_end(y, m)
        return day, day, False
    if g["mon"] or g["mon2"]:
        m = _month_no(g["mon"] or g["mon2"])
        y = today.year + (_month_end(today.year, m) < today)
        d = g["dn"] or g["dfirst"]
        if d:
            d = int(d)
            if not 1 <= d <= calendar.monthrange(y, m)[1]:
                return None
            if date(y, m, d) < today:
                return _recent_or_next(today, m, d)
            return date(y, m, d), date(y, m, d), False
        part = (g["part"] or "").lower()
        first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, _month_end(y, m).day)}.get(part, (1, 0))
        return date(y, m, first), date(y, m, last) if last else _month_end(y, m), False
    if g["within"]:
        n, unit = _count(g["n"]), g["unit"].lower()
        if unit.startswith("month"):
            y, m = _add_months(today.year, today.month, n)
            day = date(y, m, min(today.day, calendar.monthrange(y, m)[1]))
        else:
            day = today + timedelta(days=n * (7 if unit.startswith("week") else 1))
        return (None if g["within"].lower() == "within" else day), day, False
    if g["mrel"]:
        nxt = g["mrel"].lower() == "next"
        if g["period"].lower() == "year":
            y = today.year + nxt
            return date(y, 1, 1), date(y, 12, 31), False
        y, m = _add_months(today.year, today.month, nxt)
        return date(y, m, 1), _month_end(y, m), False
    return None


_RECENT = 31  # days: a month and day just gone (`Call recap 10/19`, `RFP went out Oct 1`) are a recap, not next year


def _recent_or_next(today: date, m: int, d: int) -> tuple[date, date, bool]:
    """A day and month said without a year: this year's if not yet gone, or just gone (a past event, told
    in a recap), else next year's."""
    day = date(today.year, m, d)
    if day >= today:
        return day, day, False
    if (today - day).days <= _RECENT:
        return day, day, True
    if m == 2 and d == 29 and not calendar.isleap(today.year + 1):
        return None
    return date(today.year + 1, m, d), date(today.year + 1, m, d), False


def _clock(g: dict[str, str | None]) -> tuple[int | None, int]:
    if g.get("hh24"):
        return int(g["hh24"]), int(g["mm24"] or 0)
    if not g.get("hh"):
        return None, 0
    hour, minute = int(g["hh"]), int(g["mm"] or 0)
    pm = g["ampm"].lower().startswith("p")
    if hour > 12:
        return None, 0
    return (hour % 12) + (12 if pm else 0), minute


def find_times_en(text: str, now: datetime) -> list[When]:
    """English date expressions in `text`, in order."""
    if not re.search(r"[A-Za-z]{3}", text):
        return []
    today = now.date()
    found = []
    for m in _EXPR.finditer(text):
        g = m.groupdict()
        if g["dl"] and g["dl"].lower() == "until":
            continue  # `on hold until Q2`: the time a deal is put off to is no milestone of it
        if (g["mon"] or "").lower() == "may" and not g["dn"] and not _MAY_MONTH.search(text, 0, m.start("mon")):
            continue  # `I may call`: the verb, not the month
        period = _period(g, today)
        if period is None:
            continue
        start, end, past = period
        hour, minute = _clock(g)
        if hour is None:  # `at 2pm on Tuesday`: the hour said first
            before = _CLOCK_FIRST.search(text[max(0, m.start() - 12) : m.start() + 1])
            if before:
                hour, minute = _clock(before.groupdict())
        deadline = bool(g["dl"]) or start is None
        found.append(
            When(
                start=None if deadline else start,
                end=end,
                hour=hour,
                minute=minute,
                span=(m.start() if g["dl"] is None else m.start("dl"), m.end()),
                deadline=deadline,
                past=past,
                today_word=bool(g["rel"]) and g["rel"].lower() in ("today", "tonight"),
            )
        )
    return found
