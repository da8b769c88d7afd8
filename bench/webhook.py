"""Load test of POST /wecom/callback: N simulated reps on loopback, ack and capture-to-reply latency (JSON).

By default the server is the real application as `leadscribe serve` runs it (create_app: WeCom router and SQLite
inbox in the web process, its child `leadscribe worker` running the real conversation and replying; `--inline`
processes in the web process instead) with every rep registered; replies go to a fake WeCom API on loopback, in a
process of its own.
`--repeat 3` delivers every callback three times. By default each copy goes as soon as the previous one is
acknowledged (a platform retries only an attempt it counts as failed, so copies of one message come one after
another, here without the platform's 5-second wait so they land while the first is still being processed);
`--race` sends the copies at the same instant instead, the harshest case for the duplicate check.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import multiprocessing
import socket
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import psutil
import uvicorn
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake WeCom server lives with the tests

from tests.fakes.server import serve  # noqa: E402
from tests.fakes.wecom import FakeWeCom  # noqa: E402

from leadscribe.adapters.wecom import WeComChannel  # noqa: E402
from leadscribe.api.routes.wecom import wecom_router  # noqa: E402
from leadscribe.crm.db import Database  # noqa: E402
from leadscribe.crm.models import InboxMessage, OutboxMessage  # noqa: E402
from leadscribe.crm.users import add_user  # noqa: E402
from leadscribe.ports import InboundEvent, Reply  # noqa: E402
from leadscribe.settings import Settings  # noqa: E402

CORP_ID, AGENT_ID, SECRET = "wwbench0000000001", "1000002", "bench-secret"
TOKEN, AES_KEY = "benchToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
AppFactory = Callable[[WeComChannel], FastAPI]
AckLists = tuple[list[float], ...]


class TimedFakeWeCom(FakeWeCom):
    """The fake WeCom API, reporting (user, time.monotonic()) for each reply it accepts through `report`."""

    def __init__(self, report: Any = None) -> None:
        super().__init__(CORP_ID, SECRET)
        self.report = report

    async def message_send(self, request: Request) -> Response:
        response = await super().message_send(request)
        if self.sent and response.status_code == 200 and b'"errcode":0' in response.body and self.report:
            self.report.send((str(self.sent[-1].get("touser")), time.monotonic()))
        return response


class ReplyLog:
    """In the bench's process: when each user's replies arrived, waking the rep who waits for one."""

    def __init__(self, wake: dict[str, asyncio.Event]) -> None:
        self.replies: dict[str, list[float]] = defaultdict(list)
        self.wake = wake

    def drain(self, conn: Any) -> None:
        while conn.poll():
            user, at = conn.recv()
            self.replies[user].append(at)
            if user in self.wake:
                self.wake[user].set()


def _serve_fake(sock: socket.socket, report: Any) -> None:
    """Child process: the platform's API, apart from the load generator as it would be in reality."""
    with serve(TimedFakeWeCom(report).app(), sock=sock):
        while True:
            time.sleep(3600)


class MemorySubmitter:
    """Stand-in for the real inbox: dedup by message id, process in a background task."""

    def __init__(self, channel: WeComChannel) -> None:
        self.channel = channel
        self.seen: set[tuple[str, str]] = set()
        self.tasks: set[asyncio.Task[None]] = set()

    async def submit(self, event: InboundEvent) -> bool:
        key = (event.channel, event.message_id)
        if key in self.seen:
            return False
        self.seen.add(key)
        task = asyncio.create_task(self.channel.send(Reply(chat_id=event.chat_id, text=f"收到：{event.text}")))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True


def prepare_database(url: str, reps: int) -> None:
    """A migrated database with every simulated rep registered under their WeCom userid."""
    db = Database(url)
    db.upgrade()
    with db.session() as s:
        for r in range(reps):
            add_user(s, f"销售{r:04d}", wecom=_user(r))
    db.dispose()


def real_app(channel: WeComChannel, url: str = "", worker: str = "process", workers: int = 1) -> FastAPI:
    """The production application over the prepared database; only the WeCom channel is configured.

    As `leadscribe serve` runs it: the web process stores and acknowledges, a child process (which builds its
    own WeCom channel from these settings) processes and replies; `--inline` processes in the web process.
    """
    from leadscribe.api.app import create_app

    settings = Settings(
        database_url=url,
        scheduler_enabled=False,
        worker=worker,
        wecom_corp_id=CORP_ID,
        wecom_agent_id=AGENT_ID,
        wecom_secret=SECRET,
        wecom_token=TOKEN,
        wecom_aes_key=AES_KEY,
        wecom_api_base=channel.api_base,
        workers=workers,
    )
    return create_app(settings, Database(url), channels={"wecom": channel}, run_scheduler=False)


