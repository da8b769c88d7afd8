"""`leadscribe serve`'s inbox worker runs in its own process: the web process stores, acknowledges and rings it.

Real processes, a real SQLite file, WeCom callbacks through the real router and a fake WeCom API on loopback.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import time
from collections import Counter

from fastapi.testclient import TestClient
from sqlalchemy import select

from leadscribe.adapters.wecom import WeComChannel
from leadscribe.api.app import create_app
from leadscribe.bot.dispatch import Dispatcher
from leadscribe.bot.worker import InboxWorker
from leadscribe.crm.models import InboxMessage, OutboxMessage
from leadscribe.crm.users import add_user
from leadscribe.ports import InboundEvent, Reply
from leadscribe.settings import Settings

from ..adapters import test_wecom as wc
from ..fakes.server import serve
from ..fakes.wecom import FakeWeCom

NOW_TS = str(int(time.time()))  # WeCom signs the current time; older callbacks are replays


class Recorder:
    name = "wecom"

    def __init__(self) -> None:
        self.sent: list[Reply] = []

    async def send(self, reply: Reply, context=None) -> None:
        self.sent.append(reply)

    async def fetch_media(self, event) -> bytes:
        raise NotImplementedError


def wecom_settings(tmp_path, base: str) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        wecom_corp_id=wc.CORP_ID,
        wecom_agent_id="1000002",
        wecom_secret=wc.SECRET,
        wecom_token=wc.TOKEN,
        wecom_aes_key=wc.AES_KEY,
        wecom_api_base=base,
    )


def post(client: TestClient, channel: WeComChannel, text: str, msg_id: str, nonce: str) -> int:
    xml = wc.inner("text", f"<Content><![CDATA[{text}]]></Content>", msg_id=msg_id)
    body, sig = channel.crypto.envelope(xml, NOW_TS, nonce, agent_id="1000002")
    params = {"msg_signature": sig, "timestamp": NOW_TS, "nonce": nonce}
    return client.post("/wecom/callback", params=params, content=body).status_code


def outbox(app) -> set[str]:
    with app.state.db.session() as s:
        return set(s.scalars(select(OutboxMessage.status)))


def wait_for(predicate, limit: float = 30.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_the_worker_process_answers_survives_a_kill_and_never_answers_twice(tmp_path):
    fake = FakeWeCom(wc.CORP_ID, wc.SECRET)
    with serve(fake.app()) as base:
        settings = wecom_settings(tmp_path, base)
        app = create_app(settings, run_scheduler=False)
        with app.state.db.session() as s:
            add_user(s, "小张", wecom="zhangsan")
        channel = WeComChannel(wc.CORP_ID, "1000002", wc.SECRET, wc.TOKEN, wc.AES_KEY, api_base=base)
        with TestClient(app) as client:
            worker = app.state.worker
            assert worker is not None and worker.alive and worker.proc.pid != os.getpid()
            assert post(client, channel, "华东医疗的张总想买CT，预算300万", "9001", "a") == 200
            assert post(client, channel, "华东医疗的张总想买CT，预算300万", "9001", "b") == 200  # a retry
            assert wait_for(lambda: len(fake.sent) >= 1)
            # (a kill between the platform's answer and marking the reply sent would send it again on restart:
            # the one at-least-once window an external API leaves; wait past it)
            assert wait_for(lambda: outbox(app) == {"sent"})

            worker.proc.kill()  # the worker dies; the web process keeps acknowledging
            worker.proc.wait()
            assert post(client, channel, "帮助", "9002", "c") == 200
            assert client.get("/healthz").json()["worker"] == "restarting"
            assert wait_for(lambda: len(fake.sent) >= 2), "the message stored while the worker was down"
            assert worker.starts == 2 and worker.alive
            assert wait_for(lambda: client.get("/healthz").json()["worker"] == "running")
            time.sleep(1.5)  # a second answer to either message would have arrived by now
        assert not worker.alive  # the app's shutdown stopped it
    assert len(fake.sent) == 2
    assert fake.sent[0]["msgtype"] == "template_card" and "华东医疗" in str(fake.sent[0])
    with app.state.db.session() as s:
        statuses = Counter(s.scalars(select(InboxMessage.status)))
    assert statuses == {"done": 2}


def test_the_worker_leaves_when_the_web_process_dies(tmp_path):
    """However the parent goes (here: os._exit, no shutdown code runs), its worker reads EOF and exits."""
    script = textwrap.dedent(
        f"""
        import asyncio, os, sys
        from leadscribe.api.worker import WorkerProcess
        from leadscribe.settings import Settings

        async def main():
            child = WorkerProcess(Settings(database_url="sqlite:///{tmp_path / "w.db"}", scheduler_enabled=False))
            await child.start()
            print(child.proc.pid, flush=True)
            await asyncio.sleep(3)
            os._exit(0)

        asyncio.run(main())
        """
    )
    parent = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    pid = int(parent.stdout.split()[0])

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # a zombie re-parented to init is gone as far as we care
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] == "Z"

    assert wait_for(gone, 30)


async def test_the_worker_picks_up_pending_rows_once_and_requeues_a_crashed_one(sqlite_db):
    with sqlite_db.session() as s:
        add_user(s, "小张", wecom="zhang")
    channel = Recorder()
    intake = Dispatcher(sqlite_db, {"wecom": channel})
    intake.notify = lambda inbox_id: None  # storing only: another process works the inbox

    def event(i: int, text: str) -> InboundEvent:
        return InboundEvent(
            channel="wecom", chat_id="zhang", sender_id="zhang", message_id=str(i), kind="text", text=text
        )

    for i in range(3):
        assert await intake.submit(event(i, "帮助"))
    assert not await intake.submit(event(0, "帮助"))  # a copy
    with sqlite_db.session() as s:  # as if a worker crashed in the middle of the first one
        s.get(InboxMessage, 1).status = "processing"
    assert channel.sent == []  # intake alone never processes

    worker = InboxWorker(Dispatcher(sqlite_db, {"wecom": channel}), poll=0.05)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    for _ in range(200):
        await asyncio.sleep(0.05)
        if len(channel.sent) >= 3:
            break
    assert await intake.submit(event(3, "帮助"))
    worker.ring()
    for _ in range(200):
        await asyncio.sleep(0.05)
        if len(channel.sent) >= 4:
            break
    await asyncio.sleep(0.3)  # several more polls: nothing is picked up twice
    stop.set()
    await running
    assert len(channel.sent) == 4
    with sqlite_db.session() as s:
        assert set(s.scalars(select(InboxMessage.status))) == {"done"}


async def test_one_worker_per_database_works_the_inbox_and_a_standby_takes_over(sqlite_db):
    from leadscribe.reminders.leader import leader_for

    with sqlite_db.session() as s:
        add_user(s, "小张", wecom="zhang")
    first_channel, second_channel = Recorder(), Recorder()
    intake = Dispatcher(sqlite_db, {"wecom": first_channel})
    intake.notify = lambda inbox_id: None

    def event(i: int) -> InboundEvent:
        return InboundEvent(
            channel="wecom", chat_id="zhang", sender_id="zhang", message_id=str(i), kind="text", text="帮助"
        )

    def worker(channel: Recorder) -> InboxWorker:
        lock = leader_for(sqlite_db.url, "inbox")
        return InboxWorker(Dispatcher(sqlite_db, {"wecom": channel}), poll=0.05, lock=lock, standby=0.05)

    first, second = worker(first_channel), worker(second_channel)
    stop_first, stop_second = asyncio.Event(), asyncio.Event()
    running = [asyncio.create_task(first.run(stop_first))]
    await asyncio.sleep(0.3)
    running.append(asyncio.create_task(second.run(stop_second)))
    for i in range(5):
        assert await intake.submit(event(i))
    for _ in range(100):
        await asyncio.sleep(0.05)
        if len(first_channel.sent) == 5:
            break
    assert (len(first_channel.sent), len(second_channel.sent)) == (5, 0)  # the standby touched nothing

    stop_first.set()
    await running[0]
    for i in range(5, 8):
        assert await intake.submit(event(i))
    for _ in range(100):
        await asyncio.sleep(0.05)
        if len(second_channel.sent) == 3:
            break
    stop_second.set()
    await running[1]
    assert (len(first_channel.sent), len(second_channel.sent)) == (5, 3)
