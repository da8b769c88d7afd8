"""Floors on the extraction sets written apart from the rules (tests/data/notes_*.jsonl, english_notes*.jsonl):
the development set at its level, the held-out ones no lower than when they were measured."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from leadscribe.nlp import extract
from leadscribe.nlp.moment import resolve_now

DATA = Path(__file__).resolve().parents[1] / "data"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", DATA / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("notes_dev.jsonl", 0.90),
        ("notes_holdout.jsonl", 0.74),
        ("english_notes.jsonl", 0.96),
        ("english_notes_dev.jsonl", 0.95),
        ("english_notes_dev2.jsonl", 0.95),
        # written apart by someone who never read the rules, only ever scored: 0.825 first, 0.861 now
        ("english_notes_holdout.jsonl", 0.85),
        ("english_notes_holdout2.jsonl", 0.89),  # written apart this stop, measured once: 0.903
    ],
)
def test_note_set_keeps_its_floor(name, floor):
    from datetime import datetime

    score = _scorer()
    gold = score.load(DATA / name)
    pred = []
    for r in gold:
        ex = extract(r["text"], resolve_now(datetime.fromisoformat(r["now"]), r.get("tz")), r.get("tz"))
        pred.append({"id": r["id"], **ex.to_schema()})
    report, _ = score.score(gold, pred)
    assert report["micro"]["f1"] >= floor
