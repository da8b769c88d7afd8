"""Group commit for the inbox: many concurrent webhooks share one transaction, each waits for its commit.

One writer thread commits whatever arrived while the previous batch was being committed, so a burst of N
webhooks costs a handful of transactions instead of N, and N thread hand-offs become a few. A request is
answered only after the transaction holding its row has committed; a failed batch is retried row by row, so
one bad row fails alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """Feeds items to `write(batch) -> results` on one thread; `put` returns the item's own result."""

    def __init__(self, write: Callable[[list[T]], Sequence[R]], max_batch: int = 1024, name: str = "intake") -> None:
        self._write = write
        self._max = max_batch
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._runner: asyncio.Task[None] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.batches = 0  # transactions committed, for tests and figures

    async def put(self, item: T) -> R:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        self._pending.append((item, future))
        if self._runner is None or self._runner.done() or self._runner.get_loop() is not loop:
            self._runner = loop.create_task(self._run())
        # shielded: a caller that goes away (client disconnect) does not cancel its neighbours' batch
        return await asyncio.shield(future)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending[: self._max], self._pending[self._max :]
            items = [item for item, _ in batch]
            try:
                results: Sequence[Any] = await loop.run_in_executor(self._thread, self._write, items)
                self.batches += 1
            except Exception as exc:
                if len(batch) == 1:
                    _settle(batch[0][1], error=exc)
                    continue
                log.warning("intake batch of %d failed (%s); retrying one by one", len(batch), type(exc).__name__)
                results = await loop.run_in_executor(self._thread, self._one_by_one, items)
            for (_, future), result in zip(batch, results, strict=True):
                _settle(future, result)

    def _one_by_one(self, items: list[T]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            try:
                out.append(_Ok(self._write([item])[0]))
                self.batches += 1
            except Exception as exc:
                out.append(exc)
        return out

    def close(self) -> None:
        self._thread.shutdown(wait=True)


class _Ok:
    """A result that came out of the one-by-one retry (tells a result apart from an exception)."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _settle(future: asyncio.Future[Any], result: Any = None, error: BaseException | None = None) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        error = result
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result.value if isinstance(result, _Ok) else result)
