"""SQLite housekeeping: one unit of work at a time with intake first, and the write-ahead log kept in check."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import text

from leadscribe.crm.db import Checkpointer, Database, WriterGate


def test_urgent_waiter_goes_before_a_waiter_that_came_first():
    gate, order = WriterGate(), []
    held = threading.Event()

    def holder():
        with gate.hold():
            held.set()
            time.sleep(0.2)

    def waiter(name: str, urgent: bool):
        with gate.hold(urgent):
            order.append(name)

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    held.wait()
    threads.append(threading.Thread(target=waiter, args=("background", False)))
    threads[-1].start()
    time.sleep(0.05)
    threads.append(threading.Thread(target=waiter, args=("intake", True)))
    threads[-1].start()
    for t in threads:
        t.join(5)
    assert order == ["intake", "background"]


def test_the_gate_is_reentrant_in_one_thread():
    gate = WriterGate()
    with gate.hold(), gate.hold(urgent=True):
        pass
    done = []
    t = threading.Thread(target=lambda: (gate.hold().__enter__(), done.append(1)))
    t.start()
    t.join(2)
    assert done == [1]  # released: another thread gets it


def test_nested_sessions_in_one_thread_do_not_deadlock(sqlite_db):
    with sqlite_db.session() as outer, sqlite_db.session() as inner:
        assert inner.execute(text("select 1")).scalar() == outer.execute(text("select 2")).scalar() - 1


def test_the_log_is_checkpointed_into_the_file_on_close(tmp_path):
    path = tmp_path / "wal.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.warm()
    with db.session() as s:
        s.execute(text("create table notes_probe (x text)"))
        s.execute(text("insert into notes_probe values ('x')"))
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    db.dispose()
    assert not wal.exists() or wal.stat().st_size == 0
    again = Database(f"sqlite:///{path}")
    with again.session() as s:
        assert s.execute(text("select x from notes_probe")).scalar() == "x"
    again.dispose()


def test_a_long_log_is_checkpointed_before_the_period_and_shrinks(tmp_path):
    """A log past the size limit is copied into the file within a poll, not after the 30-second period."""
    path = tmp_path / "big.db"
    db = Database(f"sqlite:///{path}")
    db.checkpointer.stop()  # replace the default with a fast-polling one that has a small limit
    db.checkpointer = Checkpointer(db.engine, every=3600, max_wal_bytes=256 << 10, poll=0.05)
    wal = Path(f"{path}-wal")
    with db.session() as s:
        s.execute(text("create table blob_probe (x text)"))
        for _ in range(16):
            s.execute(text("insert into blob_probe values (:x)"), [{"x": "y" * 4000} for _ in range(100)])
    assert wal.stat().st_size > 5 << 20
    deadline = time.monotonic() + 10
    while wal.stat().st_size > 4 << 20 and time.monotonic() < deadline:
        time.sleep(0.05)
        with db.session() as s:  # the first write after a complete checkpoint restarts and truncates the log
            s.execute(text("insert into blob_probe values ('z')"))
    assert wal.stat().st_size <= 4 << 20
    db.dispose()


def test_a_background_unit_takes_the_gate_only_from_its_first_write_to_its_commit(sqlite_db):
    """Reads and the work between them (extraction) never hold intake up; a write does, until committed."""
    with sqlite_db.session() as s:
        s.execute(text("create table gate_probe (x text)"))
    read, wrote, go_on = threading.Event(), threading.Event(), threading.Event()
    committed_at: list[float] = []

    def background():
        with sqlite_db.session() as s:
            s.execute(text("select count(*) from gate_probe")).scalar()
            read.set()
            go_on.wait(5)
            s.execute(text("insert into gate_probe values ('background')"))
            wrote.set()
            time.sleep(0.3)
        committed_at.append(time.perf_counter())

    t = threading.Thread(target=background)
    t.start()
    read.wait(5)
    start = time.perf_counter()
    with sqlite_db.session(urgent=True) as s:  # the background unit has only read: no wait
        s.execute(text("insert into gate_probe values ('first')"))
    assert time.perf_counter() - start < 0.2
    go_on.set()
    wrote.wait(5)
    with sqlite_db.session(urgent=True) as s:  # now it has written: wait for its commit
        s.execute(text("insert into gate_probe values ('second')"))
        entered = time.perf_counter()
    t.join(5)
    assert committed_at and entered >= committed_at[0] - 0.01
    with sqlite_db.session() as s:
        assert s.execute(text("select x from gate_probe order by rowid")).scalars().all() == [
            "first",
            "background",
            "second",
        ]
