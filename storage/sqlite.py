"""SQLite through aiosqlite: WAL, a busy timeout, foreign keys, migrations, group commit.

All writes go through one queue: whatever is waiting is written in one
transaction (each operation in its own savepoint, so one failure spoils no
other), and each caller's await returns only once its write is committed.
History records and delivery claims are written in one call into the
connection's thread (``appends``).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import aiosqlite

from bot.records import utcnow

from .appends import HistoryRecord, row_count, sqlite_write
from .engine import Op, Params, Row, T, Transaction, iso
from .errors import NewerDatabase, StorageError
from .migrations import LATEST, MIGRATIONS, statements
from .sqlite_files import BUSY_TIMEOUT_MS
from .sqlite_files import check_location as _check_location
from .sqlite_files import explain as _explain
from .write_queue import GroupCommit, Outcome

log = logging.getLogger(__name__)


# History records and delivery claims: a batch this small (the usual case, one member's command) is written
# from the event loop on a connection of its own, without the round trip into aiosqlite's thread that
# otherwise costs more than the write. In WAL mode with synchronous=NORMAL a commit appends to the log
# without waiting for the disk (about 0.1 ms); that connection never waits for a lock (another process
# writing sends the batch the thread's way) and never checkpoints (the thread does, every CHECKPOINT_EVERY
# of its commits), so the loop is never held for longer than the write. Counted in rows: a review's record
# writes a row for each finding too (a dozen for a 400-word letter: 0.38 ms of the loop's processor time
# written from it, 0.075 ms sent to the thread, where SQLite runs without the interpreter's lock while the
# loop acknowledges other requests), so a review's record goes to the thread.
DIRECT_LIMIT = 8
CHECKPOINT_EVERY = 200


def _direct_connection(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 0")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    return conn


class SqliteTransaction:
    """The write queue's transaction, as the repositories see it."""

    def __init__(self, conn: aiosqlite.Connection):
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cursor = await self._conn.execute(sql, params)
        return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        # One call into the connection's thread (a cursor's execute, fetchall and close would be three).
        # aiosqlite declares sqlite3.Row, but without a row_factory sqlite3 gives plain tuples.
        return list(await self._conn.execute_fetchall(sql, params))  # type: ignore[arg-type]

    async def lock(self, key: str) -> None:
        """Nothing to do: the write queue and BEGIN IMMEDIATE already serialise every write."""

    async def try_lock(self, key: str) -> bool:
        return True


