"""Engine and session set-up for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

T = TypeVar("T")


def make_engine(url: str, busy_ms: int = 30000) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_ms / 1000})
        event.listen(engine, "connect", lambda conn, record: _sqlite_pragmas(conn, busy_ms))
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = str(parsed.set(drivername="postgresql+psycopg"))
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn, busy_ms: int) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    # no checkpoint inside a commit (its fsync stalled webhook acks for a second); Checkpointer does it aside
    cur.execute("PRAGMA wal_autocheckpoint=0")
    cur.execute("PRAGMA journal_size_limit=4194304")  # a log reset after a checkpoint shrinks back to 4 MB
    cur.close()


class WriterGate:
    """One SQLite writer at a time in this process, urgent ones (webhook intake) first.

    SQLite serialises writers anyway; waiting here is a wake-up on release, where SQLite's busy handler sleeps
    in steps of up to 100 ms, and an acknowledgement never queues behind background processing.
    Re-entrant per thread, so a nested session in the same thread does not deadlock.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._urgent = 0

    def acquire(self, urgent: bool = False) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return
            self._urgent += urgent
            try:
                while self._owner is not None or (not urgent and self._urgent):
                    self._cond.wait()
            finally:
                self._urgent -= urgent
            self._owner, self._depth = me, 1

    def release(self) -> None:
        with self._cond:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._cond.notify_all()

    @contextmanager
    def hold(self, urgent: bool = False) -> Iterator[None]:
        self.acquire(urgent)
        try:
            yield
        finally:
            self.release()


class _LazyGate(threading.local):
    """Per thread: inside how many background sessions, and whether their first write took the gate."""

    depth = 0
    held = False


# the statements before which Python's sqlite3 opens a write transaction (it runs SELECTs outside one)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Checkpointer:
    """Copies SQLite's write-ahead log into the database file, off every request's path.

    Every `every` seconds, and sooner once the log passes `max_wal_bytes` (a long log slows every read).
    A PASSIVE checkpoint never blocks writers, so it runs outside the WriterGate.
    """

    def __init__(self, engine: Engine, every: float = 30.0, max_wal_bytes: int = 4 << 20, poll: float = 1.0) -> None:
        self.engine, self.every, self.max_wal_bytes, self.poll = engine, every, max_wal_bytes, poll
        database = make_url(str(engine.url)).database or ""
        self.wal = Path(database + "-wal")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _wal_bytes(self) -> int:
        try:
            return self.wal.stat().st_size
        except OSError:
            return 0

    def _run(self) -> None:
        waited = 0.0
        while not self._stop.wait(self.poll):
            waited += self.poll
            if waited >= self.every or self._wal_bytes() > self.max_wal_bytes:
                self.checkpoint("PASSIVE")
                waited = 0.0

    def checkpoint(self, mode: str) -> None:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})")
        except Exception as exc:  # a busy or closed database: the next round tries again
            log.debug("checkpoint skipped: %s", exc)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.checkpoint("TRUNCATE")


class Database:
    """One engine and its session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        file_db = self.engine.dialect.name == "sqlite" and make_url(url).database not in (None, "", ":memory:")
        self.gate = WriterGate() if self.engine.dialect.name == "sqlite" else None
        self._lazy = _LazyGate()
        if self.gate is not None:
            event.listen(self.engine, "before_cursor_execute", self._gate_first_write)
        self.checkpointer = Checkpointer(self.engine) if file_db else None
        # write_now's own connections: no busy handler, it polls for the lock itself
        self._now_engine = make_engine(url, busy_ms=0) if file_db else None
        self._now = sessionmaker(self._now_engine, expire_on_commit=False) if self._now_engine else None

    @contextmanager
    def session(self, urgent: bool = False) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error.

        On SQLite an `urgent` unit (intake) takes the writer gate up front and goes first; any other takes it
        at its first write, so its reads and the work between them (extraction) never hold up intake.
        """
        if self.gate is None:
            with self._unit() as s:
                yield s
        elif urgent:
            with self.gate.hold(urgent=True), self._unit() as s:
                yield s
        else:
            self._lazy.depth += 1
            try:
                with self._unit() as s:
                    yield s
            finally:  # after the commit: the next writer never meets SQLite's lock
                self._lazy.depth -= 1
                if self._lazy.depth == 0 and self._lazy.held:
                    self._lazy.held = False
                    self.gate.release()

    def write_now(self, work: Callable[[Session], T], limit: float = 30.0) -> T:
        """Run `work(session)` in its own transaction at once, ahead of background writers (webhook intake).

        On SQLite another process (the inbox worker) may hold the write lock, and SQLite's busy handler would
        sleep in growing steps of up to 100 ms; this tries again every half millisecond instead. `work` must be
        safe to run again after a rollback.
        """
        if self._now is None:
            with self.session(urgent=True) as s:
                return work(s)
        deadline = time.monotonic() + limit
        while True:
            try:
                with self.gate.hold(urgent=True), self._unit(self._now) as s:  # type: ignore[union-attr]
                    return work(s)
            except OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(0.0005)

    @contextmanager
    def _unit(self, sessions: sessionmaker[Session] | None = None) -> Iterator[Session]:
        with (sessions or self.sessions)() as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def _gate_first_write(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        lazy = self._lazy
        if not lazy.depth or lazy.held or self.gate is None:
            return
        if statement.lstrip()[:7].upper().startswith(_WRITES):
            self.gate.acquire()
            lazy.held = True

    def warm(self) -> None:
        """SQLite: write once at start-up, so the write-ahead log's first sync does not fall on a webhook."""
        if self.checkpointer is None:
            return
        with self.session() as s:
            version = s.connection().exec_driver_sql("PRAGMA user_version").scalar()
            s.connection().exec_driver_sql(f"PRAGMA user_version = {int(version or 0)}")

    def upgrade(self) -> None:
        from .migrate import upgrade

        upgrade(self.engine)

    def dispose(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
            self.checkpointer = None
        if self._now_engine is not None:
            self._now_engine.dispose()
        self.engine.dispose()


def insert_new(session: Session, table: Table, rows: list[dict[str, Any]], keys: list[str]) -> list[int | None]:
    """Insert rows in the session's transaction with one multi-row statement; for each row the new id, or None
    when a row with the same `keys` exists (also an earlier row of this call). SQLite and PostgreSQL."""
    if not rows:
        return []
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    key_cols = [table.c[k] for k in keys]
    stmt = dialect.insert(table).on_conflict_do_nothing(index_elements=keys).returning(table.c.id, *key_cols)
    new = {tuple(r[1:]): r[0] for r in session.execute(stmt, rows)}
    # the first row with a key got the id; a later copy in the same call was skipped by the conflict clause
    return [new.pop(tuple(row[k] for k in keys), None) for row in rows]
