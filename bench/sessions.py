"""Replays scripted rep sessions and scores the CRM they leave (docs/SESSIONS.md); prints JSON.

python bench/sessions.py tests/data/sessions/dev.jsonl [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

Fact = tuple[Any, ...]


def _norm(text: str | None) -> str:
    return re.sub(r"[\s\u3000·•()（）,，.。]", "", text or "").lower()


def _overlap(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 1.0 if a == b else 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def customers_of(leads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`leads list --json` rows grouped back into customers with their deals."""
    by_id: dict[int, dict[str, Any]] = {}
    for lead in leads:
        c = lead["customer"]
        entry = by_id.setdefault(
            c["id"], {"company": c["company"], "owner": c["owner"], "contacts": c["contacts"], "deals": []}
        )
        budget = lead.get("budget") or {}
        entry["deals"].append(
            {
                "need": lead.get("need"),
                "budget_min": budget.get("min"),
                "budget_max": budget.get("max"),
                "currency": budget.get("currency"),
                "key_date": (lead.get("key_date") or {}).get("end"),
                "stage": lead.get("stage"),
                "flags": sorted({f["kind"] for f in lead.get("flags") or []}),
            }
        )
    return list(by_id.values())


def _key(customer: dict[str, Any]) -> str:
    if customer.get("company"):
        return "co:" + _norm(customer["company"])
    names = [c.get("name") for c in customer.get("contacts") or [] if c.get("name")]
    return "who:" + (_norm(names[0]) if names else "?")


def _pair(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[int, int]:
    """pred index -> gold index: same company (or, with none, same first contact), else the longer name
    starting with the shorter one."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for strict in (True, False):
        for pi, p in enumerate(pred):
            if pi in pairs:
                continue
            for gi, g in enumerate(gold):
                if gi in taken:
                    continue
                pk, gk = _key(p), _key(g)
                same = pk == gk or (
                    not strict and pk[:3] == gk[:3] and len(pk) > 4 and (pk.startswith(gk) or gk.startswith(pk))
                )
                if same:
                    pairs[pi] = gi
                    taken.add(gi)
                    break
    return pairs


def _deal_facts(key: str, deal: dict[str, Any], dkey: str) -> set[Fact]:
    facts: set[Fact] = {("deal", key, dkey)}
    if deal.get("budget_min") is not None or deal.get("budget_max") is not None:
        facts.add(("budget", key, dkey, deal.get("budget_min"), deal.get("budget_max"), deal.get("currency")))
    if deal.get("key_date"):
        facts.add(("key_date", key, dkey, deal["key_date"]))
    stage = deal.get("stage") if deal.get("stage") in ("won", "lost") else "open"
    facts.add(("stage", key, dkey, stage))
    facts.update(("flag", key, dkey, kind) for kind in deal.get("flags") or [])
    return facts


def _phone(p: str) -> str:
    return ("+" if p.startswith("+") else "") + re.sub(r"\D", "", p)


def _customer_facts(key: str, customer: dict[str, Any], deal_keys: list[str]) -> set[Fact]:
    facts: set[Fact] = {("customer", key, customer.get("owner"))}
    for contact in customer.get("contacts") or []:
        if contact.get("name"):
            facts.add(("contact", key, _norm(contact["name"])))
        facts.update(("phone", key, _phone(p)) for p in contact.get("phones") or [])
    for deal, dkey in zip(customer.get("deals") or [], deal_keys, strict=True):
        facts |= _deal_facts(key, deal, dkey)
    return facts


def _deal_keys(gold_deals: list[dict[str, Any]], pred_deals: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    gkeys = [f"d{i}" for i in range(len(gold_deals))]
    pkeys = [f"x{i}" for i in range(len(pred_deals))]
    used: set[int] = set()
    for pi, p in enumerate(pred_deals):
        best, score = None, 0.0
        for gi, g in enumerate(gold_deals):
            s = _overlap(p.get("need") or "", g.get("need") or "")
            if gi not in used and s > score:
                best, score = gi, s
        if best is not None and score >= 0.4:
            used.add(best)
            pkeys[pi] = gkeys[best]
    # one deal each side: the same deal whatever its need says
    if len(gold_deals) == 1 and len(pred_deals) == 1:
        pkeys = gkeys[:]
    return gkeys, pkeys


def score_session(expect: dict[str, Any], leads: list[dict[str, Any]]) -> tuple[set[Fact], set[Fact], int]:
    gold = expect.get("customers") or []
    pred = customers_of(leads)
    pairs = _pair(gold, pred)
    gold_facts: set[Fact] = set()
    pred_facts: set[Fact] = set()
    for gi, g in enumerate(gold):
        pi = next((p for p, q in pairs.items() if q == gi), None)
        p_deals = pred[pi]["deals"] if pi is not None else []
        gkeys, pkeys = _deal_keys(g.get("deals") or [], p_deals)
        gold_facts |= _customer_facts(_key(g), g, gkeys)
        if pi is not None:
            pred_facts |= _customer_facts(_key(g), pred[pi], pkeys)
    extra = [p for pi, p in enumerate(pred) if pi not in pairs]
    for n, p in enumerate(extra):
        pred_facts |= _customer_facts(f"extra{n}:{_key(p)}", p, [f"x{i}" for i in range(len(p["deals"]))])
    return gold_facts, pred_facts, len(extra)


def _replies_ok(session: dict[str, Any], result: dict[str, Any]) -> list[str]:
    missing = []
    for spec, played in zip(session["turns"], result["turns"], strict=True):
        if isinstance(spec, dict):
            said = "\n".join(played["replies"])
            missing += [f"{spec['text']!r} reply lacks {w!r}" for w in spec.get("reply_has") or [] if w not in said]
    return missing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("sessions", type=Path)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from leadscribe.cli.replay import replay_file

    sessions = [json.loads(line) for line in args.sessions.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = replay_file(args.sessions)
    tp = fp = fn = extra = exact = 0
    errors = []
    for session, result in zip(sessions, results, strict=True):
        gold, pred, n_extra = score_session(session["expect"], result["leads"])
        missing_replies = _replies_ok(session, result)
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        extra += n_extra
        if gold == pred and not missing_replies:
            exact += 1
        else:
            errors.append(
                {
                    "id": session["id"],
                    "missing": sorted(map(str, gold - pred)),
                    "wrong": sorted(map(str, pred - gold)),
                    "replies": missing_replies,
                }
            )
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    out: dict[str, Any] = {
        "sessions": len(sessions),
        "exact": exact,
        "fact_precision": round(p, 3),
        "fact_recall": round(r, 3),
        "fact_f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
        "extra_customers": extra,
    }
    if args.show_errors:
        out["errors"] = errors
    print(json.dumps(out, ensure_ascii=False, indent=1 if args.show_errors else None))


if __name__ == "__main__":
    main()
