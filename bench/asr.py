"""ASR benchmark on ../shared/voice: CER per format, real-time factor, model load time, voice-to-fields F1."""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    from opencc import OpenCC

    return _PUNCT.sub("", OpenCC("t2s").convert(text)).lower()


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(pairs: list[tuple[str, str]]) -> float:
    """Corpus CER: total edits over total reference characters."""
    edits = sum(edit_distance(normalise(ref), normalise(hyp)) for ref, hyp in pairs)
    return round(edits / max(1, sum(len(normalise(ref)) for ref, _ in pairs)), 4)


def _scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "score", None)


def _voice_f1(rows: list[dict[str, Any]], transcripts: dict[str, str], score_py: Path) -> Any:
    try:
        from leadscribe.nlp import extract
    except ImportError:
        return None
    score = _scorer(score_py)
    if score is None:
        return None
    preds = []
    for row in rows:
        now = datetime.fromisoformat(row["now"])
        fields = extract(transcripts[row["id"]], now, "Asia/Shanghai").to_schema()
        preds.append({"id": row["id"], "fields": fields})
    report, _errors = score(rows, preds)
    return report.get("micro")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voice", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "voice")
    parser.add_argument("--formats", default="wav,ogg,amr")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    from leadscribe import speech
    from leadscribe.speech.engine import load_seconds

    t0 = time.perf_counter()
    speech.get_model()
    load = load_seconds() or time.perf_counter() - t0
    rows = [json.loads(line) for line in (args.voice / "voice.jsonl").read_text().splitlines() if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    out: dict[str, Any] = {"model_load_seconds": round(load, 3), "clips": len(rows), "cer": {}}
    rtfs: list[float] = []
    per_format: dict[str, dict[str, str]] = {}
    for fmt in args.formats.split(","):
        hyps = {}
        for row in rows:
            result = speech.transcribe(args.voice / f"{Path(row['audio']).stem}.{fmt}")
            hyps[row["id"]] = result.text
            rtfs.append(result.inference_seconds / max(result.duration, 1e-6))
        per_format[fmt] = hyps
        out["cer"][fmt] = cer([(row["text"], hyps[row["id"]]) for row in rows])
    real = args.voice / "real" / "manifest.jsonl"
    if real.exists():
        real_rows = [json.loads(x) for x in real.read_text().splitlines() if x.strip()]
        pairs = [(r["text"], speech.transcribe(real.parent / r["audio"]).text) for r in real_rows]
        out["cer"]["real"] = cer(pairs)
        out["real_transcripts"] = [h for _, h in pairs]
    out["rtf_median"] = round(statistics.median(rtfs), 4) if rtfs else None
    first = next(iter(per_format), None)
    if first:
        out["voice_f1_format"] = first
        out["voice_f1"] = _voice_f1(rows, per_format[first], args.voice.parent / "eval" / "score.py")
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
