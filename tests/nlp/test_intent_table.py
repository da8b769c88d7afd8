"""The intent layer on phrasing tables written apart from its rules (tests/data/intents/, both languages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadscribe.nlp.intent import read_intent

DATA = Path(__file__).resolve().parents[1] / "data" / "intents"


def accuracy(name: str) -> float:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    right = 0
    for row in rows:
        got = read_intent(row["text"], bool(row.get("pending")))
        args_ok = all(str(got.args.get(k)) == str(v) for k, v in (row.get("args") or {}).items())
        right += got.name == row["intent"] and args_ok
    return right / len(rows)


@pytest.mark.parametrize(
    ("table", "floor"),
    [
        ("dev.jsonl", 0.99),
        ("dev2.jsonl", 0.99),
        ("dev3.jsonl", 0.99),  # 0.796 before the wrappers, report openings and whole-word cues
        ("dev4.jsonl", 0.99),  # 0.841 before, 0.888 after the first round of those rules
        ("dev5.jsonl", 0.98),  # 0.818 before, 0.896 when written after both rounds
        ("dev6.jsonl", 0.99),  # voice, typos, dialect, slang: 0.864 before the respelling and breadth, 1.0 after
        ("dev6_check.jsonl", 0.95),  # the last 60 of dev6, errors never read: 0.817 before, 0.967 after
        ("holdout2.jsonl", 0.96),  # 0.862 when first measured; 0.969 after the rounds written apart from it
        ("holdout3.jsonl", 0.93),  # written apart (never read while building): 0.859 first, 0.941 now
        ("holdout4.jsonl", 0.95),  # written apart this stop, measured once: 0.956
    ],
)
def test_intent_accuracy(table, floor):
    """Development tables (all at 1.0 when their floors were set); the held-out tables, only ever scored, must
    not fall back."""
    assert accuracy(table) >= floor


@pytest.mark.parametrize(
    ("text", "pending", "name"),
    [
        ("好的", True, "confirm"),
        ("好的", False, "smalltalk"),
        ("今天下午拜访了华茂物业的曾经理，他们想换门禁", False, "note"),
        ("明天要去鲜丰超市谈价格", False, "note"),
        ("客户说任务很紧", False, "note"),
        ("查了一下客户的预算是50万", False, "note"),
        ("Customer asked for help with pricing", False, "note"),
        ("完成第一次拜访，对方很配合", False, "note"),
        ("帮客户把发票重新开了", False, "note"),
        ("客户的任务很急，要月底上线", False, "note"),
        ("取消了和绿源食品周五的会，改到下周", True, "note"),
        ("看看下周能不能约到华茂的赵总", False, "note"),
        ("search engine project at Hooli is on hold", False, "note"),
        ("no budget this quarter at Globex, revisit in July", True, "note"),
        ("麻烦帮我查下宏达电子", False, "search"),
        ("could you please pull up today's to-dos", False, "tasks"),
        ("确认", False, "note"),
    ],
)
def test_a_note_is_never_a_command_and_yes_needs_a_card(text, pending, name):
    assert read_intent(text, pending).name == name
