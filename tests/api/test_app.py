"""The web app starts on an empty database with no chat credentials and reports its health."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from leadscribe.api.app import create_app
from leadscribe.settings import Settings


def test_healthz_and_docs_on_a_fresh_database(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    app = create_app(settings, run_scheduler=False)
    with TestClient(app) as client:
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["worker"] in ("starting", "running")  # the inbox worker is a child process
        deadline = time.monotonic() + 30
        while health.json()["worker"] != "running" and time.monotonic() < deadline:
            time.sleep(0.1)
            health = client.get("/healthz")
        assert health.json() == {"status": "ok", "channels": [], "worker": "running"}
        assert client.get("/openapi.json").json()["info"]["title"] == "leadscribe"
        # the docs page loads everything from this server: nothing from a CDN an intranet cannot reach
        page = client.get("/docs").text
        assert "cdn." not in page and "/docs-static/swagger-ui-bundle.js" in page
        assert client.get("/docs-static/swagger-ui-bundle.js").status_code == 200
        assert client.get("/docs-static/swagger-ui.css").status_code == 200


def test_scheduler_runs_inside_the_app(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    with TestClient(create_app(settings, run_scheduler=True)) as client:
        assert client.get("/healthz").status_code == 200


def test_telegram_polling_mode_serves_a_rep_without_a_webhook(tmp_path):
    """LEADSCRIBE_TELEGRAM_MODE=polling: the app reads getUpdates from the (fake) Bot API and answers there."""

    from leadscribe.crm.users import add_user

    from ..fakes.server import serve
    from ..fakes.telegram import FakeBotApi

    token = "123456:ABC-def"
    fake = FakeBotApi(token, files={})
    rep = {"id": 4242, "is_bot": False, "first_name": "Wei"}
    fake.updates = [
        {
            "update_id": 1,
            "message": {
                "message_id": 9,
                "date": 1700000000,
                "chat": {"id": 4242, "type": "private"},
                "from": rep,
                "text": "帮助",
            },
        }
    ]
    with serve(fake.app()) as base:
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'app.db'}",
            telegram_token=token,
            telegram_api_base=base,
            telegram_mode="polling",
        )
        app = create_app(settings, run_scheduler=False)
        with app.state.db.session() as s:
            add_user(s, name="小张", role="rep", telegram="4242")
            s.commit()
        with TestClient(app) as client:
            assert client.post("/telegram/webhook", json={}).status_code == 404  # no webhook in polling mode
            deadline = time.monotonic() + 20
            while not fake.called("sendMessage") and time.monotonic() < deadline:
                time.sleep(0.05)
        sent = fake.called("sendMessage")
        assert sent and str(sent[0]["chat_id"]) == "4242"
        assert "今天" in sent[0]["text"]  # the help text for a registered rep, not the refusal for strangers
        assert fake.called("deleteWebhook")


def test_start_up_takes_the_warmed_heap_out_of_garbage_collection(tmp_path):
    """A full collection over the NLP pipeline's objects would pause every webhook in flight."""
    import gc
    import sys

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    interval = sys.getswitchinterval()
    gc.unfreeze()
    sys.setswitchinterval(0.005)  # Python's default; an earlier app start in this process may have lowered it
    try:
        with TestClient(create_app(settings, run_scheduler=False)) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_freeze_count() > 10_000  # the pipeline and the app: many objects, not a handful
            assert sys.getswitchinterval() < 0.005
    finally:
        gc.unfreeze()
        sys.setswitchinterval(interval)
