"""Every command the README lists that no other test runs, as a user runs it: a real process, a real SQLite file."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta

from .conftest import run


def seeded(env: dict[str, str]) -> None:
    out = run(["db", "seed"], env)
    assert out.returncode == 0, out.stderr


def test_help_lists_every_command(env):
    out = run(["--help"], env)
    assert out.returncode == 0
    for command in ("chat", "serve", "extract", "transcribe", "users", "leads", "tasks", "reminders", "briefing"):
        assert command in out.stdout


def test_tasks_add_list_move_done_and_their_reminders(env):
    seeded(env)
    added = run(["tasks", "add", "--user", "小张", "--title", "回访华锐", "--due", "2099-03-02T10:00"], env)
    assert added.returncode == 0, added.stderr
    tasks = json.loads(run(["tasks", "list", "--user", "小张", "--json"], env).stdout)
    (task,) = [t for t in tasks if t["title"] == "回访华锐"]
    steps = json.loads(run(["reminders", "list", "--user", "小张", "--json"], env).stdout)
    mine = [s for s in steps if s["task_id"] == task["id"]]
    assert {s["step"] for s in mine} >= {"before"}  # the engine's planner ran for the listing
    before = next(s for s in mine if s["step"] == "before")
    assert before["at_local"].startswith("2099-03-02T09:00")

    moved = run(["tasks", "move", str(task["id"]), "--user", "小张", "--due", "2099-03-03"], env)
    assert moved.returncode == 0, moved.stderr
    steps = json.loads(run(["reminders", "list", "--user", "小张", "--json"], env).stdout)
    before = next(s for s in steps if s["task_id"] == task["id"] and s["step"] == "before")
    # a bare date is due when the team policy ends the working day (18:00 by default): the push an hour before
    assert before["at_local"].startswith("2099-03-03T17:00")

    done = run(["tasks", "done", str(task["id"]), "--user", "小张"], env)
    assert done.returncode == 0, done.stderr
    steps = json.loads(run(["reminders", "list", "--user", "小张", "--json"], env).stdout)
    assert not [s for s in steps if s["task_id"] == task["id"]]


def test_briefing_prints_the_morning_message(env):
    seeded(env)
    out = run(["briefing", "--user", "小张", "--date", "2099-03-02", "--json"], env)
    assert out.returncode == 0, out.stderr
    b = json.loads(out.stdout)
    assert b["user"] == "小张" and b["date"] == "2099-03-02" and b["text"]
    assert run(["briefing", "--user", "nobody"], env).returncode == 2


def test_scheduler_starts_ticks_and_stops(env, tmp_path):
    """The documented standalone scheduler: it leads, fires a due rung to a console user, and stops on Ctrl-C."""
    seeded(env)
    due = datetime.now(UTC) + timedelta(minutes=60, seconds=4)  # the push an hour before comes in 4 s
    added = run(["tasks", "add", "--user", "小张", "--title", "拜访鲜丰", "--due", due.isoformat()], env)
    assert added.returncode == 0, added.stderr
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "leadscribe", "scheduler", "--tick", "1"], stdout=stdout, stderr=stderr, env=env
        )
    try:
        deadline = time.monotonic() + 60
        while "拜访鲜丰" not in out.read_text() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert "拜访鲜丰" in out.read_text(), err.read_text()
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
    assert code == 0
    assert "scheduler started (leading)" in err.read_text()


def test_scheduler_refuses_when_disabled(env):
    env["LEADSCRIBE_SCHEDULER_ENABLED"] = "false"
    out = run(["scheduler"], env)
    assert out.returncode == 2 and "disabled" in out.stderr


def test_a_bad_setting_is_refused_clearly(env):
    env["LEADSCRIBE_WORKER"] = "threads"
    out = run(["tasks", "list", "--json"], env)
    assert out.returncode == 2 and "LEADSCRIBE_WORKER:" in out.stderr and "Traceback" not in out.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_healthz_and_stops(env):
    port = _free_port()
    env["LEADSCRIBE_WORKER"] = "inline"
    proc = subprocess.Popen(
        [sys.executable, "-m", "leadscribe", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        body, deadline = None, time.monotonic() + 60
        while body is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                    body = json.loads(resp.read())
            except OSError:
                time.sleep(0.3)
        assert body is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
        assert body["status"] == "ok" and body["worker"] == "inline"
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0


def test_help_loads_no_database_or_nlp_code():
    """`leadscribe --help` prints help without importing SQLAlchemy, the CRM or the language pipeline."""
    probe = (
        "import sys; from leadscribe.cli import _load_commands; _load_commands(); "
        "print(sorted(m for m in ('sqlalchemy', 'leadscribe.crm.db', 'spacy', 'leadscribe.nlp') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_worker_refuses_a_queue_it_does_not_know(env):
    out = run(["worker", "--queues", "emails"], env)
    assert out.returncode == 2 and "LEADSCRIBE_WORKER_QUEUES" in out.stderr and "Traceback" not in out.stderr


def test_a_worker_started_on_its_own_takes_the_jobs_of_its_queue_on_postgresql(env):
    """`leadscribe worker --queues text` as another machine would run it: a stored note gets processed."""
    import asyncio

    from sqlalchemy import select

    from leadscribe.bot import jobs
    from leadscribe.bot.dispatch import Dispatcher
    from leadscribe.crm.models import Draft, InboxMessage
    from leadscribe.crm.seed import seed_demo
    from leadscribe.ports import InboundEvent

    from ..pg import migrated_pg

    with migrated_pg() as db:
        url = db.engine.url.render_as_string(hide_password=False)
        with db.session() as s:
            seed_demo(s)

        async def store() -> None:
            deferrer = jobs.Deferrer(jobs.build_app(url), db)
            web = Dispatcher(db, {})
            web.notify = deferrer.add
            await deferrer.start()
            note = "华东医疗的张总想买CT，预算300万"
            await web.submit(InboundEvent("console", "小张", "小张", "w1", "text", note))
            await deferrer.stop()
            web.inbox.close()

        asyncio.run(store())
        env.update(LEADSCRIBE_DATABASE_URL=url, LEADSCRIBE_SCHEDULER_ENABLED="false")
        worker = subprocess.Popen([sys.executable, "-m", "leadscribe", "worker", "--queues", "text"], env=env)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with db.session() as s:
                    if s.scalar(select(InboxMessage.status)) == "done":
                        break
                time.sleep(0.2)
            with db.session() as s:
                assert s.scalar(select(InboxMessage.status)) == "done"
                assert "华东医疗" in s.scalar(select(Draft.text))
        finally:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(30) == 0  # it stops cleanly on SIGTERM
