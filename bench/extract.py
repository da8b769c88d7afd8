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

    latencies: list[float] = []
    start = time.perf_counter()
    for _ in range(args.rounds):
        for text, now, tz in messages:
            t0 = time.perf_counter()
            extract(text, now, tz)
            latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    latencies.sort()
    print(
        json.dumps(
            {
                "messages": len(latencies),
                "components": nlp.pipe_names,
                "messages_per_second": round(len(latencies) / elapsed, 1),
                "p50_ms": round(statistics.median(latencies) * 1000, 3),
                "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
                "max_ms": round(latencies[-1] * 1000, 3),
                "import_s": round(import_s, 3),
                "pipeline_load_s": round(load_s, 3),
                "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
                "reference_loop_s": reference_loop_s(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
