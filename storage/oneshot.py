"""SQLite for one command from the command line, with no event loop: `shortlist ask "/help"` (and the other
commands that only read guides) starts without asyncio and aiosqlite, which were a quarter of its start.

The same repositories run on it: their coroutines never wait here, since the standard library's sqlite3
answers every call at once, so the caller runs them to the end with ``finish``. The same statements write
the same rows (appends.py), and the history records a command queues are written when the store closes, in
one transaction, as the write queue writes a batch. A file that doesn't exist yet, or whose schema isn't
this version's, is left to the usual store (``open`` gives None), which creates, migrates or refuses it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import Any, TypeVar

from bot import logs
from bot.records import utcnow

from .appends import HistoryRecord, sqlite_write
from .engine import Op, Params, Row, T, Transaction, iso
from .errors import StorageError
from .migrations import LATEST
from .sqlite_files import BUSY_TIMEOUT_MS, check_location, explain
from .store import _Repositories

R = TypeVar("R")
log = logs.get(__name__)


class Waited(RuntimeError):
    """A coroutine run by ``finish`` waited for something: it needs an event loop after all."""


def finish(coroutine: Coroutine[Any, Any, R]) -> R:
    """Run a coroutine that never waits (one that only uses this store) to its end, without an event loop."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise Waited(f"{coroutine!r} waited for something")


class OneShotTransaction:
    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return self._conn.execute(sql, params).rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        self._conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    async def lock(self, key: str) -> None:
        """Nothing to do: BEGIN IMMEDIATE already holds the database's one write lock."""

    async def try_lock(self, key: str) -> bool:
        return True


class OneShotDatabase:
    def __init__(self, conn: sqlite3.Connection, path: str):
        self._conn, self.path = conn, path
        self.applied: list[int] = []
        self._records: list[HistoryRecord] = []
        self._closed = False

    @classmethod
    def open(cls, path: str | Path) -> OneShotDatabase | None:
        """The database at ``path`` when it exists with this version's schema; else None, left as it was."""
        check_location(Path(path))
        if not Path(path).exists():
            return None
        path = str(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None)  # we run transactions ourselves
        except sqlite3.Error as exc:
            raise explain(exc, path) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
            versioned = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
            if not versioned.fetchall() or _version(conn) != LATEST:
                conn.close()
                return None
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            conn.close()
            raise explain(exc, path) from None
        return cls(conn, path)

    async def write(self, op: Op[T], *, batch: bool = False) -> T:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                result = await op(OneShotTransaction(self._conn))
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        return result

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None

    def queue_record(self, record: Any) -> None:
        if self._closed:
            raise StorageError(f"The history database ({self.path}) is closed.")
        self._records.append(record)

    async def claim(self, key: str) -> bool:
        fresh, _ = sqlite_write(self._conn, [], [key], iso(utcnow()))
        if isinstance(fresh, Exception):
            raise explain(fresh, self.path) if isinstance(fresh, sqlite3.Error) else fresh
        return key in fresh

    async def flushed(self) -> None:
        self._write_records()

    def _write_records(self) -> None:
        """The queued records in one transaction; refused (the database locked past the busy timeout, the disk
        full), they are logged as the write queue logs what it can't write when it stops."""
        records, self._records = self._records, []
        if not records:
            return
        try:
            _, failure = sqlite_write(self._conn, records, [], "")
        except sqlite3.Error as exc:
            failure = exc
        if failure is not None:
            log.warning("%d history records not recorded: %s", len(records), explain(failure, self.path)
                        if isinstance(failure, sqlite3.Error) else failure)

    async def schema_version(self) -> int:
        return _version(self._conn)

    async def notify_settings_changed(self, tx: Transaction, community: str) -> None:
        """Nothing to tell: SQLite can't reach other processes (they re-read within the core's cache time)."""

    async def watch_settings(self, callback: Callable[[str | None], None]) -> bool:
        return False

    async def close(self) -> None:
        """Write what is queued, then refuse further writes and close."""
        self._write_records()
        self._closed = True
        self._conn.close()


def _version(conn: sqlite3.Connection) -> int:
    [(version,)] = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchall()
    return int(version)


class OneShotStore(_Repositories):
    """The history and community repositories on a ``OneShotDatabase``."""

    @classmethod
    def open(cls, path: str | Path) -> OneShotStore | None:
        db = OneShotDatabase.open(path)
        return cls(db) if db is not None else None
