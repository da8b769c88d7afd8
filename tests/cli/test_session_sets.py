"""The scripted session sets through `leadscribe replay`'s engine: development sets at their level, none may
create a customer that should not exist more often than when measured."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from leadscribe.cli.replay import replay_file

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = ROOT / "tests" / "data" / "sessions"


def _bench():
    spec = importlib.util.spec_from_file_location("sessions_bench", ROOT / "bench" / "sessions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "floor", "extra"),
    [
        ("dev.jsonl", 0.99, 0),
        ("dev4.jsonl", 0.99, 0),
        ("dev5.jsonl", 0.99, 0),
        ("dev6.jsonl", 0.94, 2),
        ("dev7.jsonl", 0.99, 0),
    ],
)
def test_session_set_keeps_its_floor(name, floor, extra):
    bench = _bench()
    sessions = [json.loads(line) for line in (SESSIONS / name).read_text(encoding="utf-8").splitlines() if line]
    tp = fp = fn = extras = 0
    for session, result in zip(sessions, replay_file(SESSIONS / name), strict=True):
        gold, pred, n_extra = bench.score_session(session["expect"], result["leads"])
        tp, fp, fn, extras = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred), extras + n_extra
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= floor and extras <= extra
