"""Acknowledgements first: work that follows a request's acknowledgement (answers posted after it, the
reviewer queue's posts, reviews that didn't fit in their ack) waits while other requests are still being
acknowledged, so a burst's last ack doesn't queue on the event loop behind the earlier requests' answers.

Requests arriving together are all read in one turn of the loop, so each is counted before any follow-up
work runs again. Patience bounds the wait: under a steady stream of requests the loop is never free of
acks, and follow-up work still goes, at most ``patience`` later each time it waits.
"""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

PATIENCE = 0.1  # seconds follow-up work waits for the acks in progress before it goes anyway
# Seconds a stopping bot (SIGTERM, Ctrl-C) gives the requests it has acknowledged to be answered, before it
# closes its connections and the database: a clean stop doesn't drop answers a member was promised.
DRAIN_SECONDS = 5.0


async def drain(tasks: set[asyncio.Task], seconds: float = DRAIN_SECONDS) -> None:
    """Wait until ``tasks`` (which may start more while waiting) are done, or ``seconds`` have passed."""
    deadline = asyncio.get_running_loop().time() + seconds
    while pending := {t for t in tasks if t is not asyncio.current_task() and not t.done()}:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            return
        await asyncio.wait(pending, timeout=left)


class AckFirst:
    def __init__(self, patience: float = PATIENCE) -> None:
        self.patience = patience
        self.acking = 0  # requests read and not yet acknowledged
        self._waiting: list[asyncio.Future[None]] = []  # follow-up work waiting for its turn

    @contextlib.contextmanager
    def acknowledging(self) -> Iterator[None]:
        """Around one request, from being read until its acknowledgement is handed over to be sent."""
        self.acking += 1
        try:
            yield
        finally:
            self.acking -= 1
            if not self.acking:
                waiting, self._waiting = self._waiting, []
                for turn in waiting:
                    _go(turn)

    async def turn(self) -> None:
        """Return once no request is being acknowledged, or after ``patience`` at most. (A future and a
        timer each, no task: this runs for every follow-up of a burst.)"""
        if not self.acking:
            return
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[None] = loop.create_future()
        self._waiting.append(turn)
        timer = loop.call_later(self.patience, _go, turn)
        try:
            await turn
        finally:
            timer.cancel()
            if turn in self._waiting:  # its patience ran out (or it was cancelled): no longer waiting
                self._waiting.remove(turn)


def _go(turn: asyncio.Future[None]) -> None:
    if not turn.done():
        turn.set_result(None)