class SqliteDatabase(GroupCommit):
    def __init__(self, conn: aiosqlite.Connection, path: str):
        self._conn = conn
        self.path = path
        self._start_queue()
        self.applied: list[int] = []  # migrations this process applied when it opened the database
        self._direct: sqlite3.Connection | None = None  # small batches, written from the event loop
        self._direct_commits = 0

    # -- opening and migrating ---------------------------------------------------------------
    @classmethod
    async def open(cls, path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> SqliteDatabase:
        path = str(path)
        if path != ":memory:":
            _check_location(Path(path))
        try:
            conn = await aiosqlite.connect(path, isolation_level=None)  # we run transactions ourselves
        except sqlite3.Error as exc:
            raise _explain(exc, path) from None
        try:
            await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            db = cls(conn, path)
            # Read before writing anything: a file Shortlist can't use is left exactly as it was.
            current = await db._refuse_newer()
            [(mode,)] = await conn.execute_fetchall("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable across process crashes
            await conn.execute("PRAGMA foreign_keys = ON")
            if current != LATEST:  # else nothing to do, and nothing more to ask (every start of the command line)
                await db._migrate()
            # Not for ":memory:" (a second connection would be another database), nor where WAL is refused
            # (a network drive): outside WAL mode a commit waits for the disk.
            if path != ":memory:" and str(mode).lower() == "wal":
                db._direct = _direct_connection(path)
        except sqlite3.Error as exc:
            await conn.close()
            raise _explain(exc, path) from None
        except BaseException:
            await conn.close()
            raise
        return db

    async def _refuse_newer(self) -> int | None:
        """A database written by a newer Shortlist is refused before this version changes anything in it.
        Its schema version (None: a new file)."""
        if not await self.fetchall("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"):
            return None
        current = await self.schema_version()
        if current > LATEST:
            raise NewerDatabase(
                f"The history database ({self.path}) was written by a newer version of Shortlist "
                f"(schema {current}; this version knows up to {LATEST}). Upgrade Shortlist, or use "
                "another file with --db. Nothing was changed.")
        return current

    async def _migrate(self) -> None:
        await self._conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                                 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        current = await self.schema_version()
        for version, name, sql in MIGRATIONS:
            if version <= current:
                continue
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                if await self.schema_version() >= version:  # another process applied it while we waited
                    await self._conn.execute("ROLLBACK")
                    continue
                for statement in statements(sql):
                    await self._conn.execute(statement)
                await self._conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                                         (version, name, iso(utcnow())))
                await self._conn.execute("COMMIT")
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            self.applied.append(version)
            log.info("database %s migrated to schema %d (%s)", self.path, version, name)

    async def schema_version(self) -> int:
        [(version,)] = await self.fetchall("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        return int(version)

    async def close(self) -> None:
        """Finish what is queued, then refuse further writes and close."""
        await self._drain()
        if self._direct is not None:
            with contextlib.suppress(sqlite3.Error):  # from another thread than opened it: left to the collector
                self._direct.close()
        await self._conn.close()

    # -- the write queue -----------------------------------------------------------------------
    async def write(self, op: Op[T], *, batch: bool = False) -> T:
        """Every write joins the queue: one process, one writer, so no op can deadlock another."""
        return await self._enqueue(op)

    async def _write_queued(self, records: list[HistoryRecord],
                            claims: list[tuple[str, asyncio.Future[bool]]]) -> BaseException | None:
        """One transaction: written from the loop when the batch is small, else one call into the thread."""
        keys = [key for key, _ in claims]
        at = iso(utcnow()) if keys else ""  # when the claims were made
        try:
            written = self._write_direct(records, keys, at)
            if written is None:
                # aiosqlite runs a function on its connection's thread with _execute (the way its own
                # methods do): the whole transaction is one hop, not one per statement.
                written = await self._conn._execute(lambda: sqlite_write(self._conn._conn, records, keys, at))
            fresh, failure = written
        except Exception as exc:  # the transaction itself failed (locked, read-only, disk full, closed)
            fresh, failure = _explain(exc, self.path) if isinstance(exc, sqlite3.Error) else StorageError(
                f"The history database ({self.path}) could not be written: {exc}."), exc
        if isinstance(fresh, sqlite3.Error):
            fresh = _explain(fresh, self.path)
        self._settle_claims(claims, fresh)
        await self._checkpoint_if_due()
        return failure if records else None

    async def _checkpoint_if_due(self) -> None:
        if self._direct_commits >= CHECKPOINT_EVERY:  # what the direct connection's commits never do
            self._direct_commits = 0
            with contextlib.suppress(StorageError):
                await self.fetchall("PRAGMA wal_checkpoint(PASSIVE)")

    async def _write_now(self) -> bool:
        """A small batch of records (one member's command, a row at a time) written on the direct connection
        by the caller of ``flushed()``, with no task to start and no turn of the loop to wait for; a larger
        batch, delivery claims or writes waiting, or the database locked: the flusher's."""
        records = self._records
        if self._pending or self._claims or not records:
            return False
        written = self._write_direct(records, [], "")
        if written is None:
            return False
        self._records = []
        self._settled += len(records)
        self._records_tried(records, written[1])
        if self._records:  # refused for now, kept: the flusher tries them again after the backoff
            self._kick(urgent=False)
        self._wake_readers()
        await self._checkpoint_if_due()
        return True

    def _refused_for_good(self, exc: BaseException) -> bool:
        """Rows SQLite won't take (a constraint, a wrong value); anything else (locked, read-only, a full
        disk, the file gone) may pass later."""
        return isinstance(exc, sqlite3.IntegrityError | sqlite3.DataError | sqlite3.ProgrammingError |
                          sqlite3.InterfaceError | sqlite3.NotSupportedError)

    def _write_direct(self, records: list[HistoryRecord], keys: list[str],
                      at: str) -> tuple[set[str] | Exception, Exception | None] | None:
        """A small batch written on the direct connection; None when it is not small, or that failed (the
        database locked by another process, ...): the thread's way waits for the lock, or says why."""
        if self._direct is None or row_count(records) + len(keys) > DIRECT_LIMIT:
            return None
        try:
            written = sqlite_write(self._direct, records, keys, at)
        except sqlite3.Error:
            return None
        self._direct_commits += 1
        return written

    async def _flush(self, batch: list[tuple[Op[Any], asyncio.Future[Any]]]) -> None:
        conn = self._conn
        tx = SqliteTransaction(conn)
        outcomes: list[Outcome] = []
        try:
            await conn.execute("BEGIN IMMEDIATE")
            if len(batch) == 1:  # alone in its transaction: a failure rolls it back, no savepoint needed
                outcomes = [await self._alone(batch[0][0], tx)]
            else:
                for op, _ in batch:
                    await conn.execute("SAVEPOINT op")
                    try:
                        outcomes.append((await op(tx), None))
                        await conn.execute("RELEASE op")
                    except Exception as exc:  # this op's failure is its caller's, not the batch's
                        await conn.execute("ROLLBACK TO op")
                        await conn.execute("RELEASE op")
                        outcomes.append((None, _explain(exc, self.path) if isinstance(exc, sqlite3.Error) else exc))
                await conn.execute("COMMIT")
        except Exception as exc:  # the whole batch failed: every caller hears why
            try:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
            except Exception:
                pass
            error = _explain(exc, self.path) if isinstance(exc, sqlite3.Error) else StorageError(
                f"The history database ({self.path}) could not be written: {exc}.")
            outcomes = [(None, error)] * len(batch)
        self._settle(batch, outcomes)

    async def _alone(self, op: Op[Any], tx: SqliteTransaction) -> Outcome:
        """One op in the open transaction, committed, or rolled back with its own error."""
        try:
            result = await op(tx)
        except Exception as exc:  # the op's failure is its caller's
            await self._conn.execute("ROLLBACK")
            return None, _explain(exc, self.path) if isinstance(exc, sqlite3.Error) else exc
        await self._conn.execute("COMMIT")
        return result, None

    async def notify_settings_changed(self, tx: Transaction, community: str) -> None:
        """Nothing to send: SQLite can't tell other processes (they re-read within the core's cache time)."""

    async def watch_settings(self, callback: Callable[[str | None], None]) -> bool:
        return False

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            # One call into the connection's thread, as in a transaction's fetchall.
            return list(await self._conn.execute_fetchall(sql, params))  # type: ignore[arg-type]
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from None
