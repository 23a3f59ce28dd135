"""What the repositories need from a database engine: one transaction at a time, plain rows back.

The repositories write their SQL once, with ``?`` placeholders and the column ``"user"`` quoted (a
reserved word in PostgreSQL); each engine runs it in its own way.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from .errors import StorageError

T = TypeVar("T")
Row = tuple[Any, ...]
Params = Sequence[Any]


class Transaction(Protocol):
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def lock(self, key: str) -> None:
        """Hold ``key`` until the transaction ends, across processes, where the engine needs it."""

    async def try_lock(self, key: str) -> bool:
        """Like ``lock``, but False at once when another transaction holds ``key``."""


Op = Callable[[Transaction], Awaitable[T]]


class Database(Protocol):
    path: str  # what to call it in messages: a file path, or a URL without its password
    applied: list[int]  # migrations applied when this process opened it

    async def write(self, op: Op[T], *, batch: bool = False) -> T:
        """Run ``op`` in a transaction; return once it is committed. ``batch``: the op only appends rows
        (it takes no lock another process could hold), so it may share a transaction with others (group
        commit) without risking a deadlock between processes."""

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def schema_version(self) -> int: ...

    async def notify_settings_changed(self, tx: Transaction, community: str) -> None:
        """Tell every process sharing the database, once ``tx`` commits, where the engine can."""

    async def watch_settings(self, callback: Callable[[str | None], None]) -> bool:
        """Call ``callback(community)`` when another process changes its settings: True where the engine
        can (``callback(None)``: anything may have changed), False where it can't."""

    async def close(self) -> None: ...


Outcome = tuple[Any, BaseException | None]  # an op's result, or its error


class GroupCommit:
    """The write queue both engines share: ops waiting while a transaction commits are written
    together by the engine's ``_flush`` (one commit, one disk flush, for many), and each caller's await
    returns once its own op is committed, or with its own error."""
    path: str

    def _start_queue(self) -> None:
        self._pending: list[tuple[Op[Any], asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._closed = False

    async def _enqueue(self, op: Op[T]) -> T:
        if self._closed:
            raise StorageError(f"The history database ({self.path}) is closed: Shortlist is shutting down.")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((op, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        raise NotImplementedError

    async def _drain(self) -> None:
        """Refuse new writes, and finish those queued."""
        self._closed = True
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)

    @staticmethod
    def _settle(batch: list[tuple[Op[Any], asyncio.Future[Any]]], outcomes: list[Outcome]) -> None:
        for (_, future), (result, failure) in zip(batch, outcomes, strict=False):
            if future.done():
                continue
            if failure is None:
                future.set_result(result)
            else:
                future.set_exception(failure)


def iso(at: dt.datetime) -> str:
    """Every timestamp is stored as this text, so comparing text compares time and indexes serve."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
