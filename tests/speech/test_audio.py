"""Real fixtures through the real PyAV decoder, and bad inputs refused quickly with the right error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from leadscribe.speech import (
    AudioTooLarge,
    AudioTooLong,
    CorruptAudio,
    EmptyAudio,
    UnsupportedAudio,
    decode_audio,
)
from leadscribe.speech.audio import SAMPLE_RATE

VOICE = Path(__file__).resolve().parents[1] / "data" / "voice"


@pytest.mark.parametrize("name", ["d008.wav", "d008.ogg", "d008.amr", "d008.mp3", "d008.m4a"])
def test_every_format_decodes_to_16k_mono(name: str) -> None:
    audio = decode_audio(VOICE / name)
    assert audio.samples.dtype.name == "float32" and audio.samples.ndim == 1
    assert 4.8 < audio.duration < 5.5  # the same 5.1 s note in every container
    assert 0.05 < float(abs(audio.samples).max()) <= 1.0


def test_amr_with_dtx_frames_decodes_fully() -> None:
    # FFmpeg's native amrnb decoder gives up on SID frames; the whole note must come through.
    wav, amr = decode_audio(VOICE / "d008.wav"), decode_audio(VOICE / "d008.amr")
    assert abs(wav.duration - amr.duration) < 0.2


def test_bytes_and_path_agree() -> None:
    path = VOICE / "d008.ogg"
    assert len(decode_audio(path.read_bytes()).samples) == len(decode_audio(path).samples)


def _bad_inputs() -> list[tuple[str, bytes, type[Exception]]]:
    wav = (VOICE / "d008.wav").read_bytes()
    ogg = (VOICE / "d008.ogg").read_bytes()
    return [
        ("empty", b"", EmptyAudio),
        ("garbage", bytes(range(256)) * 40, UnsupportedAudio),
        ("text", "这不是音频".encode() * 100, UnsupportedAudio),
        ("truncated wav", wav[: len(wav) // 2], CorruptAudio),
        ("truncated ogg", ogg[: len(ogg) // 2], CorruptAudio),
        ("header only amr", (VOICE / "d008.amr").read_bytes()[:40], CorruptAudio),
        ("flac", (VOICE / "d008.flac").read_bytes(), UnsupportedAudio),
    ]


@pytest.mark.parametrize(("label", "data", "error"), _bad_inputs(), ids=[b[0] for b in _bad_inputs()])
def test_bad_input_gives_clear_error_quickly(label: str, data: bytes, error: type[Exception]) -> None:
    start = time.perf_counter()
    with pytest.raises(error) as info:
        decode_audio(data)
    assert time.perf_counter() - start < 2
    from leadscribe.bot.i18n import say

    assert any("\u4e00" <= ch <= "\u9fff" for ch in say("zh", info.value.key))


def test_oversize_file_refused_before_decoding(tmp_path: Path) -> None:
    big = tmp_path / "big.ogg"
    big.write_bytes(b"\0" * 2048)
    with pytest.raises(AudioTooLarge):
        decode_audio(big, max_bytes=1024)


def test_overlong_note_stops_decoding() -> None:
    with pytest.raises(AudioTooLong):
        decode_audio(VOICE / "d008.amr", max_seconds=2.0)  # AMR has no duration header: cut while decoding
    with pytest.raises(AudioTooLong):
        decode_audio(VOICE / "d008.wav", max_seconds=2.0)


def test_silence_decodes_as_silence() -> None:
    audio = decode_audio(VOICE / "silence.wav")
    assert len(audio.samples) == 3 * SAMPLE_RATE and float(abs(audio.samples).max()) == 0.0
