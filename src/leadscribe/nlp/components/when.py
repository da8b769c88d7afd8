"""Dates: the customer's milestone (key_date) and the rep's own next action (follow_up), from cue words."""

from __future__ import annotations

import re
from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon
from ..extensions import clean_of, lead_of
from ..types import Field
from .when_en import find_times_en
from .when_parse import When, find_times

# an English full stop ends a clause, an abbreviation's (`Dr. Chen`) does not
_BOUNDARY = re.compile(
    r"[,，。;；!！?？\n]|\s{2,}|(?<!Dr)(?<!Mr)(?<!Ms)(?<!St)(?<!Co)(?<!Inc)(?<!Ltd)(?<!No)(?<!vs)"
    r"\.(?:\s|$)"
)
# `on hold until Q2`, `postponed to March`: the time a deal is put off to
_PUT_OFF = re.compile(
    r"\b(?:until|till|on hold|postponed?|pushed(?: back| out)?|delayed|deferred|moved (?:back|out)|slipped)\b[^.;,]*$",
    re.IGNORECASE,
)
# held (`on hold until Q2`) is no date of anything; moved (`the tender was postponed to March`) sets the new date
# of the milestone it names, as `招标推迟到3月` does
_HELD = re.compile(r"\b(?:until|till|on hold)\b[^.;,]*$", re.IGNORECASE)
_WINDOW = 30  # characters of the clause looked at on each side of a date
# `由1月推迟至3月15日`, `原定本月签约`: the date being replaced is not the milestone
_ORIGINAL = re.compile(r"(?:由|从|(?<![按照])(?:原定|原计划|原来|本来|原本))$")  # `按原计划` keeps it
# `pushing go-live from Feb to April`, `moved the demo from the 9th to the 12th`: the date moved away from
_MOVED_FROM = re.compile(
    r"\b(?:push|pushing|pushed|mov(?:e|es|ed|ing)|postpon\w*|reschedul\w*|slip\w*|delay\w*|bump\w*)\b[^.;]{0,40}"
    r"\bfrom\s+$",
    re.IGNORECASE,
)
KEY, FOLLOW = "key", "follow"
POSTPONED = "postponed"  # a date something was put off to, with no milestone named (`项目推迟到明年3月`)
# `今年的续约价格`: a period used as a modifier is no date of anything
_ATTRIBUTIVE = re.compile(r"的(?![\d一二三四五六七八九十]|上半年|下半年|[上中下]旬|月底|年底|月初|年初|第)")
# `推迟到明年再说`: the time a deal is put off to is no milestone of it
_DEFERRED = re.compile(r"\s?(?:之后|以后|后)?再(?:说|议|看|谈|考虑|启动|重启)")
# A time said first and set off by a pause or comma: its clause is the one that follows
_FRONTED = re.compile(r"\s*[,，]\s*")
_PERIOD_WORD = re.compile(r"(?:今年|明年|去年|本月|这个月|下个月|本季度|这季度|下季度)$")


def _reach(text: str, pos: int, step: int) -> int:
    """Where a window of _WINDOW Chinese characters from `pos` ends; Latin letters count a third each, so an
    English clause (`Meeting with Sarah Chen from Harbor Medical Group next Thursday`) is seen as whole."""
    units = 0.0
    while pos > 0 if step < 0 else pos < len(text):
        ch = text[pos - 1] if step < 0 else text[pos]
        units += 1 / 3 if ch.isascii() else 1
        if units > _WINDOW:
            break
        pos += step
    return pos


def _clause_after(text: str, end: int) -> str:
    rest = text[end : _reach(text, end, 1)]
    m = _BOUNDARY.search(rest)
    return rest if m is None else rest[: m.start()]


def _clause_fronted(text: str, end: int) -> str:
    """The clause after a date that stands alone before a comma (`下周二，我过去演示`), else ''."""
    m = _FRONTED.match(text, end)
    return "" if m is None else _clause_after(text, m.end())


def _clause_before(text: str, start: int) -> str:
    head = text[_reach(text, start, -1) : start]
    cut = 0
    for m in _BOUNDARY.finditer(head):
        cut = m.end()
    return head[cut:]


# what may stand between a coming (`过来`) and what they come for (`过来公司签合同`)
_ON_THE_WAY = re.compile(r"[^，。,.;；!！?？\s]{0,4}")


