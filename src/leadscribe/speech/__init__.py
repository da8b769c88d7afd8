"""Speech room: voice notes to Simplified-Chinese text with Whisper, biased toward the rep's own words."""

from __future__ import annotations

from .audio import decode_audio
from .engine import Hints, Segment, Transcript, get_model, prepare_model, transcribe
from .errors import (
    AudioError,
    AudioTooLarge,
    AudioTooLong,
    Busy,
    CorruptAudio,
    EmptyAudio,
    ModelError,
    SpeechError,
    UnsupportedAudio,
)
from .pool import TranscriptionPool, get_pool

__all__ = [
    "AudioError",
    "AudioTooLarge",
    "AudioTooLong",
    "Busy",
    "CorruptAudio",
    "EmptyAudio",
    "Hints",
    "ModelError",
    "Segment",
    "SpeechError",
    "Transcript",
    "TranscriptionPool",
    "UnsupportedAudio",
    "decode_audio",
    "get_model",
    "get_pool",
    "prepare_model",
    "transcribe",
]
