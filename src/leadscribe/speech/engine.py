"""Whisper via faster-whisper: one lazily loaded model per process, decoding biased toward sales Mandarin."""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .audio import SAMPLE_RATE, decode_audio
from .config import current
from .correct import correct_names, snap_surnames, spoken_phones
from .errors import ModelError
from .model_files import prepare_model_dir
from .pull import is_complete, model_folder
from .spoken import snap_said, snap_sign, snap_time_words, snap_titles, spoken_amounts
from .terms import correct_terms
from .unsure import bracket, carry, char_probabilities, word_probabilities

SIZE_NAMES = {"tiny", "base", "small", "medium", "large-v1", "large-v2", "large-v3", "large-v3-turbo", "turbo"}
_lock = threading.Lock()
_model: Any = None
_load_seconds: float | None = None


@dataclass(frozen=True)
class Hints:
    """What the caller knows the rep may say: names, companies and contacts from their CRM."""

    names: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)

    def all_terms(self) -> list[str]:
        return [*self.names, *self.companies, *self.contacts]


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    shown: str = ""  # the text with the words Whisper was unsure of in [brackets] (speech/unsure.py)


@dataclass(frozen=True)
class Transcript:
    text: str
    segments: list[Segment]
    language: str
    duration: float
    decode_seconds: float
    inference_seconds: float
    shown: str = ""  # what the rep is shown: `text` with unsure words in [brackets]


def _read_lines(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [s for line in lines if (s := line.split("#", 1)[0].strip())]


def _data_lines(name: str) -> list[str]:
    return _read_lines(Path(str(resources.files(__package__) / "data" / name)))


def _trimmed(features: Any, pad_frames: int) -> Any:
    """Log-mel features cut to their audio plus `pad_frames` of the window's zero padding, in whole seconds.

    faster-whisper pads every window to 30 s; the encoder's cost grows with its input (measured on 2 cores:
    0.82 s for 30 s, 0.08 s for 10 s), and CTranslate2 accepts shorter inputs. A real log-mel frame is never all
    zeros, so trailing all-zero frames are padding.
    """
    import numpy as np

    frames = features.shape[-1]
    nonzero = np.flatnonzero(np.any(features.reshape(-1, frames) != 0, axis=0))
    content = int(nonzero[-1]) + 1 if nonzero.size else 0
    keep = -(-(content + pad_frames) // 100) * 100
    return features[..., :keep] if keep < frames else features


def _model_class(pad_seconds: float) -> Any:
    from faster_whisper import WhisperModel

    pad_frames = int(pad_seconds * 100)  # 100 log-mel frames per second
    if pad_frames >= 3000:
        return WhisperModel

    class ShortWindowModel(WhisperModel):
        def encode(self, features: Any) -> Any:
            return super().encode(_trimmed(features, pad_frames))

    return ShortWindowModel


def model_source() -> str:
    """The folder (or cached size name) faster-whisper should load."""
    choice = current().model.strip()
    if not choice:
        return str(prepare_model())
    if Path(choice).expanduser().is_dir():
        return str(Path(choice).expanduser())
    pulled = model_folder(current().model_dir, choice)
    if is_complete(pulled):
        return str(pulled)  # `leadscribe models pull NAME` put it there
    if choice in SIZE_NAMES:
        return choice
    raise ModelError(f"LEADSCRIBE_WHISPER_MODEL={choice!r} is neither a folder nor one of {sorted(SIZE_NAMES)}")


def prepare_model() -> Path:
    """Join and verify the bundled base model into the data-dir cache (the Dockerfile runs this at build time)."""
    return prepare_model_dir(current().model_dir / "whisper-base")


def device(choice: str) -> str:
    """`auto`: the GPU when CTranslate2 sees one (a deployment with CUDA), else the CPU."""
    if choice != "auto":
        return choice
    try:
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    except Exception:  # no CUDA runtime at all
        return "cpu"


def get_model() -> Any:
    """The process-wide WhisperModel, loaded on first use (thread-safe)."""
    global _model, _load_seconds
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download at run time
            conf = current()
            start = time.perf_counter()
            source = model_source()
            try:
                _model = _model_class(conf.pad_seconds)(
                    source,
                    device=device(conf.device),
                    compute_type=conf.compute_type,
                    cpu_threads=conf.threads,
                    local_files_only=True,
                )
            except Exception as exc:
                raise ModelError(
                    f"cannot load Whisper model {source!r} (only locally cached models "
                    f"work; set LEADSCRIBE_WHISPER_MODEL to a model folder): {exc}"
                ) from exc
            _load_seconds = time.perf_counter() - start
    return _model


def load_seconds() -> float | None:
    return _load_seconds


def build_prompt(hints: Hints | None) -> tuple[str, str]:
    """An initial prompt and hot words from the rep's own CRM terms; empty without hints.

    A generic sales prompt raised CER on the dev notes (0.224 against 0.205 with none, base model), so the
    sales vocabulary and competitor lexicon are applied after decoding instead (`terms.correct_terms`).
    """
    terms = hints.all_terms()[:40] if hints else []
    if not terms:
        return "", ""
    return "客户：" + "、".join(terms[:20]) + "。", " ".join(terms)


# Whisper marks a pause inside Chinese with a space; the extractor reads clauses, so a pause becomes a comma.
_PAUSE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff\d])|(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff])")
_ENDS_CLAUSE = re.compile(r"[，。！？,.!?；;：:]$")


