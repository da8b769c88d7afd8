"""Intent accuracy on a phrasing table (tests/data/intents/*.jsonl); prints JSON.

python bench/intents.py tests/data/intents/dev.jsonl [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("table", type=Path)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from leadscribe.nlp.intent import read_intent

    rows = [json.loads(line) for line in args.table.read_text(encoding="utf-8").splitlines() if line.strip()]
    errors, per = [], Counter()
    right = 0
    for row in rows:
        got = read_intent(row["text"], bool(row.get("pending")))
        want_args = row.get("args") or {}
        ok = got.name == row["intent"] and all(str(got.args.get(k)) == str(v) for k, v in want_args.items())
        right += ok
        per[(row["intent"], ok)] += 1
        if not ok:
            errors.append(
                {
                    "text": row["text"],
                    "pending": row.get("pending"),
                    "want": [row["intent"], want_args],
                    "got": [got.name, got.args],
                }
            )
    out = {
        "phrasings": len(rows),
        "accuracy": round(right / len(rows), 3) if rows else 1.0,
        "by_intent": {k: f"{per[(k, True)]}/{per[(k, True)] + per[(k, False)]}" for k in sorted({k for k, _ in per})},
    }
    if args.show_errors:
        out["errors"] = errors
    print(json.dumps(out, ensure_ascii=False, indent=1 if args.show_errors else None))


if __name__ == "__main__":
    main()
