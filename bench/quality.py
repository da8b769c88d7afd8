"""Extraction quality on every suite in the repository, as JSON: micro F1 and each field's F1.

The quality targets of issue 16 are read here (held-out halves are not in the repository)."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SUITES = {
    "dev": ("dev.jsonl", None),
    "lead_holdout": ("lead_holdout.jsonl", None),
    "lead_holdout2": ("lead_holdout2.jsonl", None),
    "crosswoz_phones": ("crosswoz_phone_val.jsonl", ["phone"]),
    "real_time_dev": ("real/time_dev.jsonl", ["key_date"]),
    "real_money_dev": ("real/money_dev.jsonl", ["budget"]),
    "real_names_dev": ("real/names_dev.jsonl", ["contact_name", "company"]),
    "real_flags_dev": ("real/flags_dev.jsonl", ["flags", "competitors"]),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", DATA / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    from leadscribe.nlp import extract

    score = _scorer().score
    out = {}
    for name, (path, fields) in SUITES.items():
        gold = [json.loads(line) for line in (DATA / path).read_text(encoding="utf-8").splitlines() if line.strip()]
        preds = [
            {"id": r["id"], **extract(r["text"], datetime.fromisoformat(r["now"]), r.get("tz")).to_schema()}
            for r in gold
        ]
        report, _ = score(gold, preds, fields)
        out[name] = {
            "rows": len(gold),
            "micro_f1": report["micro"]["f1"],
            "fields": {k: v["f1"] for k, v in report.items() if isinstance(v, dict) and "f1" in v and k != "micro"},
        }
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
