"""Temporary PostgreSQL databases for tests: one fresh database per use, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PG_HOST = os.environ.get("LEADSCRIBE_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("LEADSCRIBE_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("LEADSCRIBE_TEST_PG_USER", "postgres")
PG_ADMIN_DB = os.environ.get("LEADSCRIBE_TEST_PG_DB", "test")


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=PG_ADMIN_DB, connect_timeout=3):
            return True
    except Exception:
        return False


@contextmanager
def temp_pg_database(prefix: str = "ls_test") -> Iterator[str]:
    """Yield a SQLAlchemy URL of a new, empty database; drop it on exit."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = dict(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=PG_ADMIN_DB, autocommit=True)
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def migrated_pg(prefix: str = "ls_test") -> Iterator[Any]:
    """A fresh PostgreSQL database with the schema (the test is skipped when PostgreSQL does not answer)."""
    import pytest

    from leadscribe.crm.db import Database

    if not pg_available():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    with temp_pg_database(prefix) as url:
        db = Database(url)
        db.upgrade()
        try:
            yield db
        finally:
            db.dispose()
