"""Values read from the store and kept a few seconds, each read made once however many requests want it.

A burst of requests arriving as a community's entry expires would otherwise each read it again (50 at
once: 50 copies of the same queries queued on the database, and the burst's answers behind them); here
the first caller reads and the others await its result.

The first caller reads inline, with no task or future of its own: on the one-shot store (storage/oneshot.py)
a command runs with no event loop at all, and nobody else can be waiting.
"""
from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    import asyncio

V = TypeVar("V")


class ExpiringCache(Generic[V]):
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._values: dict[str, tuple[float, V]] = {}
        # key -> the callers awaiting the read running: its value, or None when the reader was cancelled
        self._waiting: dict[str, list[asyncio.Future[tuple[V] | None]]] = {}
        self._generation = 0  # bumped by every ``forget``: a read that overlaps one isn't kept

    async def get(self, key: str, read: Callable[[], Awaitable[V]]) -> V:
        """The value kept for ``key`` if fresh; else the result of ``read()``, shared with every caller
        that asks while it runs."""
        while True:
            kept = self._values.get(key)
            if kept is not None and time.monotonic() - kept[0] < self.ttl:
                return kept[1]
            waiting = self._waiting.get(key)
            if waiting is None:
                return await self._read(key, read)
            import asyncio  # only here: two callers at once means an event loop is running

            result: asyncio.Future[tuple[V] | None] = asyncio.get_running_loop().create_future()
            waiting.append(result)
            read_for_us = await result
            if read_for_us is not None:
                return read_for_us[0]

    async def _read(self, key: str, read: Callable[[], Awaitable[V]]) -> V:
        waiting: list[asyncio.Future[tuple[V] | None]] = []
        self._waiting[key] = waiting
        generation = self._generation
        try:
            value = await read()
        except BaseException as exc:
            cancelled = not isinstance(exc, Exception)  # this caller gave up, not theirs: one of them reads
            for result in waiting:
                if not result.done():
                    if cancelled:
                        result.set_result(None)
                    else:
                        result.set_exception(exc)
            raise
        finally:
            if self._waiting.get(key) is waiting:
                del self._waiting[key]
        if generation == self._generation:
            self._values[key] = (time.monotonic(), value)
        for result in waiting:
            if not result.done():
                result.set_result((value,))
        return value

    def forget(self, key: str | None = None) -> None:
        """``key``'s value changed (None: any may have): the next ``get`` reads it again, even while an
        earlier read is still running."""
        self._generation += 1
        if key is None:
            self._values.clear()
            self._waiting.clear()
        else:
            self._values.pop(key, None)
            self._waiting.pop(key, None)