def punctuate(parts: list[str]) -> str:
    """Segments joined into one text with commas at pauses (spaces between digits or Latin words stay)."""
    text = ""
    for part in (_PAUSE.sub("，", p.strip()) for p in parts):
        if text and part and not _ENDS_CLAUSE.search(text):
            text += "，"
        text += part
    return text


_LOOP = re.compile(r"(.{1,4}?)(?:\s*\1){5,}")


def _collapse_loops(text: str) -> str:
    """Whisper sometimes repeats a token to the end of the window; keep one copy."""
    return _LOOP.sub(r"\1", text)


def _drop_fillers(text: str) -> str:
    fillers = _data_lines("hallucinations.txt")
    return "" if any(f.lower() in text.lower() for f in fillers) else text


def transcribe(source: str | Path | bytes, hints: Hints | None = None) -> Transcript:
    """Simplified-Chinese transcript of a voice note; raises an AudioError subclass for unusable audio."""
    from opencc import OpenCC

    conf = current()
    start = time.perf_counter()
    audio = decode_audio(source, conf.max_audio_bytes, conf.max_audio_seconds)
    decoded = time.perf_counter()
    model = get_model()
    prompt, hotwords = build_prompt(hints)
    raw_segments, info = model.transcribe(
        audio.samples,
        language="zh",
        task="transcribe",
        beam_size=conf.beam_size,
        initial_prompt=prompt or None,
        hotwords=hotwords or None,
        # Measured on the dev notes: timestamp tokens and a custom VAD silence length both raised CER.
        condition_on_previous_text=False,
        vad_filter=True,
        no_speech_threshold=0.6,
        log_prob_threshold=-1.0,
        compression_ratio_threshold=2.4,
        without_timestamps=True,
        # greedy/beam only: the sampling fallback made noisy notes come out differently on every run and,
        # measured on the dev notes, never better (AMR CER 0.30-0.32 with it, 0.278 without)
        temperature=0.0,
    )
    t2s = OpenCC("t2s")
    terms = hints.all_terms() if hints else []
    segments = []
    kept = []
    for seg in raw_segments:
        text = _drop_fillers(_collapse_loops(t2s.convert(seg.text.strip())))
        if not text or seg.no_speech_prob > 0.8 and seg.avg_logprob < -1.0:
            continue
        text = snap_surnames(snap_titles(snap_said(correct_names(text, terms))))
        text = spoken_phones(snap_sign(snap_time_words(spoken_amounts(correct_terms(text, keep=terms)))))
        kept.append(seg)
        segments.append(Segment(start=round(seg.start, 2), end=round(seg.end, 2), text=text))
    # a second, teacher-forced look at the same tokens gives each word's probability without changing the
    # decoding (asking the decoder for word timestamps moved its windows and raised CER on the dev notes)
    words = word_probabilities(model, audio.samples, [t for seg in kept for t in seg.tokens])
    raw, probs = char_probabilities(words, t2s.convert)
    final = "".join(s.text for s in segments)
    marks = iter(carry(raw, probs, final)) if words else None
    segments = [replace(s, shown=bracket(s.text, [next(marks) for _ in s.text]) if marks else s.text) for s in segments]
    done = time.perf_counter()
    return Transcript(
        text=punctuate([s.text for s in segments]),
        shown=punctuate([s.shown for s in segments]),
        segments=segments,
        language=info.language,
        duration=round(len(audio.samples) / SAMPLE_RATE, 3),
        decode_seconds=round(decoded - start, 3),
        inference_seconds=round(done - decoded, 3),
    )
