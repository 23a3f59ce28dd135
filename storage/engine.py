"""What the repositories need from a database engine: one transaction at a time, plain rows back.

The repositories write their SQL once, with ``?`` placeholders and the column ``"user"`` quoted (a
reserved word in PostgreSQL); each engine runs it in its own way. The write queue both engines share is
in write_queue.py (this module loads no asyncio: the command line's one-shot store runs without it).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

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

    def queue_record(self, record: Any) -> None:
        """A history record to write with the next batch; nobody waits for it."""

    async def claim(self, key: str) -> bool:
        """True the first time a delivery key is seen, in any process."""

    async def flushed(self) -> None:
        """Return once the records queued so far are written."""

    async def schema_version(self) -> int: ...

    async def notify_settings_changed(self, tx: Transaction, community: str) -> None:
        """Tell every process sharing the database, once ``tx`` commits, where the engine can."""

    async def watch_settings(self, callback: Callable[[str | None], None]) -> bool:
        """Call ``callback(community)`` when another process changes its settings: True where the engine
        can (``callback(None)``: anything may have changed), False where it can't."""

    async def close(self) -> None: ...


def iso(at: dt.datetime) -> str:
    """Every timestamp is stored as this text (``%Y-%m-%dT%H:%M:%S.%fZ``, made by isoformat, which takes
    half strftime's time), so comparing text compares time and indexes serve. A time already in UTC (all
    the core makes) is written as it is: two datetimes fewer a row, a sixth of a burst's row building."""
    text = at.isoformat(timespec="microseconds")
    if text.endswith("+00:00"):
        return text[:-6] + "Z"
    return at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
