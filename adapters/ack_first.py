"""Acknowledgements first: work that follows a request's acknowledgement (answers posted after it, the
reviewer queue's posts, reviews that didn't fit in their ack) waits while other requests are still being
acknowledged, so a burst's last ack doesn't queue on the event loop behind the earlier requests' answers.

Requests arriving together are all read in one turn of the loop, so each is counted before any follow-up
work runs again. Patience bounds the wait: under a steady stream of requests the loop is never free of
acks, and follow-up work still goes, at most ``patience`` later each time it waits.

The garbage collector waits too (``Collector``): while a burst is being acknowledged, everything young is
in flight, so a collection then finds nearly nothing to free and only delays the acks behind it.
"""
from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Iterator

PATIENCE = 0.1  # seconds follow-up work waits for the acks in progress before it goes anyway
# Seconds a stopping bot (SIGTERM, Ctrl-C) gives the requests it has acknowledged to be answered, before it
# closes its connections and the database: a clean stop doesn't drop answers a member was promised.
DRAIN_SECONDS = 5.0
# Seconds the garbage collector may be held off while requests are being acknowledged without a break (a steady
# stream, or one slow command): then it runs as usual until the acknowledgements next pause.
HOLD_COLLECTOR = 1.0


async def drain(tasks: set[asyncio.Task], seconds: float = DRAIN_SECONDS) -> None:
    """Wait until ``tasks`` (which may start more while waiting) are done, or ``seconds`` have passed."""
    deadline = asyncio.get_running_loop().time() + seconds
    while pending := {t for t in tasks if t is not asyncio.current_task() and not t.done()}:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            return
        await asyncio.wait(pending, timeout=left)


class Collector:
    """Holds Python's garbage collector off while any request in the process is being acknowledged, on any
    platform (the collector is the process's, so one holder serves every ``AckFirst``).

    In a burst of 200 Discord `/guide`, the youngest generation filled twice before the last first response
    (10,000 objects more than were freed, ``bot.warm``): everything young then belonged to interactions in
    flight, so each collection freed almost nothing and took 2.5-4.4 ms of the event loop's processor time,
    7% of the burst's. Held, those collections run once the burst's acknowledgements are handed over. Not
    held for longer than ``HOLD_COLLECTOR`` at a stretch, and never taken from whoever else turned the
    collector off (a one-shot command runs without it)."""

    def __init__(self, longest: float = HOLD_COLLECTOR) -> None:
        self.longest = longest
        self.acking = 0  # requests being acknowledged, on every platform
        self.holding = False  # the collector is off because of them
        self._spent = False  # held for ``longest`` in this stretch of acknowledgements: not again until it ends
        self._limit: asyncio.TimerHandle | None = None

    def hold(self) -> None:
        self.acking += 1
        if self.holding or self._spent or not gc.isenabled():
            return
        gc.disable()
        self.holding = True
        self._limit = asyncio.get_running_loop().call_later(self.longest, self._let_go, True)

    def release(self) -> None:
        self.acking -= 1
        if not self.acking:
            self._spent = False
            self._let_go()

    def _let_go(self, spent: bool = False) -> None:
        if spent:
            self._spent = True
        if self._limit is not None:
            self._limit.cancel()
            self._limit = None
        if self.holding:
            self.holding = False
            gc.enable()


COLLECTOR = Collector()


class AckFirst:
    def __init__(self, patience: float = PATIENCE) -> None:
        self.patience = patience
        self.acking = 0  # requests read and not yet acknowledged
        self._waiting: list[asyncio.Future[None]] = []  # follow-up work waiting for its turn

    @contextlib.contextmanager
    def acknowledging(self) -> Iterator[None]:
        """Around one request, from being read until its acknowledgement is handed over to be sent."""
        self.acking += 1
        COLLECTOR.hold()
        try:
            yield
        finally:
            self.acking -= 1
            COLLECTOR.release()
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