def _first_cue(clause: str) -> str | None:
    """KEY or FOLLOW by the cue nearest the clause's start (the clause after a date); a visit that comes to
    do a milestone is the milestone (`下周三过来签合同`)."""
    key, follow = lexicon.cue_regex("time_key_cues.txt"), lexicon.cue_regex("time_follow_cues.txt")
    k, f = key.search(clause), follow.search(clause)
    if k is None and f is None:
        return None
    if f is None or (k is not None and k.start() < f.start()):
        return KEY
    if k is not None and f.group(0) in _COMING and _ON_THE_WAY.fullmatch(clause, f.end(), k.start()):
        return KEY
    return FOLLOW


_COMING = frozenset({"过来", "来", "过去", "去", "到"})


def _last_cue(clause: str) -> str | None:
    """KEY or FOLLOW by the cue nearest the clause's end (the clause before a date)."""
    key, follow = lexicon.cue_regex("time_key_cues.txt"), lexicon.cue_regex("time_follow_cues.txt")
    k, f = _last(key, clause), _last(follow, clause)
    if k is None and f is None:
        return None
    return KEY if f is None or (k is not None and k > f) else FOLLOW


def _first(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    return None if m is None else m.start()


def _last(pattern: re.Pattern[str], text: str) -> int | None:
    found = None
    for m in pattern.finditer(text):
        found = m.end()
    return found


# A clause that only sets the time of what the clause before it said
_SETTING = re.compile(r"^\s*(?:时间|日子|日期)?(?:就|暂)?(?:定在|约在|改到|改在|安排在|定于|是)\s*$")


_POSTPONED = frozenset({"推迟", "推到", "延期", "延到", "推迟至", "延期至"})


def classify(text: str, when: When) -> str | None:
    """KEY, FOLLOW or None; a postponement is a milestone only when the note names one (`招标推迟到3月`, not
    `项目可能要推迟到明年上半年`)."""
    kind = _classify(text, when)
    if kind == KEY and all(m.group(0) in _POSTPONED for m in lexicon.cue_regex("time_key_cues.txt").finditer(text)):
        return POSTPONED
    return kind


_CUE_BEFORE_EN = 40  # characters: how far before an English date its cue may stand and still be its own


def _cue_right_before(before: str) -> str | None:
    """KEY or FOLLOW by a cue shortly before an English date (`deciding by end of January`, `call him 3/10`):
    English says the event first, so a cue there wins over one in the words that run on after the date."""
    key, follow = lexicon.cue_regex("time_key_cues.txt"), lexicon.cue_regex("time_follow_cues.txt")
    k, f = _last(key, before), _last(follow, before)
    nearest = max((x for x in (k, f) if x is not None), default=None)
    if nearest is None or len(before) - nearest > _CUE_BEFORE_EN:
        return None
    return KEY if nearest == k else FOLLOW


def _classify(text: str, when: When) -> str | None:
    """KEY, FOLLOW or None: the nearest cue after the date in its clause, else the nearest one before it; an
    English date takes a cue shortly before it first."""
    after = _clause_after(text, when.span[1])
    before = _clause_before(text, when.span[0])
    english = text[when.span[0] : when.span[1]].isascii()
    kind = (_cue_right_before(before) if english else None) or _first_cue(after) or _last_cue(before)
    if kind is None and _SETTING.search(before):  # `…参观，时间定在下周四上午十点`: the time of the clause before
        head = text[: when.span[0] - len(before)].rstrip()
        if head and _BOUNDARY.match(head[-1]):
            kind = _last_cue(_clause_before(text, len(head) - 1))
    if kind is None and not after.strip():
        kind = _first_cue(_clause_fronted(text, when.span[1]))
    return kind


# an English past tense right before `today` (`signed today`, `paid it today`); not `need`, `feed`
_DONE_EN_BEFORE = re.compile(
    r"\b(?:[a-z]{2,}(?<!ne)(?<!fe)(?<!spe)ed|paid|sent|met|won|lost|came|went)(?: \w+){0,2}\s+$", re.I
)


def _is_past(text: str, when: When) -> bool:
    if when.past:
        return True
    if when.today_word:
        # `今天下午拜访了…`: an event of today told with 了/完 has happened; so has `PO signed today`
        before = text[max(0, when.span[0] - 24) : when.span[0]]
        return (
            lexicon.cue_regex("time_past_cues.txt").search(_clause_after(text, when.span[1])) is not None
            or _DONE_EN_BEFORE.search(before) is not None
        )
    return False


def key_value(when: When) -> dict[str, str | None]:
    return {"start": None if when.start is None else when.start.isoformat(), "end": when.end.isoformat()}


def follow_value(when: When) -> str:
    day = when.end.isoformat()
    return day if when.hour is None else f"{day}T{when.hour:02d}:{when.minute:02d}"


def all_times(text: str, now: datetime, keep_put_off: bool = False) -> list[When]:
    """Chinese and English expressions in text order; a Chinese reading inside an English one is dropped, and
    so is a date something was put off until (`on hold until March`) unless `keep_put_off`."""
    english = find_times_en(text, now)
    chinese = [
        w for w in find_times(text, now) if not any(w.span[0] < e.span[1] and e.span[0] < w.span[1] for e in english)
    ]
    found = sorted(chinese + english, key=lambda w: w.span)
    return found if keep_put_off else [w for w in found if not _put_off(text, w)]


def _milestone_after(text: str, pos: int) -> bool:
    """A milestone cue right after a deferral (`再启动招标`): the date is that milestone's."""
    cue = lexicon.cue_regex("time_key_cues.txt").match(text, pos)
    return cue is not None and cue.group(0) not in _POSTPONED


def _put_off(text: str, when: When) -> bool:
    return _PUT_OFF.search(text, max(0, when.span[0] - 40), when.span[0]) is not None


def _held(text: str, when: When) -> bool:
    return _HELD.search(text, max(0, when.span[0] - 40), when.span[0]) is not None


def extract_dates(text: str, now: datetime, names: tuple[Field, ...] = ()) -> tuple[Field | None, Field | None]:
    """(key_date, follow_up). now is tz-aware, already in the user's zone. A time inside one of `names`
    (`俞国庆` holds 国庆) is none."""
    key, follow, _ = read_dates(text, now, names)
    return key, follow


def read_dates(
    text: str, now: datetime, names: tuple[Field, ...] = ()
) -> tuple[Field | None, Field | None, Field | None]:
    """(key_date, follow_up, postponed_to): the last is the date a note puts something off to without naming a
    milestone, which a known deal takes as its new key date."""
    key: Field | None = None
    follow: Field | None = None
    postponed: Field | None = None
    for when in all_times(text, now, keep_put_off=True):
        if any(n.start < when.span[1] and when.span[0] < n.end for n in names):
            continue
        if _put_off(text, when) and (_held(text, when) or classify(text, when) != KEY):
            # `pushed the project to March`: no milestone named, but a known deal moves to it
            if postponed is None:
                postponed = Field(key_value(when), when.span[0], when.span[1], 0.7)
            continue
        if _ORIGINAL.search(text[max(0, when.span[0] - 4) : when.span[0]]) or _is_past(text, when):
            continue
        if _MOVED_FROM.search(text[max(0, when.span[0] - 60) : when.span[0]]):
            continue
        said = text[when.span[0] : when.span[1]]
        if _PERIOD_WORD.search(said) and _ATTRIBUTIVE.match(text, when.span[1]):
            continue
        kind = classify(text, when)
        deferred = _DEFERRED.match(text, when.span[1])
        if kind == KEY and deferred and not _milestone_after(text, deferred.end()):
            continue  # `明年再说`; but `明年Q2再启动招标` still names its milestone
        if kind == KEY and key is None:
            key = Field(key_value(when), when.span[0], when.span[1], 0.8)
        elif kind == FOLLOW and follow is None:
            follow = Field(follow_value(when), when.span[0], when.span[1], 0.8)
        elif kind == POSTPONED and postponed is None:
            postponed = Field(key_value(when), when.span[0], when.span[1], 0.7)
    return key, follow, postponed


@Language.component("leadscribe_when", assigns=["doc._.lead"])
def when_component(doc: Doc) -> Doc:
    """Sets doc._.lead.key_date and .follow_up, resolved against doc._.now."""
    now = doc._.now
    if now is None:
        return doc
    lead = lead_of(doc)
    names = tuple(f for f in (lead.contact_name,) if f is not None)
    lead.key_date, lead.follow_up, lead.postponed_to = read_dates(clean_of(doc), now, names)
    return doc
