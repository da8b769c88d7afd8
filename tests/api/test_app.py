"""The web app starts on an empty database with no chat credentials and reports its health."""

from __future__ import annotations

from fastapi.testclient import TestClient

from leadscribe.api.app import create_app
from leadscribe.settings import Settings


def test_healthz_and_docs_on_a_fresh_database(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    app = create_app(settings, run_scheduler=False)
    with TestClient(app) as client:
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "channels": []}
        assert client.get("/openapi.json").json()["info"]["title"] == "leadscribe"


def test_scheduler_runs_inside_the_app(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    with TestClient(create_app(settings, run_scheduler=True)) as client:
        assert client.get("/healthz").status_code == 200
