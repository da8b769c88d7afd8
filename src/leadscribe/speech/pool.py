"""A bounded worker pool that runs transcription off the event loop, with back-pressure."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .config import current
from .engine import Hints, Transcript, transcribe
from .errors import Busy


class TranscriptionPool:
    """At most `workers` transcriptions run and `queue` more wait; beyond that `submit` raises Busy."""

    def __init__(self, workers: int = 1, queue: int = 16) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="whisper")
        self._slots = threading.BoundedSemaphore(workers + queue)

    async def submit(self, source: str | Path | bytes, hints: Hints | None = None) -> Transcript:
        if not self._slots.acquire(blocking=False):
            raise Busy("transcription queue is full")
        try:
            future = self._executor.submit(transcribe, source, hints)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _f: self._slots.release())
        return await asyncio.wrap_future(future)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


_pool: TranscriptionPool | None = None
_pool_lock = threading.Lock()


def get_pool() -> TranscriptionPool:
    """The process-wide pool sized from settings."""
    global _pool
    with _pool_lock:
        if _pool is None:
            conf = current()
            _pool = TranscriptionPool(workers=conf.workers, queue=conf.queue)
        return _pool
