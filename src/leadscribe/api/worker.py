"""The inbox worker as its own process, so a webhook's acknowledgement never waits on another message's work.

`WorkerProcess` (in the web process) starts `leadscribe worker --wake-fd N`, rings it through a pipe after each
stored message and restarts it if it dies. `run_worker` (in the child) processes the inbox, sends the replies and
runs the reminder scheduler. The pipe is also the child's lifeline: when the web process goes away, however it
goes, the child reads end-of-file, finishes what it started and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

from ..settings import Settings

if TYPE_CHECKING:
    from ..bot.dispatch import Dispatcher

log = logging.getLogger(__name__)


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a child process these exact settings."""
    env = dict(os.environ)
    for name, value in settings.model_dump(mode="json").items():
        env[f"LEADSCRIBE_{name.upper()}"] = str(value)
    return env


class WorkerProcess:
    def __init__(self, settings: Settings, restart_after: float = 1.0) -> None:
        self.settings = settings
        self.restart_after = restart_after
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._watch: asyncio.Task[None] | None = None
        self._closing = False
        self._ready_fd: int | None = None  # the child writes one byte here once it works the inbox
        self.ready = False

    def ring(self) -> None:
        """Wake the worker; never blocks (a full pipe means a wake-up is already waiting)."""
        if self._write < 0:
            return  # stopped: the worker finds the row when it next starts
        with contextlib.suppress(OSError):
            os.write(self._write, b"\x01")

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def state(self) -> str:
        """ "starting" (loading), "running" (working the inbox) or "restarting" (it died; coming back)."""
        if not self.alive:
            return "restarting"
        if not self.ready and self._ready_fd is not None:
            with contextlib.suppress(BlockingIOError):
                self.ready = bool(os.read(self._ready_fd, 1))
        return "running" if self.ready else "starting"

    def _spawn(self) -> None:
        if self._ready_fd is not None:
            os.close(self._ready_fd)
        self._ready_fd, ready_w = os.pipe()
        os.set_blocking(self._ready_fd, False)
        self.ready = False
        fds = ["--wake-fd", str(self._read), "--ready-fd", str(ready_w)]
        cmd = [sys.executable, "-m", "leadscribe", "worker", *fds]
        try:
            self.proc = subprocess.Popen(cmd, env=settings_env(self.settings), pass_fds=(self._read, ready_w))
        finally:
            os.close(ready_w)
        self.starts += 1

    async def start(self) -> None:
        self._spawn()
        self._watch = asyncio.create_task(self._supervise(), name="worker-supervisor")

    async def _supervise(self) -> None:
        while not self._closing:
            await asyncio.sleep(0.2)
            if self.proc is not None and self.proc.poll() is not None and not self._closing:
                log.error("inbox worker exited with %s; restarting", self.proc.returncode)
                await asyncio.sleep(self.restart_after)
                if not self._closing:
                    self._spawn()
                    self.ring()

    async def stop(self, grace: float = 30.0) -> None:
        """Let the worker finish the messages it started, then make sure it is gone."""
        self._closing = True
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
        os.close(self._write)  # the child reads end-of-file: it drains and exits
        self._write = -1
        if self.proc is not None:
            try:
                await asyncio.to_thread(self.proc.wait, grace)
            except subprocess.TimeoutExpired:
                # (a platform that does not answer can hold its sends that long; the inbox keeps what is left)
                log.warning("inbox worker did not stop within %.0f s; killing it", grace)
                self.proc.kill()
                await asyncio.to_thread(self.proc.wait)
        os.close(self._read)
        if self._ready_fd is not None:
            os.close(self._ready_fd)
            self._ready_fd = None


async def run_worker(settings: Settings, wake_fd: int | None = None, ready_fd: int | None = None) -> None:
    """The child's main: process the inbox (and run the scheduler) until the pipe closes or SIGTERM."""
    from .. import wiring
    from ..crm.db import Database

    with contextlib.suppress(OSError):
        os.nice(5)  # on a shared CPU the webhooks' acknowledgements go first
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    wiring.configure_process(settings)
    db = Database(settings.db_url)
    db.upgrade()
    channels = wiring.build_channels(settings)
    dispatcher = wiring.build_dispatcher(settings, db, channels)
    rung = _listen_to_pipe(loop, wake_fd, stop)
    await asyncio.to_thread(wiring.warm_up)
    await asyncio.to_thread(db.warm)
    handle = None
    if settings.scheduler_enabled:
        handle = await wiring.build_scheduler(settings, db, channels)
    try:
        if settings.uses_jobs:
            await _work_jobs(settings, dispatcher, stop, ready_fd)
        else:
            await _work_inbox(settings, dispatcher, stop, ready_fd, rung)
    finally:
        if handle is not None:
            await handle.stop()
        dispatcher.intake.close()
        db.dispose()


def _listen_to_pipe(loop: asyncio.AbstractEventLoop, wake_fd: int | None, stop: asyncio.Event) -> asyncio.Event:
    """Rings from the web process set the returned event; its end of the pipe closing (it is gone) sets `stop`."""
    rung = asyncio.Event()
    if wake_fd is None:
        return rung
    os.set_blocking(wake_fd, False)

    def readable() -> None:
        try:
            data = os.read(wake_fd, 4096)
        except BlockingIOError:
            return
        if not data:
            loop.remove_reader(wake_fd)
            stop.set()
        else:
            rung.set()

    loop.add_reader(wake_fd, readable)
    return rung


def _ready(ready_fd: int | None) -> None:
    if ready_fd is not None:
        with contextlib.suppress(OSError):
            os.write(ready_fd, b"\x01")
            os.close(ready_fd)


async def _work_inbox(
    settings: Settings, dispatcher: Dispatcher, stop: asyncio.Event, ready_fd: int | None, rung: asyncio.Event
) -> None:
    """SQLite: the one built-in worker (a lock keeps any second one standing by), rung through the pipe."""
    from ..bot.worker import InboxWorker
    from ..reminders.leader import leader_for

    worker = InboxWorker(dispatcher, lock=leader_for(settings.db_url, "inbox"))

    async def relay() -> None:
        while True:
            await rung.wait()
            rung.clear()
            worker.ring()

    relaying = asyncio.create_task(relay())
    _ready(ready_fd)
    try:
        await worker.run(stop)
    finally:
        relaying.cancel()


async def _work_jobs(settings: Settings, dispatcher: Dispatcher, stop: asyncio.Event, ready_fd: int | None) -> None:
    """PostgreSQL: one of any number of workers taking procrastinate jobs (woken by LISTEN/NOTIFY)."""
    from ..bot import jobs

    app = jobs.build_app(settings.db_url)
    async with app.open_async():
        _ready(ready_fd)
        await jobs.work(app, dispatcher, stop, settings.queues, text_slots=dispatcher.turns.concurrency)
