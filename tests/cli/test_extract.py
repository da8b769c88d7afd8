"""`leadscribe extract` run as a user runs it: a real process, JSON lines on stdout, logs on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadscribe", "extract", *args],
        capture_output=True,
        text=True,
        timeout=120,
        **kw,
    )


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_one_text_prints_one_json_object():
    out = run(["华康医院的张院长手机13917284455，嫌我们贵", "--now", "2026-11-23T09:15:00+08:00"])
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert row["contact_name"] == "张院长"
    assert row["phone"] == ["13917284455"]
    assert row["flags"] == ["price_objection"]
    assert set(row) >= {
        "company",
        "email",
        "budget",
        "key_date",
        "follow_up",
        "competitors",
        "industry",
        "need",
    }


def test_jsonl_keeps_ids_and_order_and_stdout_is_only_json(tmp_path):
    rows = [
        {"id": "b", "now": "2026-11-05T16:30:00+08:00", "text": "收到"},
        {
            "id": "a",
            "now": "2026-11-05T16:30:00+08:00",
            "text": "联系人：杨建华，邮箱 Yang.JH@shengshi-nm.com",
        },
        {"id": 3, "now": "2026-11-05T16:30:00-05:00", "tz": "America/New_York", "text": "Hi 在吗"},
    ]
    out = run(["--jsonl", str(write_jsonl(tmp_path / "in.jsonl", rows))])
    assert out.returncode == 0, out.stderr
    got = [json.loads(line) for line in out.stdout.splitlines()]
    assert [g["id"] for g in got] == ["b", "a", 3]
    assert got[1]["email"] == "yang.jh@shengshi-nm.com"
    assert got[0]["contact_name"] is None and got[0]["flags"] == []


def test_failed_audio_gives_an_error_row_and_the_run_goes_on(tmp_path):
    rows = [
        {"id": "v1", "now": "2026-11-05T16:30:00+08:00", "audio": "missing.ogg"},
        {"id": "t1", "now": "2026-11-05T16:30:00+08:00", "text": "周老板让我把资料用钉钉发给他"},
    ]
    out = run(["--jsonl", str(write_jsonl(tmp_path / "in.jsonl", rows))])
    assert out.returncode == 0, out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["id"] == "v1" and first["error"] and first["contact_name"] is None and first["phone"] == []
    assert second["contact_name"] == "周老板" and second["competitors"] == []


def test_text_rows_never_import_speech(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "now": "2026-11-05T16:30:00+08:00", "text": "李经理"}])
    code = (
        "import sys\n"
        "from leadscribe.cli import main\n"
        f"sys.argv = ['leadscribe', 'extract', '--jsonl', {str(src)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('SPEECH' if 'leadscribe.speech' in sys.modules else 'NO-SPEECH', file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "NO-SPEECH" in out.stderr, out.stderr
    assert json.loads(out.stdout)["contact_name"] == "李经理"


@pytest.mark.parametrize("args", [["--now", "yesterday", "你好"], ["你好", "--tz", "Mars/Olympus"], []])
def test_bad_arguments_exit_2_with_nothing_on_stdout(args):
    out = run(args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert "error" in out.stderr
