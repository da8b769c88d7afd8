"""Speech errors, each with a key: what a rep or the command line reads for it is in bot/i18n.py, the one place
for the product's sentences."""

from __future__ import annotations


class SpeechError(Exception):
    """Base of every speech failure; `key` names the reply (bot/i18n.py)."""

    key = "voice_unreadable"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.key)


class ModelError(SpeechError):
    """The Whisper model cannot be found, joined or verified."""

    key = "voice_unavailable"


class AudioError(SpeechError):
    """The audio cannot be used."""


class EmptyAudio(AudioError):
    key = "voice_empty"


class AudioTooLarge(AudioError):
    key = "voice_too_large"


class AudioTooLong(AudioError):
    key = "voice_too_long"


class UnsupportedAudio(AudioError):
    key = "voice_unsupported"


class CorruptAudio(AudioError):
    key = "voice_corrupt"


class Busy(SpeechError):
    """The transcription queue is full; try again shortly."""

    key = "voice_busy"
