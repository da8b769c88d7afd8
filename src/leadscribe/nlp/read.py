"""One value read from a short phrase the rep typed (`下周二上午`, `350万`, `139…`), as extraction reads it.

The bot asks these when a reply corrects one field of a card; it never builds sentences to steer `extract`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from . import lexicon
from .components.hygiene import cap_text, normalise
from .components.money import extract_budget
from .components.phone import find_phones
from .components.when import all_times, follow_value, key_value
from .moment import resolve_now


def _clean(text: str) -> str:
    return normalise(cap_text(text)[0])


def read_follow_up(text: str, now: datetime | None = None, tz: str | None = None) -> str | None:
    """The first time said, as a follow-up value: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` in the user's zone."""
    times = all_times(_clean(text), resolve_now(now, tz))
    return follow_value(times[0]) if times else None


def read_key_date(text: str, now: datetime | None = None, tz: str | None = None) -> dict[str, str | None] | None:
    """The first time said, as a key-date span {start, end} (a month reads as its first and last day)."""
    times = all_times(_clean(text), resolve_now(now, tz))
    return key_value(times[0]) if times else None


def read_budget(text: str) -> dict[str, Any] | None:
    """An amount or range said alone: {min, max, currency}."""
    found = extract_budget(_clean(text))
    return found.value if found else None


def read_phones(text: str) -> list[str]:
    return [f.value for f in find_phones(_clean(text))]


_CLAUSE_END = re.compile(r"[，,。.；;！!？?\n]")
_LEAD_IN = re.compile(r"^(?:我们|我|咱们|再|要|会|先|之前|以前|前)+")


def day_part_end(text: str, end: int) -> int:
    """Where a follow-up time ends once a part of the day said right after it is taken in (`next Tuesday
    morning`, `Friday afternoon`, `周三 下午`): English says the part after the day."""
    m = re.match(r"\s?(?:in the |at )?([A-Za-z]+)\b", text[end:])
    if m is not None and part_of_day(m.group(1)):
        return end + m.end()
    return end


def read_action_after(text: str, end: int) -> str | None:
    """The rep's action said right after the follow-up time (`下周三下午3点拜访` -> `拜访`), for the task title."""
    clause = _CLAUSE_END.split(text[end:], maxsplit=1)[0].strip()
    action = _LEAD_IN.sub("", clause)[:16].strip()
    return action or None


@lexicon.derived
def _day_parts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((part, re.compile(rx, re.IGNORECASE)) for part, rx in lexicon.pairs("time_day_parts.txt"))


def part_of_day(text: str) -> str | None:
    """`morning`, `noon`, `afternoon` or `evening` when the words say a part of the day (`明天上午`)."""
    return next((part for part, rx in _day_parts() if rx.search(text)), None)


_NAMED_DAY = re.compile(
    r"周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|\d{1,2}[月/.-]\d{1,2}|\d{1,2}[日号]|"
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.? \d{1,2}\b",
    re.IGNORECASE,
)


def names_a_day(text: str) -> bool:
    """Whether the words name one day (`周六`, `12月5号`, `Saturday`), not a stretch of time (`下个月`)."""
    return _NAMED_DAY.search(text) is not None


_STRETCH = re.compile(r"月|周|星期|礼拜|年|季度|\b(?:week|month|quarter|year)\b", re.IGNORECASE)


def stretch_start(text: str, last: date) -> date:
    """The first day of the stretch the words name, given its last day (`下个月` ending 1-31 -> 1-1)."""
    if re.search(r"年|\byear\b", text, re.IGNORECASE):
        return last.replace(month=1, day=1)
    if re.search(r"季度|\bquarter\b", text, re.IGNORECASE):
        return last.replace(month=last.month - (last.month - 1) % 3, day=1)
    if re.search(r"月|\bmonth\b", text, re.IGNORECASE):
        return last.replace(day=1)
    return last - timedelta(days=last.weekday())  # a week


def names_a_stretch(text: str) -> bool:
    """Whether the words name a stretch of time (`下个月`, `next week`) rather than a single day (`明天`)."""
    return _STRETCH.search(text) is not None and not names_a_day(text)


def says_another_deal(text: str) -> bool:
    """Whether a note adds a second, different deal at the customer (`另外还想要…`, `also wants…`)."""
    return lexicon.cue_regex("deal_another.txt").search(text) is not None