def database_counts(url: str) -> dict[str, Any]:
    """What the server stored: inbox rows by status and outbox replies by status."""
    from sqlalchemy import func, select

    db = Database(url)
    with db.session() as s:
        inbox = dict(s.execute(select(InboxMessage.status, func.count()).group_by(InboxMessage.status)).all())
        outbox = dict(s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    db.dispose()
    return {"inbox": inbox, "outbox": outbox}


def _user(rep: int) -> str:
    return f"rep{rep:04d}"


def minimal_app(channel: WeComChannel) -> FastAPI:
    """The default app factory: the WeCom router over an in-memory submitter that echoes a reply."""
    app = FastAPI()
    app.include_router(wecom_router(channel, MemorySubmitter(channel)))
    return app


def _inner(user: str, msg_id: str, text: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>"
    )


async def _rep(
    client: aiohttp.ClientSession,
    crypto: Any,
    fake: ReplyLog,
    rep: int,
    messages: int,
    deliveries: int,
    timeout: float,
    acks: list[float],
    captures: list[float],
    errors: list[str],
    wake: dict[str, asyncio.Event],
    warmup: int = 0,
    cold: tuple[list[float], list[float]] = ([], []),
    race: bool = False,
    steady: list[float] | None = None,
) -> None:
    """One rep sends messages one after another, waiting for each reply like a person would.

    The first `warmup` messages (all reps at the same instant, on new connections) are also timed into `cold`.
    """
    user = _user(rep)
    steady = [] if steady is None else steady
    arrived = wake.setdefault(user, asyncio.Event())
    for i in range(messages):
        first = i < warmup
        ack_lists = (acks, cold[0]) if first else (acks, steady)
        capture_lists = (captures, cold[1]) if first else (captures,)
        msg_id = f"{rep:04d}{i:06d}"
        xml = _inner(user, msg_id, f"华东医疗第{i}次拜访，预算{100 + i}万")
        start = time.monotonic()

        async def deliver(copy: int, msg_id: str = msg_id, xml: str = xml, ack_lists: AckLists = ack_lists) -> None:
            ts, nonce = str(int(time.time())), f"{msg_id}n{copy}"
            body, sig = crypto.envelope(xml, ts, nonce, agent_id=AGENT_ID)
            t0 = time.perf_counter()
            params = {"msg_signature": sig, "timestamp": ts, "nonce": nonce}
            async with client.post("/wecom/callback", params=params, data=body.encode()) as r:
                await r.read()
            for ack_list in ack_lists:
                ack_list.append(time.perf_counter() - t0)
            if r.status != 200:
                errors.append(f"status {r.status}")

        if race:  # every copy at once, racing the first delivery
            await asyncio.gather(*(deliver(c) for c in range(deliveries)))
        else:  # a retry follows the previous attempt
            for c in range(deliveries):
                await deliver(c)
        deadline = start + timeout
        # woken by the fake server's thread, not by polling: polling 100 reps would starve the servers
        while len(fake.replies[user]) <= i and (left := deadline - time.monotonic()) > 0:
            arrived.clear()
            if len(fake.replies[user]) > i:
                break
            try:
                await asyncio.wait_for(arrived.wait(), left)
            except TimeoutError:
                break
        if len(fake.replies[user]) > i:
            for capture_list in capture_lists:
                capture_list.append(fake.replies[user][i] - start)


def _serve_app(factory: AppFactory, api_base: str, sock: socket.socket) -> None:
    """Child process: the app under test, alone with its own GIL, as it would run in production."""
    channel = WeComChannel(
        CORP_ID,
        AGENT_ID,
        SECRET,
        TOKEN,
        AES_KEY,
        api_base=api_base,
        client=httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=200)),
    )
    config = uvicorn.Config(factory(channel), log_level="warning", lifespan="on", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _bound() -> tuple[socket.socket, str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


def _wait_up(base: str, limit: float = 60.0) -> None:
    """Until the app answers and, when it has one, its inbox worker process is running (not still loading)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"{base}/healthz", timeout=1)
        except httpx.TransportError:
            time.sleep(0.05)
            continue
        if health.status_code == 404 or health.json().get("worker") in ("running", "inline"):
            return  # the echo app has no /healthz
        time.sleep(0.05)
    raise RuntimeError("app under test did not start")


def _wire_timer(into: list[float]) -> aiohttp.TraceConfig:
    """Times each request from its headers being written to its response headers being read."""
    trace = aiohttp.TraceConfig()

    async def sent(_session: Any, ctx: Any, _params: Any) -> None:
        ctx.sent = time.perf_counter()

    async def answered(_session: Any, ctx: Any, _params: Any) -> None:
        if hasattr(ctx, "sent"):
            into.append(time.perf_counter() - ctx.sent)

    trace.on_request_headers_sent.append(sent)
    trace.on_request_end.append(answered)
    return trace


def _cpu_seconds(pid: int) -> dict[str, float]:
    """CPU seconds so far of the app process, of its worker children, and of every PostgreSQL process."""
    app = psutil.Process(pid)
    out = {"web": sum(app.cpu_times()[:2]), "workers": 0.0, "postgres": 0.0}
    for child in app.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            out["workers"] += sum(child.cpu_times()[:2])
    for p in psutil.process_iter(["name"]):
        if p.info["name"] and p.info["name"].startswith("postgres"):
            with contextlib.suppress(psutil.Error):
                out["postgres"] += sum(p.cpu_times()[:2])
    return out


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)


async def run(
    factory: AppFactory,
    reps: int,
    messages: int,
    deliveries: int,
    timeout: float,
    url: str = "",
    warmup: int = 1,
    race: bool = False,
) -> dict[str, Any]:
    acks: list[float] = []
    captures: list[float] = []
    errors: list[str] = []
    cold: tuple[list[float], list[float]] = ([], [])
    steady: list[float] = []
    wire: list[float] = []
    loop = asyncio.get_running_loop()
    wake: dict[str, asyncio.Event] = {_user(r): asyncio.Event() for r in range(reps)}
    fake = ReplyLog(wake)
    crypto = WeComChannel(CORP_ID, AGENT_ID, SECRET, TOKEN, AES_KEY).crypto
    fake_sock, api_base = _bound()
    app_sock, app_base = _bound()
    # three processes, forked before any thread starts: the app under test, the fake platform API (its reply
    # times come back through a pipe), and this one, the load generator
    fork = multiprocessing.get_context("fork")
    reader, writer = fork.Pipe(duplex=False)
    platform = fork.Process(target=_serve_fake, args=(fake_sock, writer), daemon=True)
    platform.start()
    proc = fork.Process(target=_serve_app, args=(factory, api_base, app_sock))
    proc.start()
    loop.add_reader(reader.fileno(), fake.drain, reader)
    try:
        _wait_up(app_base)
        cpu_before = _cpu_seconds(proc.pid)
        # aiohttp as the load generator: httpx's pool costs more CPU per request than the server under test
        connector = aiohttp.TCPConnector(limit=0)
        timeout_cfg = aiohttp.ClientTimeout(total=30)
        tracing = [_wire_timer(wire)]
        async with aiohttp.ClientSession(
            app_base, connector=connector, timeout=timeout_cfg, trace_configs=tracing
        ) as client:
            start = time.perf_counter()
            await asyncio.gather(
                *(
                    _rep(
                        client,
                        crypto,
                        fake,
                        r,
                        messages,
                        deliveries,
                        timeout,
                        acks,
                        captures,
                        errors,
                        wake,
                        warmup,
                        cold,
                        race,
                        steady,
                    )
                    for r in range(reps)
                )
            )
            wall = time.perf_counter() - start
            cpu_after = _cpu_seconds(proc.pid)
            await asyncio.sleep(0.5)  # let late duplicates show up before counting
    finally:
        proc.terminate()
        proc.join(10)
        await asyncio.sleep(0.2)
        fake.drain(reader)
        loop.remove_reader(reader.fileno())
        platform.terminate()
        platform.join(10)
    total = reps * messages
    replies = sum(len(v) for v in fake.replies.values())
    stored = database_counts(url) if url else None
    if stored is not None:
        # the server's own books: one inbox row per distinct message, each reply row sent exactly once
        received = sum(stored["inbox"].values())
        sent_rows = stored["outbox"].get("sent", 0)
        duplicated = max(0, received - total) + max(0, replies - sent_rows)
    else:
        duplicated = max(0, replies - total) if replies >= len(captures) else 0
    return {
        "reps": reps,
        "messages": total,
        "deliveries_per_message": deliveries,
        "copies": "at once" if race and deliveries > 1 else "one after another",
        "requests": len(acks),
        "ack_ms": {"p50": _pct(acks, 0.5), "p99": _pct(acks, 0.99), "max": _pct(acks, 1.0)},
        # from the request's headers on the socket to the response's: without the load generator's own queueing
        # (building and connecting hundreds of requests at once on one client thread) before the request is sent
        "ack_on_wire_ms": {"p50": _pct(wire, 0.5), "p99": _pct(wire, 0.99), "max": _pct(wire, 1.0)},
        "capture_to_reply_ms": {"p50": _pct(captures, 0.5), "p99": _pct(captures, 0.99)},
        # ack_ms covers every request; the first burst (every rep at one instant, on new connections) is ALSO
        # shown on its own
        "first_burst_ack_ms": {"p50": _pct(cold[0], 0.5), "p99": _pct(cold[0], 0.99), "max": _pct(cold[0], 1.0)},
        "first_burst_capture_to_reply_ms": {"p50": _pct(cold[1], 0.5), "p99": _pct(cold[1], 0.99)},
        # every request after the first burst: reps on open connections, sending as they get replies
        "after_first_burst_ack_ms": {"p50": _pct(steady, 0.5), "p99": _pct(steady, 0.99), "max": _pct(steady, 1.0)},
        "lost": total - len(captures),
        "duplicated": duplicated,
        "replies_received": replies,
        "database": stored,
        "http_errors": len(errors),
        "wall_s": round(wall, 2),
        "throughput_msg_s": round(total / wall, 1) if wall else None,
        "mean_ack_ms": round(statistics.fmean(acks) * 1000, 2) if acks else None,
        # CPU the server side spent during the load, per message (web process, its workers, PostgreSQL): on a
        # machine with few cores this, not the worker count, bounds the throughput
        "cpu_ms_per_message": {k: round((cpu_after[k] - cpu_before[k]) * 1000 / total, 2) for k in cpu_after},
        "cpu_cores": psutil.cpu_count(),
    }


def _run_loop(coro: Any) -> Any:
    """The load generator on uvloop when installed: its own CPU per request is not the server's latency."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def _load_factory(ref: str) -> AppFactory:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=100, help="concurrent simulated reps")
    parser.add_argument("--messages", type=int, default=10, help="messages per rep")
    parser.add_argument(
        "--repeat", "--deliveries", dest="deliveries", type=int, default=1, help="copies of each callback (retries)"
    )
    parser.add_argument("--both", action="store_true", help="run once with 1 delivery and once with 3")
    parser.add_argument("--race", action="store_true", help="send the copies of a message at the same instant")
    parser.add_argument("--warmup", type=int, default=1, help="first messages per rep also shown apart (cold)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each reply")
    parser.add_argument("--app", default="", help="module:function taking a WeComChannel, returning a FastAPI app")
    parser.add_argument("--minimal", action="store_true", help="echo server without database (router cost only)")
    parser.add_argument("--inline", action="store_true", help="process in the web process (no worker process)")
    parser.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database per run (tests/pg.py)")
    parser.add_argument(
        "--workers", default="1", help="worker processes (PostgreSQL); a list such as 1,4 runs each in turn"
    )
    args = parser.parse_args()
    runs = [(d, w) for d in ([1, 3] if args.both else [args.deliveries]) for w in _counts(args.workers)]
    results = []
    for deliveries, workers in runs:
        with tempfile.TemporaryDirectory(prefix="leadscribe-bench-") as tmp, _database(args.postgres, tmp) as url:
            if args.app:
                factory, url = _load_factory(args.app), ""
            elif args.minimal:
                factory, url = minimal_app, ""
            else:
                prepare_database(url, args.reps)
                worker = "inline" if args.inline else "process"
                factory = partial(real_app, url=url, worker=worker, workers=workers)
            args_run = (factory, args.reps, args.messages, deliveries, args.timeout, url, args.warmup, args.race)
            result = _run_loop(run(*args_run))
            results.append({"database": "postgresql" if args.postgres else "sqlite", "workers": workers} | result)
    if len(results) > 1 and results[0]["throughput_msg_s"]:
        # the same run's ratio: every configuration against the first
        for r in results[1:]:
            r["throughput_vs_first"] = round((r["throughput_msg_s"] or 0) / results[0]["throughput_msg_s"], 2)
    print(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=2))


def _counts(spec: str) -> list[int]:
    return [int(x) for x in spec.split(",") if x.strip()]


@contextlib.contextmanager
def _database(postgres: bool, tmp: str) -> Iterator[str]:
    if not postgres:
        yield f"sqlite:///{tmp}/bench.db"
        return
    from tests.pg import temp_pg_database

    with temp_pg_database("ls_bench") as url:
        yield url


if __name__ == "__main__":
    main()
