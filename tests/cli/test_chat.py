"""`leadscribe chat` as a new user runs it: a fresh database, piped lines, a saved lead."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_chat_on_a_fresh_database_captures_and_confirms(tmp_path):
    env = dict(os.environ, LEADSCRIBE_DATA_DIR=str(tmp_path / "data"))
    env.pop("LEADSCRIBE_DATABASE_URL", None)
    lines = "华东医疗的张总想买两台CT设备，手机13812345678\n1\n/quit\n"
    out = subprocess.run(
        [sys.executable, "-m", "leadscribe", "chat"],
        input=lines,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr
    assert "demo team" in out.stderr
    assert "【新线索，请确认】" in out.stdout and "✅ 已保存" in out.stdout
    leads = subprocess.run(
        [sys.executable, "-m", "leadscribe", "leads", "list", "--user", "小张", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    [lead] = json.loads(leads.stdout)
    assert lead["customer"]["company"] == "华东医疗"
    assert lead["contact"]["phones"] == ["13812345678"]


def test_chat_refuses_an_unknown_user(tmp_path):
    env = dict(os.environ, LEADSCRIBE_DATA_DIR=str(tmp_path / "data"))
    out = subprocess.run(
        [sys.executable, "-m", "leadscribe", "chat", "--user", "nobody"],
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 2 and "no user named" in out.stderr
