"""Commands run as a user runs them: a real process against a real SQLite file in the test's folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadscribe", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    e = dict(os.environ)
    e["LEADSCRIBE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    e["LEADSCRIBE_DATA_DIR"] = str(tmp_path)
    for name in ("TELEGRAM_TOKEN", "WECOM_CORP_ID", "DINGTALK_APP_KEY", "SMS_URL"):
        e.pop(f"LEADSCRIBE_{name}", None)
    return e
