"""Shared fixtures: a migrated database on SQLite, and on PostgreSQL when it answers."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from leadscribe.crm.db import Database

from .pg import pg_available, temp_pg_database

_PG = pg_available()
if os.environ.get("CI") and not _PG:
    print("WARNING: PostgreSQL does not answer on 127.0.0.1:5432; PostgreSQL tests are skipped")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch) -> None:
    """No test touches the user's real data directory or a stray .env setting."""
    monkeypatch.setenv("LEADSCRIBE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LEADSCRIBE_DATABASE_URL", raising=False)
    from leadscribe.settings import get_settings

    get_settings.cache_clear()
    import leadscribe.speech.config as speech_config

    speech_config._config = None  # each test's data dir, as the entry points configure it


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A URL of an empty database, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not _PG:
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    with temp_pg_database() as url:
        yield url


@pytest.fixture
def db(db_url) -> Iterator[Database]:
    """A migrated database (SQLite and PostgreSQL)."""
    database = Database(db_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path) -> Iterator[Database]:
    """A migrated SQLite database only, for tests where the backend does not matter."""
    database = Database(f"sqlite:///{tmp_path / 'test.db'}")
    database.upgrade()
    yield database
    database.dispose()
