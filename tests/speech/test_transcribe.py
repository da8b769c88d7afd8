"""The real base model on real clips: Simplified text, silence gives nothing, the pool applies back-pressure."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadscribe import speech
from leadscribe.cli import _load_commands
from leadscribe.cli.app import app

VOICE = Path(__file__).resolve().parents[1] / "data" / "voice"


@pytest.mark.slow
def test_real_aishell_clip() -> None:
    result = speech.transcribe(VOICE / "aishell1_BAC009S0764W0121.wav")
    assert result.language == "zh"
    # Reference: 甚至出现交易几乎停滞的情况; allow a character or two of error.
    ref = "甚至出现交易几乎停滞的情况"
    assert sum(ch in result.text for ch in ref) >= len(ref) - 2
    assert 4.0 < result.duration < 4.5 and result.inference_seconds > 0


@pytest.mark.slow
def test_silence_gives_empty_transcript() -> None:
    assert speech.transcribe(VOICE / "silence.wav").text == ""


@pytest.mark.slow
def test_cli_json_and_errors(tmp_path: Path) -> None:
    _load_commands()
    bad = tmp_path / "bad.ogg"
    bad.write_bytes(b"")
    out = CliRunner().invoke(app, ["transcribe", str(bad), str(VOICE / "d008.amr"), "--json"])
    assert out.exit_code == 1
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 1 and "招标" in rows[0]["text"] and rows[0]["segments"]
    assert {"language", "duration", "decode_seconds", "inference_seconds"} <= rows[0].keys()
    assert "空的" in out.stderr


@pytest.mark.slow
def test_pool_refuses_when_full() -> None:
    pool = speech.TranscriptionPool(workers=1, queue=0)

    async def run() -> None:
        # A real note takes the only slot for at least the inference time.
        first = asyncio.ensure_future(pool.submit(VOICE / "d008.wav"))
        await asyncio.sleep(0)
        with pytest.raises(speech.Busy):
            await pool.submit(VOICE / "d008.ogg")
        assert "主任" in (await first).text
        with pytest.raises(speech.EmptyAudio):  # the slot is free again
            await pool.submit(b"")

    asyncio.run(run())
    pool.shutdown()


@pytest.mark.slow
def test_a_noisy_note_transcribes_the_same_every_time() -> None:
    """No sampling fallback: the rep sees the same card for the same note, and benches repeat."""
    texts = {speech.transcribe(VOICE / "noisy_d041.amr").text for _ in range(3)}
    assert len(texts) == 1 and "医院" in texts.pop()


def test_the_encoder_sees_the_audio_plus_the_padding_asked_for() -> None:
    import numpy as np

    from leadscribe.speech.engine import _trimmed

    features = np.zeros((80, 3000), dtype=np.float32)
    features[:, :950] = -0.5  # 9.5 s of log-mel, then faster-whisper's zero padding
    assert _trimmed(features, 1000).shape == (80, 2000)  # 9.5 s + 10 s, up to a whole second
    assert _trimmed(features[None], 0).shape == (1, 80, 1000)
    assert _trimmed(features, 3000).shape == (80, 3000)  # never longer than the window
    features[:, 2990] = 0.1  # audio to the end: nothing to cut
    assert _trimmed(features, 500).shape == (80, 3000)


def test_full_padding_is_plain_faster_whisper() -> None:
    from faster_whisper import WhisperModel

    from leadscribe.speech.engine import _model_class

    assert _model_class(30) is WhisperModel
    assert issubclass(_model_class(10), WhisperModel) and _model_class(10) is not WhisperModel
