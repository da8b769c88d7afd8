"""Decode chat-app voice notes (OGG/Opus, AMR-NB, WAV, MP3, M4A/AAC) to 16 kHz mono float32 with PyAV."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from .errors import AudioTooLarge, AudioTooLong, CorruptAudio, EmptyAudio, UnsupportedAudio

SAMPLE_RATE = 16000
MIN_SECONDS = 0.1  # a header with a few stray samples is a broken upload, not a note
# Demuxer names FFmpeg reports for the formats chat apps send; anything else is refused.
ALLOWED_CONTAINERS = {"ogg", "amr", "wav", "mp3", "mov", "mp4", "m4a", "3gp", "aac", "matroska", "webm"}
ALLOWED_CODECS = {
    "opus",
    "vorbis",
    "amr_nb",
    "amrnb",
    "pcm_s16le",
    "pcm_s24le",
    "pcm_s32le",
    "pcm_f32le",
    "pcm_u8",
    "pcm_alaw",
    "pcm_mulaw",
    "mp3",
    "mp3float",
    "aac",
}
# FFmpeg's native amrnb decoder rejects DTX/SID frames that WeCom and phones emit; libopencore reads them.
_DECODER_OVERRIDE = {"amr_nb": "libopencore_amrnb", "amrnb": "libopencore_amrnb"}


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32, mono, SAMPLE_RATE
    container: str
    codec: str

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def _read_source(source: str | Path | bytes, max_bytes: int) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnsupportedAudio(f"cannot read {path}: {exc}") from exc
        if size > max_bytes:  # refuse before reading anything big into memory
            raise AudioTooLarge(f"{path}: {size} bytes > {max_bytes}")
        data = path.read_bytes()
    if not data:
        raise EmptyAudio("empty audio")
    if len(data) > max_bytes:
        raise AudioTooLarge(f"{len(data)} bytes > {max_bytes}")
    return data


def decode_audio(source: str | Path | bytes, max_bytes: int = 20 * 1024 * 1024, max_seconds: float = 300.0) -> Audio:
    """16 kHz mono float32 samples, or an AudioError subclass with a polite message."""
    data = _read_source(source, max_bytes)
    _check_not_truncated(data)
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise UnsupportedAudio(f"not a known audio format: {exc}") from exc
    with container:
        fmt_names = set(container.format.name.split(","))
        if not fmt_names & ALLOWED_CONTAINERS or not container.streams.audio:
            raise UnsupportedAudio(f"unsupported container {container.format.name}")
        stream = container.streams.audio[0]
        codec = stream.codec_context.name
        if codec not in ALLOWED_CODECS:
            raise UnsupportedAudio(f"unsupported codec {codec}")
        declared = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else 0.0
        if declared > max_seconds + 1:
            raise AudioTooLong(f"{declared:.1f} s > {max_seconds:.0f} s")
        samples = _decode_stream(container, stream, codec, max_seconds)
    if samples.size < MIN_SECONDS * SAMPLE_RATE:
        raise CorruptAudio("no audio could be decoded")
    return Audio(samples=samples, container=container.format.name, codec=codec)


def _decoder_for(stream: av.audio.stream.AudioStream, codec: str) -> av.CodecContext:
    name = _DECODER_OVERRIDE.get(codec)
    if name is None or name not in av.codecs_available:
        return stream.codec_context  # a PyAV build without libopencore: FFmpeg's own decoder (no DTX frames)
    ctx = av.CodecContext.create(name, "r")
    ctx.sample_rate = stream.codec_context.sample_rate or 8000
    ctx.layout = "mono"
    return ctx


def _decode_stream(
    container: av.container.InputContainer, stream: av.audio.stream.AudioStream, codec: str, max_seconds: float
) -> np.ndarray:
    decoder = _decoder_for(stream, codec)
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    total = 0
    limit = int(max_seconds * SAMPLE_RATE)
    errors = 0
    try:
        for packet in container.demux(stream):
            try:
                frames = decoder.decode(packet)
            except av.FFmpegError:
                errors += 1  # one damaged packet is tolerable; a stream of them is not audio
                if errors > 20:
                    raise
                continue
            for frame in frames:
                for out in resampler.resample(frame):
                    arr = out.to_ndarray().reshape(-1)
                    chunks.append(arr)
                    total += arr.size
            if total > limit:  # stop decoding at once: no work on overlong notes
                raise AudioTooLong(f"longer than {max_seconds:.0f} s")
        for out in resampler.resample(None):
            arr = out.to_ndarray().reshape(-1)
            chunks.append(arr)
            total += arr.size
    except av.FFmpegError as exc:
        if total == 0:
            raise CorruptAudio(f"undecodable audio: {exc}") from exc
        # A note cut short mid-packet still carries what was said before the cut.
    if total > limit:
        raise AudioTooLong(f"longer than {max_seconds:.0f} s")
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks).astype(np.float32, copy=False)


def _check_not_truncated(data: bytes) -> None:
    """Catch uploads cut short where the container says so; FFmpeg would quietly decode the first half."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        pos = 12
        while pos + 8 <= len(data):
            size = int.from_bytes(data[pos + 4 : pos + 8], "little")
            if data[pos : pos + 4] == b"data":
                if pos + 8 + size > len(data) and size != 0xFFFFFFFF:  # 0xFFFFFFFF: streamed WAV
                    raise CorruptAudio("WAV data chunk is cut short")
                return
            pos += 8 + size + (size & 1)
        raise CorruptAudio("WAV has no data chunk")
    if data[:4] == b"OggS":
        last = data.rfind(b"OggS")
        # A complete Ogg stream ends with a page flagged end-of-stream (header_type bit 2).
        if last < 0 or last + 6 > len(data) or not data[last + 5] & 0x04:
            raise CorruptAudio("Ogg stream has no end-of-stream page")
