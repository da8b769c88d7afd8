"""How speech runs (model, threads, limits): set once by the entry point through leadscribe.wiring."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings


@dataclass(frozen=True)
class SpeechConfig:
    data_dir: Path
    model: str = ""  # empty: the bundled multilingual base model; else a folder or a size name
    compute_type: str = "int8"
    threads: int = 2
    beam_size: int = 5
    pad_seconds: float = 10.0
    workers: int = 1
    queue: int = 16
    max_audio_bytes: int = 20 * 1024 * 1024
    max_audio_seconds: float = 300.0

    @classmethod
    def from_settings(cls, s: Settings) -> SpeechConfig:
        return cls(
            data_dir=s.data_dir,
            model=s.whisper_model,
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
