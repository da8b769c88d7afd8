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
# characters besides its cue and asking words a request may hold (`明儿有啥要跟的`: 明儿)
FEW_OTHERS = 4
# words besides its cue and asking words an English question may hold (`what do i need to do today im swamped`)
FEW_WORDS = 2
_QUESTION = re.compile(r"\s*(?:what|whats|which|who|when|where|do|does|did|is|are|any|anything|how|have)\b", re.I)

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
    "this",
    "that",
    "it",
    "that's",
    "thats",
    "it's",
    "its",
    "is",
    "please",
    "pls",
    "thanks",
    "thank you",
    "thx",
    "谢谢",
    "just",
    "all",
    "good",
    "man",
    "mate",
    "bro",
    "dude",
    "buddy",
    "then",
    "老铁",
)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_EN_NUMBERS = {
    w: i + 1
    for i, words in enumerate(
        (
            ("one", "first", "1st"),
            ("two", "second", "2nd"),
            ("three", "third", "3rd"),
            ("four", "fourth", "4th"),
            ("five", "fifth", "5th"),
            ("six", "sixth", "6th"),
            ("seven", "seventh", "7th"),
            ("eight", "eighth", "8th"),
            ("nine", "ninth", "9th"),
            ("ten", "tenth", "10th"),
        )
    )
    for w in words
}
_NUMBER = (
    r"(?:\d{1,3}(?:st|nd|rd|th)?|[一二两三四五六七八九十]{1,3}|"
    + "|".join(sorted((w for w in _EN_NUMBERS if w.isalpha()), key=len, reverse=True))
    + ")"
)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_DONE = re.compile(
    r"(?:(?:完成|做完|搞定|已完成|done|finished?|complete[d]?|mark)\s*(?:with\s*)?(?:task\s*|number\s*|第|任务|#|no\.?\s*)?"
    rf"(?P<a>{_NUMBER})\s*(?:个|号|条|项)?(?:任务)?"
    rf"|(?:第|任务|(?:the\s*)?task\s*|number\s*|no\.?\s*|the\s*|#)?(?P<b>{_NUMBER})\s*(?:one\s*|task\s*)?\s*(?:个|号|条|项)?(?:任务)?\s*(?:已经|已|也|is\s*)?"
    r"(?:搞定|做完|完成|已完成|弄完|办完|办好|弄好|做好|ok|is done|done|finished|as done|complete[d]?))",
    re.IGNORECASE,
)
_MARK_DONE = re.compile(rf"mark\s*(?:task\s*)?#?(?P<n>{_NUMBER})\s*(?:as\s*)?(?:done|complete[d]?|finished)", re.I)
_RESCHEDULE = re.compile(
    rf"^(?:(?:改期|改时间|推迟|延期|reschedule|move|push)\s*(?:(?:the\s*)?task\s*|number\s*|no\.?\s*|the\s*|第|任务|#)?"
    rf"(?P<a>{_NUMBER})\s*(?:个|号|条|one)?\s*"
    r"(?:到|至|改到|to|till|until)?\s*(?P<wa>.+)"
    rf"|把?\s*(?:第|任务|task\s*|#)?\s*(?P<b>{_NUMBER})\s*(?:个|号|条)?(?:任务)?\s*"
    r"(?:改到|挪到|推到|改成|延到|延后到|推迟到|放到|往后挪到|往后推到|改期到|改期至|改时间到)\s*(?P<wb>.+))$",
    re.IGNORECASE,
)
_SEARCH = re.compile(
    r"^(?:查一下|查一查|查查|查下|搜搜|搜一搜|找一找|看一看|查询一下|查询|查(?![了过到])|找一下|找找|找下|找(?![了过到])|搜一下|搜下|搜索|搜(?![了过到])|看看|看下|"
    r"look\s*up|find|search(?:\s*for)?|what do we have on|show me|(?:any )?info on|(?:any )?notes on|anything on|"
    r"pull up|what'?s (?:the )?(?:latest|news|update|happening) (?:on|with)|where are we (?:at )?(?:on|with)|"
    r"(?:any )?updates? on|what'?s new (?:with|on|at)|"
    r"what'?s the status (?:with|of|on)|status (?:of|on))"
    r"\s*(?P<q>.+)$",
    re.IGNORECASE,
)
_STATUS_TAIL = re.compile(
    r"(?:那边|这边|那单|这单|那个单子)?(?:的情况|的资料|的信息|的进展|的进度|的记录)?(?:调出来|现在|最近)?"
    r"(?:怎么样了?|如何|什么情况|什么进度|进展如何|进度|跟到哪了?|跟到哪一步了?|到哪一步了?|进展到哪了?|going|doing)?"
    r"[?？]*$",
    re.IGNORECASE,
)
# what wraps a name searched for in English (`the Hooli deal`, `Contoso please`)
_QUERY_WRAP = re.compile(r"^(?:the|our|my)\s+|\s+(?:deal|account|opportunity|opp|file|please|pls)$", re.IGNORECASE)
_STATUS = re.compile(
    r"^(?:有没有)?(?P<q>[\u4e00-\u9fffA-Za-z0-9&·\s]{2,20}?(?:的情况|的资料|的信息|的进展|的进度|的记录|怎么样了?|进展如何|"
    r"现在什么情况|现在什么进度|什么情况|什么进度|的资料调出来|跟到哪了?|跟到哪一步了?|到哪一步了?|进展到哪了?|\s+status|\s+update))[?？]*$"
)
# `how's Globex going`, `how are things with Initech`
_HOW = re.compile(
    r"^how(?:(?:'?s| is)\s+(?!(?:it|that|this|things|everything|life|you|your day)\s)(?P<q>.+?)\s+"
    r"(?:going|doing|looking|coming along)|\s+are things (?:with|at)\s+(?P<w>.+?))[?？]*$",
    re.I,
)
# English words whole (`plate` holds no `late`), possessive or not (`today's`, plain `todays`)
_PERIODS = (
    (
        "overdue",
        re.compile(
            r"逾期|过期|超期|超时|截止|拖着|漏掉|漏了|落下|\b(?:overdue|past.?due|late|miss(?:ed)?|behind)\b",
            re.I | re.A,
        ),
    ),
    ("tomorrow", re.compile(r"明天|明日|明儿|\b(?:tomorrow'?s?|tmrw|tmr)\b", re.I | re.A)),
    ("week", re.compile(r"这周|本周|这个星期|这星期|这礼拜|一周|\bweek'?s?\b", re.I | re.A)),
    ("today", re.compile(r"今天|今日|\b(?:today'?s?|tonight|now)\b", re.I | re.A)),
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


@lexicon.derived
def _spellings() -> tuple[re.Pattern[str], dict[str, str]]:
    """Variants and the words the rules know (intent_spelling.txt): English whole, Chinese anywhere."""
    table = {k.lower(): v for k, v in lexicon.pairs("intent_spelling.txt")}
    english = lexicon.alternation([k for k in table if k.isascii()])
    chinese = lexicon.alternation([k for k in table if not k.isascii()])
    return re.compile(rf"(?<![A-Za-z0-9'])(?:{english})(?![A-Za-z0-9])|{chinese}", re.IGNORECASE), table


def _respell(text: str) -> str:
    """`wat can u do` -> `what can you do`, `咋用` -> `怎么用`, `tasks this wk` -> `tasks this week`."""
    pattern, table = _spellings()
    return pattern.sub(lambda m: table.get(m.group(0).lower(), m.group(0)), text)


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


def _little_else(text: str, name: str) -> bool:
    """`text` is mostly words of lexicon `name`: nothing about a customer, no deed reported, few other characters."""
    if _about_someone(text) or _report_opening().search(_unwrap(text)):
        return False
    pieces, _ = _pieces(name)
    return len(re.sub(r"\s+", "", re.sub("|".join(map(re.escape, pieces)), " ", text))) <= FEW_OTHERS


def _about_someone(text: str) -> bool:
    return lexicon.cue_regex("intent_note_markers.txt").search(text) is not None


def _short(text: str) -> bool:
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    return han <= MAX_HAN and len(re.findall(r"[A-Za-z]+", text)) <= MAX_WORDS


def _number(raw: str) -> int:
    raw = raw.lower()
    if raw in _EN_NUMBERS:
        return _EN_NUMBERS[raw]
    if raw[:-2].isdigit():
        raw = raw[:-2]
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
    # ASCII word boundaries: an English cue inside Chinese counts (`今天的todo`, `明天的task有哪些`)
    return {name: re.compile(pattern, re.IGNORECASE | re.ASCII) for name, pattern in lexicon.pairs("intent_cues.txt")}


@lexicon.derived
def _wrappers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What opens and what ends a request without being part of it (`麻烦帮我`, `could you please`, `吗`)."""
    sides: dict[str, list[str]] = {"before": [], "after": []}
    for side, words in lexicon.pairs("intent_wrappers.txt"):
        sides.setdefault(side, []).append(words)
    before = lexicon.alternation(sides["before"]).replace(r"\ ", r"\s+")
    after = lexicon.alternation(sides["after"]).replace(r"\ ", r"\s+")
    return (
        re.compile(rf"^(?:{before})(?![a-z])[\s,，、:：]*", re.IGNORECASE),
        re.compile(rf"(?<![a-z])(?:{after})[\s,，。.!！?？~…]*$", re.IGNORECASE),
    )


def _unwrap(text: str) -> str:
    """The request inside its politeness and question wrappers, case and inner punctuation kept."""
    before, after = _wrappers()
    out = re.sub(r"['’]", "", _EMOJI.sub("", text)).strip(" \t,.!?;:~，。！？；：、…")
    prev = None
    while prev != out:
        prev = out
        out = after.sub("", before.sub("", out)).strip(" \t,.!?;:~，。！？；：、…")
    return out or text


@lexicon.derived
def _report_opening() -> re.Pattern[str]:
    """A message opening with a deed done (`查了一下…`, `looked up…`, `帮客户…`): it reports, it does not ask."""
    verbs = lexicon.alternation(lexicon.words("intent_report_verbs.txt"))
    entries = lexicon.entries("intent_report_verbs.txt")
    patterns = [e[len(lexicon.PATTERN_PREFIX) :] for e in entries if e.startswith(lexicon.PATTERN_PREFIX)]
    english = "|".join(p for p in patterns if p.isascii())
    chinese = "|".join(p for p in patterns if not p.isascii())
    return re.compile(rf"^(?:(?:{verbs})(?:了|过|到)(?=.)|(?:{english})\s+\S|(?:{chinese}))", re.IGNORECASE)


@lexicon.derived
def _deed() -> re.Pattern[str]:
    """A deed done anywhere in a message (`把发票重新开了`): a request never reports one."""
    return re.compile(rf"(?:{lexicon.alternation(lexicon.words('intent_report_verbs.txt'))})(?:了|过)(?!吗|没)")


@lexicon.derived
def _sentence() -> re.Pattern[str]:
    """What makes a would-be search query a sentence: its sentence words, and the verbs, pronouns and time words
    a name never spans (org_boundaries.txt, two characters or more)."""
    boundaries = [w for w in lexicon.words("org_boundaries.txt") if len(w) >= 2 and w not in ("那边", "这边")]
    own = lexicon.cue_regex("intent_sentence_words.txt").pattern
    return re.compile(rf"{own}|{lexicon.alternation(boundaries)}", re.IGNORECASE)


def _query(raw: str) -> str | None:
    """The name asked about, or None when what follows the search word is a sentence."""
    query = _STATUS_TAIL.sub("", raw).strip(" ?？。.!！,，")
    prev = None
    while prev != query:
        prev, query = query, _QUERY_WRAP.sub("", query).strip()
    if not query or _sentence().search(query) or _cues()["tasks"].search(query):
        return None
    if len(re.findall(r"[A-Za-z]+", query)) > 5:
        return None
    return query


def read_intent(text: str, pending: bool = False) -> Intent:
    """The intent of one message; `pending`: a card waits for 确认/取消 (only then do yes and no mean that)."""
    written = (text or "").strip()
    raw = _respell(written)
    bare = _bare(raw)
    if not bare:  # emoji alone: `👍👍` to an open card is a yes
        emoji = re.sub(r"\s+", "", raw)
        return Intent("confirm" if pending and _made_of(emoji, "intent_confirm.txt") else "smalltalk")
    plain = _plain(raw)
    if pending and _made_of(plain, "intent_confirm.txt"):
        return Intent("confirm")
    if pending and _made_of(plain, "intent_cancel.txt"):
        return Intent("cancel")
    if pending and _short(raw) and _holds_word(plain, "intent_cancel.txt") and _little_else(plain, "intent_cancel.txt"):
        return Intent("cancel")  # `这个先不存了`, `no don't save this`; not `取消了和绿源周五的会`
    if not _short(_unwrap(written)):  # politeness makes no note (`那个你帮我看一下我今天都有哪些任务要做啊`)
        return Intent("note")
    core = _unwrap(raw)  # `麻烦帮我查下宏达电子` -> `查下宏达电子`
    core_bare, core_plain = _bare(core), _plain(core)
    if m := _MARK_DONE.fullmatch(core_bare) or _DONE.fullmatch(core_bare):
        groups = m.groupdict()
        return Intent("done", {"n": _number(groups.get("n") or groups.get("a") or groups.get("b") or "1")})
    if m := _RESCHEDULE.match(core):
        n, when = (m.group("a"), m.group("wa")) if m.group("a") else (m.group("b"), m.group("wb"))
        when = re.sub(r"^(?:for|to|at|on)\s+", "", when.strip(), flags=re.IGNORECASE)
        when = re.sub(r"[\s,.!?;:~，。！？；：、…吧啊呀呢哈嘛哦了]+$", "", when)
        return Intent("reschedule", {"n": _number(n), "when": when})
    if _report_opening().search(core_plain):
        return Intent("note")  # `查了一下…`, `确认了…`, `cancelled the demo…`
    cues = _cues()
    for name in ("undo", "help", "briefing"):
        # the wrapper may be the question itself (`你能做什么`), so the whole message is read too
        if any(cues[name].search(form) and _only_asks(form, cues[name]) for form in (core_plain, plain)):
            return Intent(name)
    period = next((p for p, pattern in _PERIODS if pattern.search(core_plain)), None)
    # the customer list has no date: customers asked about for a day are that day's tasks (`今天要跟哪些客户`)
    if period is None and cues["customers"].search(core_plain) and _only_asks(core_plain, cues["customers"]):
        return Intent("customers")
    if cues["tasks"].search(core_plain) and _only_asks(core_plain, cues["tasks"], about=cues["customers"]):
        return Intent("tasks", {"period": period or "today"})
    if re.fullmatch(r"(?:明天|明日|tomorrow|这周|本周|this week|today|今天)(?:呢|的)?\??", core_bare):
        return Intent("tasks", {"period": next(p for p, pattern in _PERIODS if pattern.search(core_bare))})
    m = _SEARCH.match(core) or _STATUS.match(core) or _HOW.match(core)
    if m and (query := _query(m.group("q") or m.groupdict().get("w") or "")):
        return Intent("search", {"query": query})
    if _made_of(plain, "intent_smalltalk.txt"):
        return Intent("smalltalk")
    return Intent("note")


@lexicon.derived
def _asking() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words of a request besides its cue (intent_asking.txt): English ones whole, then Chinese ones."""
    words = lexicon.words("intent_asking.txt")
    english = lexicon.alternation([w for w in words if w.isascii()])
    chinese = lexicon.alternation([w for w in words if not w.isascii()])
    return (
        re.compile(rf"\b(?:{english})(?:'?s)?\b", re.IGNORECASE | re.ASCII),
        re.compile(chinese),
    )


def _leftover(rest: str) -> str:
    """What remains of a request once its asking words are gone (`明儿有啥` -> `明儿`)."""
    english, chinese = _asking()
    return re.sub(r"\s+", "", chinese.sub(" ", english.sub(" ", rest)))


def _only_asks(text: str, cue: re.Pattern[str], about: re.Pattern[str] | None = None) -> bool:
    """The message is the cue and words that ask (`今天有什么任务`, `逾期的任务给我看下`), nothing about a customer
    (`客户说任务很紧` is a note) and no deed done (`帮客户把发票重新开了`); a few other characters may stay
    (`明儿有啥要跟的`). `about` names what may be asked about when nothing else stays (`今天要跟哪些客户`)."""
    rest = cue.sub(" ", text)
    if about is not None and not _leftover(about.sub(" ", rest)):
        return True
    left = _leftover(rest)
    if not left:
        return True
    if _deed().search(rest) or _about_someone(rest):
        return False
    if left.isascii() and _QUESTION.match(text):
        # an English question may trail a word or two of mood (`what do i need to do today im swamped`)
        return len(_asking()[0].sub(" ", rest).split()) <= FEW_WORDS
    return len(left) <= FEW_OTHERS
