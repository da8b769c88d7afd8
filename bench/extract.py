"""Benchmark of `leadscribe.nlp.extract` in one process: load time, throughput, latency, memory (JSON)."""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from datetime import datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / "tests" / "data" / "dev.jsonl"


def _messages(path: Path) -> list[tuple[str, datetime, str | None]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], datetime.fromisoformat(r["now"]), r.get("tz")) for r in rows]


def reference_loop_s() -> float:
    """Seconds for a fixed pure-Python loop: how fast this core is, to compare runs on different machines."""
    start, total = time.perf_counter(), 0
    for i in range(5_000_000):
        total += i
    return round(time.perf_counter() - start, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="JSONL rows with text, now, tz")
    parser.add_argument("--rounds", type=int, default=20, help="passes over the input after warm-up")
    parser.add_argument(
        "--customers", type=int, default=5000, help="known customers in the gazetteer run (0: no gazetteer run)"
    )
    args = parser.parse_args()

    import_start = time.perf_counter()
    from leadscribe.nlp import extract
    from leadscribe.nlp.pipeline import get_pipeline

    import_s = time.perf_counter() - import_start
    load_start = time.perf_counter()
    nlp = get_pipeline()
    load_s = time.perf_counter() - load_start

    messages = _messages(args.input)
    for text, now, tz in messages:  # warm-up: regex and lexicon caches, jieba's lazy parts
        extract(text, now, tz)
    gc.freeze()  # as `leadscribe serve` does after warming up: the loaded pipeline is no garbage to scan

    plain = _timed(extract, messages, args.rounds, None)
    result = {
        "messages": plain["messages"],
        "components": nlp.pipe_names,
        **{k: v for k, v in plain.items() if k != "messages"},
        "import_s": round(import_s, 3),
        "pipeline_load_s": round(load_s, 3),
    }
    if args.customers:
        # the same messages with a rep's known customers as context (built once, as crm/known.py caches it)
        build_start = time.perf_counter()
        gazetteer = synthetic_gazetteer(args.customers)
        build_s = time.perf_counter() - build_start
        known = _timed(extract, messages, args.rounds, gazetteer)
        result["with_gazetteer"] = {
            "customers": args.customers,
            "build_s": round(build_s, 3),
            **{k: v for k, v in known.items() if k != "messages"},
            "ratio_to_plain": round(known["messages_per_second"] / plain["messages_per_second"], 3),
        }
    result["rss_mb"] = round(psutil.Process().memory_info().rss / 2**20, 1)
    result["reference_loop_s"] = reference_loop_s()
    print(json.dumps(result, ensure_ascii=False))


def _timed(extract, messages, rounds: int, gazetteer) -> dict:  # type: ignore[no-untyped-def]
    for text, now, tz in messages:  # warm-up
        extract(text, now, tz, gazetteer)
    latencies: list[float] = []
    start = time.perf_counter()
    for _ in range(rounds):
        for text, now, tz in messages:
            t0 = time.perf_counter()
            extract(text, now, tz, gazetteer)
            latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "messages": len(latencies),
        "messages_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
        "max_ms": round(latencies[-1] * 1000, 3),
    }


_PLACES = ["苏州", "无锡", "杭州", "宁波", "合肥", "成都", "西安", "青岛", "厦门", "佛山", "长沙", "郑州"]
_TRADES = ["精密机械", "化工", "电子科技", "物流", "医疗器械", "餐饮管理", "建材", "软件", "纺织", "包装材料", "酒店"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_TITLES = ["总", "经理", "主任", "工", "老板", "处长"]


def synthetic_gazetteer(n: int):  # type: ignore[no-untyped-def]
    """`n` customers with registered names, a contact each and a phone, in the shapes real ones have."""
    import random

    from leadscribe.nlp import Gazetteer, KnownContact, KnownCustomer

    rng = random.Random(7)
    chars = "华锐永兴德润鹭通嘉和恒远泰和云帆宏图金城明珠锦程海澜筑城天穗利铭卓远智联青禾芙蓉瓯江正泰鼎盛鑫达腾飞星辰"
    customers = []
    for i in range(n):
        trade = rng.choice(chars) + rng.choice(chars)
        name = f"{rng.choice(_PLACES)}{trade}{rng.choice(_TRADES)}有限公司"
        surname = rng.choice(_SURNAMES)
        contact = KnownContact(surname + rng.choice(_TITLES))
        customers.append(KnownCustomer(i + 1, name, contacts=(contact,), phones=(f"139{i:08d}",)))
    return Gazetteer(customers)


if __name__ == "__main__":
    main()
