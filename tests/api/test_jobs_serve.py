"""`leadscribe serve` on PostgreSQL with two worker processes (bot/jobs.py): WeCom callbacks through the real
router, a fake WeCom API on loopback, real child processes. Each rep's note and its confirmation, sent without
waiting, are answered in order; a worker killed mid-load loses nothing and repeats at most its reply in flight."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from leadscribe.adapters.wecom import WeComChannel
from leadscribe.api.app import create_app
from leadscribe.crm.models import InboxMessage, Lead, OutboxMessage
from leadscribe.crm.users import add_user

from ..adapters import test_wecom as wc
from ..fakes.server import serve
from ..fakes.wecom import FakeWeCom
from ..pg import pg_available, temp_pg_database
from .test_worker import NOW_TS, wait_for, wecom_settings

pytestmark = pytest.mark.postgres

REPS = [f"rep{r}" for r in range(6)]
# a customer of its own for each rep and round (a name another rep owns would be a 撞单, not a lead)
COMPANIES = ["华东医疗", "鑫达物流", "永辉超市", "华锐精密", "海天食品", "中联重科"]
COMPANIES2 = ["金陵酒店", "远大空调", "东方电气", "宏图建材", "恒信汽车", "天虹百货"]


def post(client: TestClient, channel: WeComChannel, sender: str, text: str, msg_id: str) -> int:
    xml = wc.inner("text", f"<Content><![CDATA[{text}]]></Content>", sender=sender, msg_id=msg_id)
    body, sig = channel.crypto.envelope(xml, NOW_TS, f"n{msg_id}", agent_id="1000002")
    params = {"msg_signature": sig, "timestamp": NOW_TS, "nonce": f"n{msg_id}"}
    return client.post("/wecom/callback", params=params, content=body).status_code


def test_two_worker_processes_answer_every_rep_in_order_and_survive_a_kill(tmp_path):
    if not pg_available():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    fake = FakeWeCom(wc.CORP_ID, wc.SECRET)
    with temp_pg_database() as url, serve(fake.app()) as base:
        settings = wecom_settings(tmp_path, base).model_copy(update={"database_url": url, "workers": 2})
        app = create_app(settings, run_scheduler=False)
        with app.state.db.session() as s:
            for rep in REPS:
                add_user(s, rep, wecom=rep)
        channel = WeComChannel(wc.CORP_ID, "1000002", wc.SECRET, wc.TOKEN, wc.AES_KEY, api_base=base)
        with TestClient(app) as client:
            workers = app.state.workers
            assert len(workers) == 2 and len({w.proc.pid for w in workers}) == 2
            assert wait_for(lambda: client.get("/healthz").json()["worker"] == "running", 60)
            for rnd in range(2):
                if rnd == 1:
                    workers[0].proc.kill()  # one worker dies mid-load; the other goes on, the dead one comes back
                for r, rep in enumerate(REPS):
                    company = (COMPANIES, COMPANIES2)[rnd][r]
                    note = f"{company}的张总想上一套ERP系统，预算{100 * rnd + r + 10}万"
                    assert post(client, channel, rep, note, f"{rnd}{r}1") == 200
                    assert post(client, channel, rep, "确认", f"{rnd}{r}2") == 200  # at once, not after the card

            def finished() -> bool:
                with app.state.db.session() as s:
                    done = s.scalar(select(func.count()).where(InboxMessage.status == "done"))
                    unsent = s.scalar(select(func.count()).where(OutboxMessage.status != "sent"))
                    return done == 4 * len(REPS) and unsent == 0

            assert wait_for(finished, 90)
            time.sleep(1.0)  # a repeated answer would arrive by now
        with app.state.db.session() as s:
            # every confirmation came after its card: two saved leads per rep, none left open
            assert s.scalar(select(func.count(Lead.id))) == 2 * len(REPS)
            replies = s.scalar(select(func.count(OutboxMessage.id)))
        app.state.db.dispose()
    # each reply row is sent once; the platform may have seen one more: the reply in flight when the worker died
    assert 0 <= len(fake.sent) - replies <= 1
