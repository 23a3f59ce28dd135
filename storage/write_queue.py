"""The write queue both engines share (GroupCommit): ops a caller waits for, delivery claims and history
records, each batch in one transaction."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import Any, TypeVar

from .engine import Op, T
from .errors import DatabaseBusy, StorageError

Item = TypeVar("Item")
Outcome = tuple[Any, BaseException | None]  # an op's result, or its error
QUEUE_LIMIT = 10_000  # history records waiting for the database, at most (then new ones are dropped, logged)
# A batch of records the database refused (it is down, locked, read-only) is kept and tried again after
# this long, doubling up to the maximum, and at once when the database answers something else.
RETRY_FIRST_SECONDS, RETRY_MAX_SECONDS = 0.5, 30.0
log = logging.getLogger("shortlist.storage")


def flush_seconds() -> float:
    """How long a history record may wait to be batched with others before it is written
    (SHORTLIST_FLUSH_SECONDS; default 0: as soon as the database is free, so a batch is whatever
    arrived while the previous one was being written)."""
    try:
        return max(0.0, float(os.environ.get("SHORTLIST_FLUSH_SECONDS", "0")))
    except ValueError:
        return 0.0


class GroupCommit:
    """The write queue both engines share.

    - Ops (``_enqueue``) that a caller waits for: those waiting while a transaction commits are
      written together (one commit, one disk flush, for many), and each caller's await returns once
      its own op is committed, or with its own error.
    - Delivery claims (``claim``): waited for too, but written as one statement for the whole batch.
    - History records (``queue_record``): nobody waits; each batch is written in one transaction and
      one round trip, and ``_drain`` (a clean stop) writes what is left. A batch the database refuses
      is kept (up to QUEUE_LIMIT records) and written again once it answers: an outage loses nothing
      unless it outlasts the queue, or the process stops before the database is back.
    """
    path: str

    def _start_queue(self) -> None:
        self._pending: list[tuple[Op[Any], asyncio.Future[Any]]] = []
        self._records: list[Any] = []
        self._claims: list[tuple[str, asyncio.Future[bool]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._closed = False
        self._dropped = 0
        # Records queued so far (a refused one again each time it is kept), and of those, tried (written,
        # kept to try again, or given up on).
        self._queued = self._settled = 0
        self._retry_at = 0.0  # loop time before which kept records wait, unless the database answers first
        self._backoff = 0.0
        self.retry_first_seconds = RETRY_FIRST_SECONDS
        self._waiting: list[tuple[int, asyncio.Future[None]]] = []  # flushed() callers: (records, done)
        self._writing = False  # the flusher is writing a batch (records it took, or ops)
        self.flush_seconds = flush_seconds()

    def _closed_error(self) -> StorageError:
        return StorageError(f"The history database ({self.path}) is closed: Shortlist is shutting down.")

    def _kick(self, urgent: bool) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all())
        if urgent and self._wake is not None:
            self._wake.set()

    async def _enqueue(self, op: Op[T]) -> T:
        return await self._submit(self._pending, op)

    async def _submit(self, queue: list[tuple[Item, asyncio.Future[T]]], item: Item) -> T:
        """Add ``item`` to the next batch and wait for its outcome (written, or the error)."""
        if self._closed:
            raise self._closed_error()
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        queue.append((item, future))
        self._kick(urgent=True)
        return await future

    def queue_record(self, record: Any) -> None:
        """Keep ``record`` (a command or review record) with the next batch; returns at once."""
        if self._closed:
            raise self._closed_error()
        if len(self._records) >= QUEUE_LIMIT:
            self._dropped += 1
            if self._dropped == 1 or self._dropped % 1000 == 0:
                log.warning("history database %s is not keeping up: %d records dropped so far", self.path,
                            self._dropped)
            raise DatabaseBusy(f"The history database ({self.path}) is not keeping up just now.")
        self._records.append(record)
        self._queued += 1
        self._kick(urgent=False)

    async def claim(self, key: str) -> bool:
        """True the first time ``key`` is seen, in any process; written with the next batch."""
        return await self._submit(self._claims, key)

    async def flushed(self) -> None:
        """Return once every record queued so far has been tried (written, or kept for a retry while the
        database is away, or dropped and logged): what a member reads about themselves includes what they
        just did, and nobody waits out an outage's backoff."""
        if self._settled >= self._queued:
            return
        self._retry_at = 0.0  # kept records are tried now: someone is waiting for them
        if not self._writing and await self._write_now():
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((self._queued, done))
        self._kick(urgent=True)
        await done

    async def _flush_all(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending or self._records or self._claims:
            urgent = self._pending or self._claims or self._waiting or self._closed
            waiting = self._retry_at - loop.time()  # the records' backoff, after the database refused them
            if (self.flush_seconds or waiting > 0) and not urgent:
                self._wake = asyncio.Event()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), max(self.flush_seconds, waiting))
                self._wake = None
                if self._retry_at > loop.time() and not (self._pending or self._claims or self._closed):
                    continue  # woken early, with nothing that can't wait
            due = self._retry_at <= loop.time() or self._waiting or self._closed
            records, self._records = (self._records, []) if due else ([], self._records)
            claims, self._claims = self._claims, []
            batch, self._pending = self._pending, []
            self._writing = True
            try:
                await self._write_batch(records, claims, batch)
            finally:
                self._writing = False

    async def _write_batch(self, records: list[Any], claims: list[tuple[str, asyncio.Future[bool]]],
                           batch: list[tuple[Op[Any], asyncio.Future[Any]]]) -> None:
        if records or claims:
            failure: BaseException | None = None
            try:
                failure = await self._write_queued(records, claims)
            except BaseException as exc:  # the engine's own bug, or a cancellation: kept all the same
                failure = exc
                raise
            finally:
                self._settled += len(records)
                if records:
                    self._records_tried(records, failure)
                self._wake_readers()
        if batch:
            await self._flush(batch)

    def _wake_readers(self) -> None:
        still = []
        for target, done in self._waiting:
            if self._settled >= target:
                if not done.done():
                    done.set_result(None)
            else:
                still.append((target, done))
        self._waiting = still

    async def _write_queued(self, records: list[Any],
                            claims: list[tuple[str, asyncio.Future[bool]]]) -> BaseException | None:
        """Write the records and claims; settle each claim's future; why the records weren't written, if
        they weren't. The engine's own."""
        raise NotImplementedError

    def _refused_for_good(self, exc: BaseException) -> bool:
        """Whether the database would refuse these records again (bad data, not an outage). The engine's own."""
        raise NotImplementedError

    async def _write_now(self) -> bool:
        """For ``flushed()``, while the flusher isn't writing: the records waiting written right away by the
        caller, who waits for them anyway, when the engine can do that cheaply; False to leave them to the
        flusher. An engine's own choice: by default, the flusher writes everything."""
        return False

    async def _flush(self, batch: list[tuple[Op[Any], asyncio.Future[Any]]]) -> None:
        """Write the ops, each in a savepoint of one transaction. The engine's own."""
        raise NotImplementedError

    def _records_tried(self, records: list[Any], failure: BaseException | None) -> None:
        """Written: the database answers, so records kept from an outage go next. Refused: kept, ahead of
        newer ones, to try again after the backoff (the oldest dropped past QUEUE_LIMIT), unless the
        database would refuse them for good or the queue is closing."""
        if failure is None:
            self._database_answered()
            return
        if self._closed or self._refused_for_good(failure):
            log.warning("%d history records not recorded: %s", len(records), failure)
            return
        waiting = records + self._records
        dropped = max(0, len(waiting) - QUEUE_LIMIT)
        if dropped:
            log.warning("history database %s is away: the %d oldest records waiting were dropped", self.path,
                        dropped)
        self._queued += max(0, len(records) - dropped)  # the refused ones kept are queued again
        self._settled += max(0, dropped - len(records))  # newer ones dropped are given up on
        self._records = waiting[dropped:]
        self._backoff = min(max(2 * self._backoff, self.retry_first_seconds), RETRY_MAX_SECONDS)
        self._retry_at = asyncio.get_running_loop().time() + self._backoff
        log.warning("%d history records not recorded yet, kept to write again in %.1f s: %s", len(records),
                    self._backoff, failure)

    def _database_answered(self) -> None:
        self._backoff = self._retry_at = 0.0

    def _settle_claims(self, claims: list[tuple[str, asyncio.Future[bool]]], fresh: set[str] | BaseException) -> None:
        if claims and not isinstance(fresh, BaseException):
            self._database_answered()
        for key, future in claims:
            if future.done():
                continue
            if isinstance(fresh, BaseException):
                future.set_exception(fresh)
            else:  # the same key twice in one batch: the first claim wins
                future.set_result(key in fresh)
                fresh.discard(key)

    async def _drain(self) -> None:
        """Refuse new writes, and finish those queued."""
        self._closed = True
        if self._wake is not None:
            self._wake.set()
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)

    def _settle(self, batch: list[tuple[Op[Any], asyncio.Future[Any]]], outcomes: list[Outcome]) -> None:
        if any(failure is None for _, failure in outcomes):
            self._database_answered()
        for (_, future), (result, failure) in zip(batch, outcomes, strict=False):
            if future.done():
                continue
            if failure is None:
                future.set_result(result)
            else:
                future.set_exception(failure)
