"""Leader election: one scheduler per database (PostgreSQL advisory lock, or a file lock on SQLite)."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import zlib
from typing import IO, Protocol

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

LOCK_KEY = zlib.crc32(b"leadscribe.reminders.scheduler")  # fits a signed bigint


class Leader(Protocol):
    def try_acquire(self) -> bool:
        """Take the lead if nobody holds it; True while we hold it."""
        ...

    def still_leading(self) -> bool: ...

    def release(self) -> None: ...


class PgLeader:
    """A session advisory lock on a dedicated connection: the server frees it when our process dies."""

    def __init__(self, url: str, key: int = LOCK_KEY) -> None:
        self.engine = create_engine(url, poolclass=NullPool)
        self.conn: Connection | None = None
        self.key = key

    def try_acquire(self) -> bool:
        if self.conn is not None:
            return self.still_leading()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}))
        except Exception:
            conn.close()
            raise
        if got:
            self.conn = conn
        else:
            conn.close()
        return got

    def still_leading(self) -> bool:
        if self.conn is None:
            return False
        try:
            self.conn.scalar(text("SELECT 1"))
            return True
        except Exception:  # the connection is gone, and the server has freed the lock with it
            log.warning("lost the scheduler lock connection")
            self._drop()
            return False

    def release(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
        self._drop()
        self.engine.dispose()

    def _drop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.close()
        self.conn = None


class FileLeader:
    """flock on a file next to the SQLite database; the kernel frees it when our process dies."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fh: IO[str] | None = None

    def try_acquire(self) -> bool:
        if self.fh is not None:
            return True
        fh = open(self.path, "a+")  # noqa: SIM115 (held open for as long as we lead)
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self.fh = fh
        return True

    def still_leading(self) -> bool:
        return self.fh is not None

    def release(self) -> None:
        if self.fh is not None:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None


class AlwaysLeader:
    """An in-memory database is private to its process."""

    def try_acquire(self) -> bool:
        return True

    def still_leading(self) -> bool:
        return True

    def release(self) -> None:
        return None


def leader_for(url: str, role: str = "scheduler") -> Leader:
    """The lock of one `role` ("scheduler", "inbox") on this database."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        key = LOCK_KEY if role == "scheduler" else zlib.crc32(f"leadscribe.{role}".encode())
        return PgLeader(parsed.render_as_string(hide_password=False), key)
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        return FileLeader(f"{parsed.database}.{role}.lock")
    return AlwaysLeader()
