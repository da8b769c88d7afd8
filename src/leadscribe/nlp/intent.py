"""What a short message asks for, in Chinese or English: a command, a question, a yes/no to the open card, small
talk, or else a note to capture. Cue words are lexicon data (`intent_*.txt`); a note is never read as a command.

    read_intent("明天有什么任务") -> Intent("tasks", {"period": "tomorrow"})
    read_intent("好的", pending=True) -> Intent("confirm")
    read_intent("明天要去鲜丰超市谈价格") -> Intent("note")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import lexicon

# A request is short; a longer message is a note even when it holds a command word (`客户说任务很紧…`).
MAX_HAN = 16
MAX_WORDS = 9

_FILLER = re.compile(r"[\s,.!?;:~，。！？；：、…'\"“”‘’()（）\[\]【】]+|[吧啊呀呢哈嘛哦噢呗了的啦哒]+$")
# what may stand between the words of a yes or a no (`嗯对的👍`, `行，存吧`, `这条不要了，取消吧`)
_GLUE = (
    "这条",
    "这个",
    "那就",
    "就",
    "吧",
    "啊",
    "呀",
    "的",
    "了",
    "啦",
    "哈",
    "嘛",
    "呢",
    "哦",
    "，",
    ",",
    " ",
    "!",
    "！",
    "。",
    ".",
    "~",
    "that's",
    "thats",
    "it's",
    "its",
    "is",
    "please",
    "pls",
    "just",
    "all",
    "good",
)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_NUMBER = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_DONE = re.compile(
    rf"^(?:(?:完成|做完|搞定|已完成|done|finished?|complete[d]?|mark)\s*(?:task\s*|第|任务|#|no\.?\s*)?(?P<a>{_NUMBER})"
    rf"|(?:第|任务|task\s*|#)?(?P<b>{_NUMBER})\s*(?:个|号|条)?(?:任务)?\s*(?:已经|也)?"
    r"(?:搞定|做完|完成|已完成|弄完|办完|办好|弄好|做好|is done|done|finished|as done|complete))",
    re.IGNORECASE,
)
_MARK_DONE = re.compile(rf"^mark\s*(?:task\s*)?#?(?P<n>{_NUMBER})\s*(?:as\s*)?(?:done|complete[d]?|finished)", re.I)
_RESCHEDULE = re.compile(
    rf"^(?:(?:改期|改时间|推迟|延期|reschedule|move|push)\s*(?:task\s*|第|任务|#)?(?P<a>{_NUMBER})\s*(?:个|号|条)?\s*"
    r"(?:到|至|改到|to|till|until)?\s*(?P<wa>.+)"
    rf"|把?\s*(?:第|任务)?\s*(?P<b>{_NUMBER})\s*(?:个|号|条)?(?:任务)?\s*"
    r"(?:改到|挪到|推到|改成|延到|延后到|推迟到|放到|往后挪到|改期到|改期至|改时间到)\s*(?P<wb>.+))$",
    re.IGNORECASE,
)
_SEARCH = re.compile(
    r"^(?:帮我)?(?:查一下|查查|查询|查(?![了过到])|找一下|找找|找(?![了过到])|搜一下|搜下|搜索|搜|看看|look\s*up|find|search(?:\s*for)?|"
    r"what do we have on|show me|(?:any )?info on|anything on|pull up|"
    r"what'?s the status (?:with|of|on)|status (?:of|on))"
    r"\s*(?P<q>.+)$",
    re.IGNORECASE,
)
_STATUS_TAIL = re.compile(
    r"(?:的情况|的资料|的信息|的进展|的进度|的记录)?(?:调出来|现在)?(?:怎么样了?|如何|什么情况|什么进度|进展如何|进度)?[?？]*$"
)
_STATUS = re.compile(
    r"^(?:有没有)?(?P<q>[\u4e00-\u9fffA-Za-z0-9&·\s]{2,20}?(?:的情况|的资料|的信息|的进展|的进度|的记录|怎么样了?|进展如何|"
    r"现在什么情况|现在什么进度|什么进度|的资料调出来))[?？]*$"
)
_PERIODS = (
    ("overdue", re.compile(r"逾期|过期|超期|overdue|past.?due|late|missed", re.I)),
    ("tomorrow", re.compile(r"明天|明日|明儿|tomorrow|tmrw|tmr\b", re.I)),
    ("week", re.compile(r"这周|本周|这个星期|这星期|这礼拜|一周|this week|the week|week", re.I)),
    ("today", re.compile(r"今天|今日|today|tonight|now", re.I)),
)


@dataclass(frozen=True)
class Intent:
    name: str  # confirm, cancel, tasks, customers, search, briefing, help, done, reschedule, undo, smalltalk, note
    args: dict[str, Any] = field(default_factory=dict)


def _bare(text: str) -> str:
    """The message without punctuation, emoji and trailing particles, lower-cased (for whole-message lists)."""
    out = re.sub(r"['’]", "", _EMOJI.sub("", text).strip().lower())
    prev = None
    while prev != out:
        prev, out = out, _FILLER.sub(" ", out).strip()
    return re.sub(r"\s+", " ", out)


def _plain(text: str) -> str:
    """Lower-cased, without punctuation and emoji, particles kept (`算了`)."""
    text = re.sub(r"['’]", "", _EMOJI.sub("", text))
    return re.sub(r"[\s,.!?;:~，。！？；：、…()（）]+", " ", text).strip().lower()


_WHOLE_REPLIES = ("intent_confirm.txt", "intent_cancel.txt", "intent_smalltalk.txt")


@lexicon.derived
def _replies() -> dict[str, tuple[tuple[str, ...], frozenset[str]]]:
    """Per whole-reply lexicon: its words with the glue, longest first, and the words alone (read once)."""
    out = {}
    for name in _WHOLE_REPLIES:
        vocabulary = frozenset(w.lower() for w in lexicon.words(name))
        out[name] = (tuple(sorted(vocabulary | set(_GLUE), key=len, reverse=True)), vocabulary)
    return out


def _pieces(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    return _replies()[name]


def _made_of(text: str, name: str) -> bool:
    """`text` is nothing but words of lexicon `name` and glue between them (at least one word)."""
    pieces, vocabulary = _pieces(name)
    i, seen = 0, False
    while i < len(text):
        piece = next((p for p in pieces if text.startswith(p, i)), None)
        if piece is None:
            return False
        seen = seen or piece in vocabulary
        i += len(piece)
    return seen


def _holds_word(text: str, name: str) -> bool:
    return any(w in text for w in _pieces(name)[1] if len(w) >= 2)


def _about_someone(text: str) -> bool:
    return lexicon.cue_regex("intent_note_markers.txt").search(text) is not None


def _short(text: str) -> bool:
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    return han <= MAX_HAN and len(re.findall(r"[A-Za-z]+", text)) <= MAX_WORDS


def _number(raw: str) -> int:
    if raw.isdigit():
        return int(raw)
    if raw.startswith("十"):
        return 10 + _CN_DIGITS.get(raw[1:], 0)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(raw, 1)


@lexicon.derived
def _cues() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in lexicon.pairs("intent_cues.txt")}


def read_intent(text: str, pending: bool = False) -> Intent:
    """The intent of one message; `pending`: a card waits for 确认/取消 (only then do yes and no mean that)."""
    raw = (text or "").strip()
    bare = _bare(raw)
    if not bare:
        return Intent("smalltalk")
    plain = _plain(raw)
    if pending and _made_of(plain, "intent_confirm.txt"):
        return Intent("confirm")
    if pending and _made_of(plain, "intent_cancel.txt"):
        return Intent("cancel")
    if pending and _short(raw) and _holds_word(plain, "intent_cancel.txt") and not _about_someone(plain):
        return Intent("cancel")  # `这个先不存了`, `no don't save this`
    if not _short(raw):
        return Intent("note")
    if m := _MARK_DONE.match(bare) or _DONE.match(bare):
        groups = m.groupdict()
        return Intent("done", {"n": _number(groups.get("n") or groups.get("a") or groups.get("b") or "1")})
    if m := _RESCHEDULE.match(raw.strip()):
        n, when = (m.group("a"), m.group("wa")) if m.group("a") else (m.group("b"), m.group("wb"))
        when = re.sub(r"^(?:for|to|at|on)\s+", "", when.strip(), flags=re.IGNORECASE)
        return Intent("reschedule", {"n": _number(n), "when": when})
    cues = _cues()
    for name in ("undo", "help", "briefing", "customers"):
        if cues[name].search(plain) and _only_asks(plain, cues[name]):
            return Intent(name)
    if cues["tasks"].search(plain) and _only_asks(plain, cues["tasks"]):
        period = next((p for p, pattern in _PERIODS if pattern.search(plain)), "today")
        return Intent("tasks", {"period": period})
    if re.fullmatch(r"(?:明天|明日|tomorrow|这周|本周|this week|today|今天)(?:呢|的)?\??", bare):
        return Intent("tasks", {"period": next(p for p, pattern in _PERIODS if pattern.search(bare))})
    if m := _SEARCH.match(raw) or _STATUS.match(raw):
        query = _bare(_STATUS_TAIL.sub("", m.group("q"))).strip()
        # a name, not a sentence: `查一下鲜丰超市`, not `查了一下客户的预算是50万`
        if query and not _cues()["tasks"].search(query) and not re.search(r"\d|预算|是|说|要|了", query):
            return Intent("search", {"query": _STATUS_TAIL.sub("", m.group("q")).strip(" ?？。.!！")})
    if _made_of(plain, "intent_smalltalk.txt"):
        return Intent("smalltalk")
    return Intent("note")


# Words a request may hold besides its cue: who, when, politeness, question words. Anything else (a customer, a
# product, an amount) makes the message a note about them.
_ASKING = re.compile(
    r"^(?:我的?|我们的?|你|您|给我|帮我|请|麻烦|看看|看一下|查看|显示|列出|列|发我|有|有没有|还有|哪些|什么|啥|咋|"
    r"几个|多少|名下|列表|清单|没做|没完成|未完成|还没做|刚才|刚刚|上一条|最后一条|那条|那个|这条|弄错了|错了|"
    r"今天|今日|明天|明日|这周|本周|这个星期|这礼拜|逾期|过期|的|要|吗|呢|嘛|吧|啦|一下|下|个|都|全部|所有|"
    r"show|me|my|the|what|whats|what's|is|are|on|for|do|i|have|list|all|any|anything|please|pls|can|you|"
    r"today|tomorrow|this|that|last|one|week|overdue|get|give|send|open|see|check|how|does|it|work|use|to|a|of|s|"
    r"who|which|daily|morning|current|latest|now|"
    r"up|"
    r"\s)*$",
    re.IGNORECASE,
)


def _only_asks(bare: str, cue: re.Pattern[str]) -> bool:
    """The message is the cue and words that ask (`今天有什么任务`, `逾期的任务给我看下`), nothing about a customer
    (`客户说任务很紧` is a note)."""
    rest = cue.sub(" ", bare)
    if _ASKING.match(rest) is not None:
        return True
    return not lexicon.cue_regex("intent_note_markers.txt").search(rest) and len(re.sub(r"\s", "", rest)) <= 10
