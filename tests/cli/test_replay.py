"""`leadscribe replay FILE --json`: scripted sessions through the real conversation, each in a fresh database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import run

ZH = {
    "id": "zh-visit",
    "user": "小张",
    "start": "2026-12-02T10:00:00+08:00",
    "turns": [
        "常州钟鸣电子科技有限公司的韦总想上一套WMS系统，预算50万，手机13923456789",
        "确认",
        "今天拜访了钟鸣电子韦总",
        "确认",
    ],
}
EN = {
    "id": "en-amy",
    "user": "Amy",
    "start": "2026-12-02T09:00:00-08:00",
    "turns": [
        "Met Dana Whitfield at Harbor Point Dental Group, they want a patient portal, budget $30k, cell 949-555-0188",
        "confirm",
        # the first session's customer, by its full name: in a fresh database it is nobody's yet
        "常州钟鸣电子科技有限公司的韦总说预算加到90万",
        "confirm",
    ],
}


def write(tmp_path, *lines: str):
    path = tmp_path / "sessions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[dict]:
    tmp = tmp_path_factory.mktemp("replay")
    env = dict(os.environ)
    env["LEADSCRIBE_DATABASE_URL"] = f"sqlite:///{tmp / 'cli.db'}"
    env["LEADSCRIBE_DATA_DIR"] = str(tmp)
    path = write(tmp, json.dumps(ZH, ensure_ascii=False), "", json.dumps(EN, ensure_ascii=False))
    done = run(["replay", str(path), "--json"], env)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def test_one_json_line_per_session_with_every_turn(results) -> None:
    assert [r["id"] for r in results] == ["zh-visit", "en-amy"]
    for r, session in zip(results, (ZH, EN), strict=True):
        assert [t["text"] for t in r["turns"]] == session["turns"]
        assert all(t["user"] == session["user"] for t in r["turns"])
        assert all(t["replies"] for t in r["turns"])  # every turn got an answer


def test_chinese_session_leaves_one_contacted_deal(results) -> None:
    zh = results[0]
    assert "已保存" in zh["turns"][1]["replies"][0]
    assert "已更新" in zh["turns"][3]["replies"][0]
    [lead] = zh["leads"]
    assert lead["owner"] == "小张"
    assert lead["stage"] == "contacted"
    assert lead["customer"]["company"] == "常州钟鸣电子科技有限公司"
    assert lead["budget"] == {"min": 500_000, "max": 500_000, "currency": "CNY"}
    assert lead["need"] == "WMS系统"
    assert lead["contact"] == {"name": "韦总", "phones": ["13923456789"]}


def test_english_session_starts_from_a_fresh_database(results) -> None:
    en = results[1]
    assert "Saved" in en["turns"][1]["replies"][0]
    leads = en["leads"]
    assert {lead["owner"] for lead in leads} == {"Amy"}  # 小张's customer of the first session is gone
    by_company = {lead["customer"]["company"]: lead for lead in leads}
    assert set(by_company) == {"Harbor Point Dental Group", "常州钟鸣电子科技有限公司"}
    harbor = by_company["Harbor Point Dental Group"]
    assert harbor["budget"] == {"min": 30_000, "max": 30_000, "currency": "USD"}
    assert harbor["need"] == "patient portal"
    assert harbor["stage"] in ("new", "contacted")
    assert "9495550188" in harbor["contact"]["phones"]
    zhongming = by_company["常州钟鸣电子科技有限公司"]
    assert zhongming["stage"] == "new"
    assert zhongming["budget"] == {"min": 900_000, "max": 900_000, "currency": "CNY"}
    # no 撞单: nobody else follows it in this session's database
    replies = " ".join(r for t in en["turns"] for r in t["replies"])
    assert "小张" not in replies and "already followed" not in replies


def test_english_replies_are_english(results) -> None:
    card = results[1]["turns"][0]["replies"][0]
    assert "New lead, please confirm" in card
    assert "万" not in card  # `$30k` is shown as an English amount, not `USD 3万`


def test_english_contact_name_is_kept(results) -> None:
    harbor = next(lead for lead in results[1]["leads"] if lead["customer"]["company"] == "Harbor Point Dental Group")
    assert harbor["contact"]["name"] == "Dana Whitfield"


def test_a_missing_file_exits_2_with_a_clear_message(tmp_path, env) -> None:
    missing = tmp_path / "nope.jsonl"
    done = run(["replay", str(missing), "--json"], env)
    assert done.returncode == 2
    assert "no such file" in done.stderr and str(missing) in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    "broken",
    [
        '{"id": "cut", "turns": ["你好"',  # cut off mid-line
        '{"id": "no-turns"}',
        "[1, 2]",  # JSON, but not a session
        "null",
    ],
)
def test_a_broken_line_exits_2_without_a_traceback(tmp_path, env, broken) -> None:
    path = write(tmp_path, json.dumps(ZH, ensure_ascii=False), broken)
    done = run(["replay", str(path), "--json"], env)
    assert done.returncode == 2, done.stderr[-500:]
    assert "Traceback" not in done.stderr
    assert "not a sessions file" in done.stderr
    assert str(path) in done.stderr
    assert done.stdout == ""  # nothing half-printed


def test_leads_list_open_hides_a_won_deal_and_json_shows_stage_and_value(tmp_path, env) -> None:
    sessions = tmp_path / "won.jsonl"
    turns = ["无锡德润包装材料有限公司的郝总要一条包装线，预算300万", "确认", "德润280万签了", "确认"]
    sessions.write_text(json.dumps({"id": "won", "turns": turns}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = run(["replay", str(sessions), "--json"], env)
    assert done.returncode == 0, done.stderr
    (lead,) = json.loads(done.stdout)["leads"]
    assert lead["stage"] == "won" and lead["value"] == 2_800_000
    # the same through the chat command on the configured database, then `leads list`
    lines = "\n".join(turns) + "\n"
    chat = subprocess.run(
        [sys.executable, "-m", "leadscribe", "chat"], input=lines, capture_output=True, text=True, env=env, timeout=120
    )
    assert chat.returncode == 0, chat.stderr
    everything = json.loads(run(["leads", "list", "--json"], env).stdout)
    assert [r["stage"] for r in everything] == ["won"]
    assert json.loads(run(["leads", "list", "--json", "--open"], env).stdout) == []
