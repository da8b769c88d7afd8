"""The team and lead commands, run as a user would run them (a real process, a real SQLite file)."""

from __future__ import annotations

import json

import pytest

from .conftest import run


def test_users_add_and_list(env):
    assert run(["db", "upgrade"], env).returncode == 0
    boss = run(["users", "add", "--name", "李经理", "--role", "manager"], env)
    assert boss.returncode == 0, boss.stderr
    rep = run(
        [
            "users",
            "add",
            "--name",
            "Amy",
            "--role",
            "rep",
            "--manager",
            "李经理",
            "--tz",
            "America/Los_Angeles",
            "--phone",
            "+14155550100",
            "--telegram",
            "777",
            "--wecom",
            "amy",
            "--dingtalk",
            "staff9",
        ],
        env,
    )
    assert rep.returncode == 0, rep.stderr
    listed = run(["users", "list", "--json"], env)
    users = {u["name"]: u for u in json.loads(listed.stdout)}
    assert users["Amy"]["manager"] == "李经理"
    assert users["Amy"]["tz"] == "America/Los_Angeles"
    assert (users["Amy"]["telegram"], users["Amy"]["wecom"], users["Amy"]["dingtalk"]) == (
        "777",
        "amy",
        "staff9",
    )


def test_users_add_takes_zone_and_language_defaults_from_the_settings(env):
    env = {**env, "LEADSCRIBE_DEFAULT_TZ": "Europe/Berlin", "LEADSCRIBE_DEFAULT_LANGUAGE": "en"}
    assert run(["db", "upgrade"], env).returncode == 0
    assert run(["users", "add", "--name", "Jonas"], env).returncode == 0
    assert run(["users", "add", "--name", "小王", "--tz", "Asia/Shanghai", "--language", "zh"], env).returncode == 0
    users = {u["name"]: u for u in json.loads(run(["users", "list", "--json"], env).stdout)}
    assert (users["Jonas"]["tz"], users["Jonas"]["language"]) == ("Europe/Berlin", "en")
    assert (users["小王"]["tz"], users["小王"]["language"]) == ("Asia/Shanghai", "zh")


@pytest.mark.parametrize(
    "bad",
    [["--role", "boss"], ["--tz", "Mars/Base"], ["--manager", "nobody"]],
)
def test_users_add_rejects_bad_input_clearly(env, bad):
    out = run(["users", "add", "--name", "X", *bad], env)
    assert out.returncode == 2
    assert out.stderr.startswith("error:")
    assert out.stdout == ""


def test_leads_list_json_is_scoped_to_the_user(env):
    from leadscribe.crm.capture import Capture, record_capture
    from leadscribe.crm.db import Database
    from leadscribe.crm.users import add_user

    db = Database(env["LEADSCRIBE_DATABASE_URL"])
    db.upgrade()
    with db.session() as s:
        a = add_user(s, "小张")
        b = add_user(s, "小陈")
        record_capture(
            s,
            a,
            Capture(
                text="t",
                company="华东医疗",
                need="CT设备",
                budget_min=1,
                budget_max=2,
                follow_up="2026-12-02T15:00",
                source_message_id="1",
            ),
        )
        record_capture(s, b, Capture(text="t", company="星辰教育", source_message_id="2"))
    db.dispose()
    mine = json.loads(run(["leads", "list", "--user", "小张", "--json"], env).stdout)
    assert [lead["customer"]["company"] for lead in mine] == ["华东医疗"]
    assert mine[0]["budget"] == {"min": 1, "max": 2, "currency": "CNY"}
    assert mine[0]["tasks"][0]["due_local"] == "2026-12-02T15:00+08:00"
    everyone = json.loads(run(["leads", "list", "--json"], env).stdout)
    assert len(everyone) == 2
