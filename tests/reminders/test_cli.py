"""`leadscribe tasks|reminders|briefing` run as a user would run them (a real process, a real SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from leadscribe.crm.db import Database
from leadscribe.crm.models import Task


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadscribe", *args], capture_output=True, text=True, env=env, timeout=120
    )


def ok(args: list[str], env: dict[str, str]) -> str:
    res = run(args, env)
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    e = dict(os.environ)
    e["LEADSCRIBE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    e["LEADSCRIBE_DATA_DIR"] = str(tmp_path / "data")
    ok(["users", "add", "--name", "店长", "--role", "store_manager"], e)
    ok(
        [
            "users",
            "add",
            "--name",
            "Amy",
            "--manager",
            "店长",
            "--tz",
            "America/Los_Angeles",
            "--language",
            "en",
            "--phone",
            "+15550001",
        ],
        e,
    )
    return e


def test_add_list_and_see_the_ladder(env):
    added = json.loads(ok(["tasks", "add", "--user", "Amy", "--title", "Call Acme", "--due", "2030-01-15T10:00"], env))
    assert added["due_utc"] == "2030-01-15T18:00:00+00:00"  # local 10:00 in Los Angeles (PST)
    listed = json.loads(ok(["tasks", "list", "--user", "Amy", "--json"], env))
    assert [t["title"] for t in listed] == ["Call Acme"]

    steps = json.loads(ok(["reminders", "list", "--json"], env))
    by_step = {s["step"]: s for s in steps}
    assert set(by_step) == {"before", "overdue_sms", "overdue_manager", "eod"}
    assert by_step["before"]["at_utc"] == "2030-01-15T17:00:00+00:00"
    assert by_step["before"]["at_local"] == "2030-01-15T09:00:00-08:00" and by_step["before"]["recipient"] == "Amy"
    assert by_step["overdue_sms"]["channel"] == "sms"
    assert by_step["eod"]["recipient"] == "店长" and by_step["eod"]["tz"] == "Asia/Shanghai"
    assert by_step["eod"]["at_local"] == "2030-01-16T10:00:00+08:00"  # 18:00 in Los Angeles

    ok(["tasks", "done", str(added["id"]), "--user", "Amy"], env)
    assert json.loads(ok(["reminders", "list", "--json"], env)) == []


def test_task_made_by_a_capture_shows_its_ladder(env):
    db = Database(env["LEADSCRIBE_DATABASE_URL"])
    with db.session() as s:  # what `leadscribe chat` does when a message names a follow-up
        s.add(
            Task(
                title="跟进华为",
                due_at=datetime(2030, 1, 16, 2, 0, tzinfo=UTC),
                assignee_id=2,
                created_at=datetime.now(UTC),
            )
        )
    db.dispose()
    steps = json.loads(ok(["reminders", "list", "--user", "Amy", "--json"], env))
    assert {s["step"] for s in steps} == {"before", "overdue_sms", "overdue_manager", "eod"}


def test_briefing_prints_for_the_users_day(env):
    ok(["tasks", "add", "--user", "Amy", "--title", "Demo", "--due", "2030-01-15T14:00-08:00"], env)
    out = ok(["briefing", "--user", "Amy", "--date", "2030-01-15"], env)
    assert out.splitlines()[0] == "Good morning, Amy! Briefing for 2030-01-15"
    assert "1. 14:00 Demo" in out
    boss = ok(["briefing", "--user", "店长", "--date", "2030-01-15"], env)
    assert "Amy：待办 1" in boss


def test_bad_input_is_refused(env):
    assert run(["tasks", "add", "--user", "Nobody", "--title", "x", "--due", "2030-01-15T10:00"], env).returncode == 2
    assert run(["tasks", "add", "--user", "Amy", "--title", "x", "--due", "someday"], env).returncode == 2
