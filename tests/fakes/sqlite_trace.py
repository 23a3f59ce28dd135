"""Watching the SQLite store from the inside: the one place the tests reach into aiosqlite's connection and
the write queue's task, to count the round trips a batch makes to the database thread."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


@asynccontextmanager
async def round_trips(store: Any) -> AsyncIterator[tuple[list[Any], list[str]]]:
    """(calls to the database thread, SQL statements run) while the block runs."""
    conn = store._db._conn
    calls: list[Any] = []
    statements: list[str] = []
    await conn.set_trace_callback(statements.append)
    real = conn._execute

    async def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(fn)
        return await real(fn, *args, **kwargs)

    conn._execute = counted
    try:
        yield calls, statements
    finally:
        conn._execute = real
        await conn.set_trace_callback(None)


async def written_on_its_own(store: Any) -> None:
    """Wait for the write queue's own flush (nobody awaited a record)."""
    await store._db._flusher
