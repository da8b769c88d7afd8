"""How speech runs (model, threads, limits): set once by the entry point through leadscribe.wiring."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings


@dataclass(frozen=True)
class SpeechConfig:
    """The speech part of Settings (whose defaults and documentation are the only ones)."""

    data_dir: Path
    model_dir: Path
    model: str
    device: str
    compute_type: str
    threads: int
    beam_size: int
    pad_seconds: float
    workers: int
    queue: int
    max_audio_bytes: int
    max_audio_seconds: float

    @classmethod
    def from_settings(cls, s: Settings) -> SpeechConfig:
        return cls(
            data_dir=s.data_dir,
            model_dir=s.model_dir or s.data_dir / "models",
            model=s.whisper_model,
            device=s.whisper_device,
            compute_type=s.whisper_compute_type,
            threads=s.whisper_threads,
            beam_size=s.whisper_beam_size,
            pad_seconds=s.whisper_pad_seconds,
            workers=s.whisper_workers,
            queue=s.whisper_queue,
            max_audio_bytes=s.max_audio_bytes,
            max_audio_seconds=s.max_audio_seconds,
        )


_lock = threading.Lock()
_config: SpeechConfig | None = None


def configure(config: SpeechConfig) -> None:
    """Use `config` from now on (before the model or the pool is first built)."""
    global _config
    with _lock:
        _config = config


def current() -> SpeechConfig:
    """The configured speech settings; a library caller that configured nothing gets the environment's."""
    global _config
    with _lock:
        if _config is None:
            _config = SpeechConfig.from_settings(Settings())
        return _config
