"""PostgreSQL through asyncpg: a connection pool, one transaction per write, migrations under a lock.

For deployments that run several processes on one database. What processes could race on is
decided here, in the database: advisory locks (``Transaction.lock``), primary keys, and
LISTEN/NOTIFY so every process hears of a settings change at once.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.records import utcnow

from .appends import POSTGRES_CLAIMS, POSTGRES_RECORDS, HistoryRecord, postgres_records_params
from .engine import Op, Params, Row, T, Transaction, iso
from .errors import NewerDatabase, StorageError
from .postgres_migrations import LATEST, MIGRATIONS
from .write_queue import GroupCommit, Outcome

if TYPE_CHECKING:
    from asyncpg.pool import PoolConnectionProxy

    # A connection of our own (the listener) or one lent by the pool: both run queries alike.
    Conn = asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]

log = logging.getLogger(__name__)
SETTINGS_CHANNEL = "shortlist_settings"
MIGRATION_LOCK = "shortlist schema migration"
CONNECT_TIMEOUT = 5.0  # seconds; a member waits at most about this long to hear the database is away


class DatabaseUnavailable(StorageError):
    """PostgreSQL is unreachable or restarting: the member is asked to try again shortly."""


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


@functools.lru_cache(maxsize=512)
def numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2, ...`` (the repositories' SQL has no literal ``?``)."""
    counter = iter(range(1, 10_000))
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def _rowcount(status: str) -> int:
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresTransaction:
    def __init__(self, conn: Conn):
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return _rowcount(await self._conn.execute(numbered(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        rows = list(rows)
        if rows:
            await self._conn.executemany(numbered(sql), rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return [tuple(r) for r in await self._conn.fetch(numbered(sql), *params)]

    async def lock(self, key: str) -> None:
        """A transaction-scoped advisory lock: held until commit or rollback, in any process."""
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)

    async def try_lock(self, key: str) -> bool:
        return bool(await self._conn.fetchval("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))", key))


class PostgresDatabase(GroupCommit):
    def __init__(self, pool: asyncpg.Pool, url: str):
        self._pool = pool
        self._url = url
        self.path = redact(url)
        self._listener: asyncpg.Connection | None = None
        self._watchers: list[Callable[[str | None], None]] = []
        self._watching: asyncio.Task[None] | None = None
        self._start_queue()
        self.applied: list[int] = []  # migrations this process applied when it opened the database

    @classmethod
    async def open(cls, url: str, *, pool_size: int = 10, migrate: bool = True) -> PostgresDatabase:
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size, timeout=CONNECT_TIMEOUT)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise StorageError(f"The history database ({redact(url)}) could not be reached: {exc}. Is PostgreSQL "
                               "running, and are the host, port, user and password in the URL right?") from None
        db = cls(pool, url)
        try:
            if migrate:
                await db.migrate()
            else:
                await db._refuse_newer()
        except BaseException:
            await pool.close()
            raise
        return db

    # -- migrations ------------------------------------------------------------------------------
    async def migrate(self) -> list[int]:
        """Apply what is missing, one process at a time (others wait for the lock); the versions applied."""
        applied = self.applied = []
        async with self._connection() as conn:
            await conn.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", MIGRATION_LOCK)
            try:
                await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                                   " name TEXT NOT NULL, applied_at TEXT NOT NULL)")
                current = await self._refuse_newer(conn)
                for version, name, sql in MIGRATIONS:
                    if version <= current:
                        continue
                    async with conn.transaction():
                        await conn.execute(sql)
                        await conn.execute("INSERT INTO schema_version VALUES ($1, $2, $3)",
                                           version, name, iso(utcnow()))
                    applied.append(version)
                    log.info("database %s migrated to schema %d (%s)", self.path, version, name)
            finally:
                await conn.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", MIGRATION_LOCK)
        return applied

    async def _refuse_newer(self, conn: Conn | None = None) -> int:
        if conn is None:
            async with self._connection() as own:
                return await self._refuse_newer(own)
        exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
        current = await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version") if exists else 0
        if current > LATEST:
            raise NewerDatabase(
                f"The history database ({self.path}) was written by a newer version of Shortlist "
                f"(schema {current}; this version knows up to {LATEST}). Upgrade Shortlist, or use "
                "another database with --db. Nothing was changed.")
        return int(current)

    async def schema_version(self) -> int:
        [(version,)] = await self.fetchall("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        return int(version)

    # -- reading and writing -------------------------------------------------------------------------
    def _connection(self) -> _Acquired:
        if self._closed:
            raise StorageError(f"The history database ({self.path}) is closed: Shortlist is shutting down.")
        return _Acquired(self)

    def raw(self) -> _Acquired:
        """A pooled connection for storage's own bulk work (``db copy``)."""
        return self._connection()

    async def write(self, op: Op[T], *, batch: bool = False) -> T:
        """Appends share one transaction with whatever else is waiting (group commit: one WAL flush for
        many), each in its own savepoint; anything else runs in a transaction of its own."""
        if not batch:
            async with self._connection() as conn, conn.transaction():
                return await op(PostgresTransaction(conn))
        return await self._enqueue(op)

    async def _write_queued(self, records: list[HistoryRecord],
                            claims: list[tuple[str, asyncio.Future[bool]]]) -> BaseException | None:
        """The claims in one statement, the records in another: each one transaction, one round trip."""
        failure: BaseException | None = None
        try:
            async with _Acquired(self) as conn:  # even while closing
                if claims:
                    try:
                        rows = await conn.fetch(POSTGRES_CLAIMS, [key for key, _ in claims], iso(utcnow()))
                        self._settle_claims(claims, {key for key, in rows})
                    except asyncpg.PostgresError as exc:
                        self._settle_claims(claims, StorageError(
                            f"The history database ({self.path}) could not be used: {exc}."))
                if records:
                    try:
                        await conn.execute(POSTGRES_RECORDS, *postgres_records_params(records))
                    except asyncpg.PostgresError as exc:
                        failure = exc
        except Exception as exc:  # the server went away: every claim hears why; the records are kept
            self._settle_claims(claims, exc)
            failure = exc
        return failure if records else None

    def _refused_for_good(self, exc: BaseException) -> bool:
        """Rows PostgreSQL won't take (a constraint, a wrong value, SQL it rejects); anything else (the server
        down or restarting, a lost connection, no free connection) may pass later."""
        return isinstance(exc, asyncpg.IntegrityConstraintViolationError | asyncpg.DataError |
                          asyncpg.SyntaxOrAccessError)

    async def _flush(self, batch: list[tuple[Op[Any], asyncio.Future[Any]]]) -> None:
        outcomes: list[Outcome] = []
        try:
            async with _Acquired(self) as conn, conn.transaction():  # even while closing
                tx = PostgresTransaction(conn)
                for op, _ in batch:
                    savepoint = conn.transaction()  # nested: a SAVEPOINT
                    await savepoint.start()
                    try:
                        outcomes.append((await op(tx), None))
                        await savepoint.commit()
                    except asyncpg.PostgresError as exc:  # this op's failure is its caller's alone
                        await savepoint.rollback()
                        outcomes.append((None, StorageError(
                            f"The history database ({self.path}) could not be used: {exc}.")))
                    except Exception as exc:
                        await savepoint.rollback()
                        outcomes.append((None, exc))
        except Exception as exc:  # the whole batch failed (the server went away): every caller hears why
            outcomes = [(None, exc)] * len(batch)
        self._settle(batch, outcomes)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._connection() as conn:
            return [tuple(r) for r in await conn.fetch(numbered(sql), *params)]

    async def notify_settings_changed(self, tx: Transaction, community: str) -> None:
        """Delivered to every listening process when the transaction commits."""
        await tx.execute("SELECT pg_notify(?, ?)", (SETTINGS_CHANNEL, community))

    # -- hearing other processes' changes ----------------------------------------------------------------
    async def watch_settings(self, callback: Callable[[str | None], None]) -> bool:
        """Call ``callback(community)`` on every settings change in any process, and ``callback(None)``
        when changes may have been missed (the listening connection was lost)."""
        self._watchers.append(callback)
        if self._watching is None:
            self._watching = asyncio.create_task(self._listen())
        return True

    def _heard(self, _conn: object, _pid: int, _channel: str, payload: object) -> None:
        for callback in self._watchers:
            callback(str(payload))  # NOTIFY's payload: always text

    async def _listen(self) -> None:
        """Keep one connection listening; after losing it, reconnect each second and say all is stale."""
        while not self._closed:
            lost = asyncio.Event()
            try:
                conn = await asyncpg.connect(self._url, timeout=CONNECT_TIMEOUT)
                conn.add_termination_listener(lambda _c, lost=lost: lost.set())
                await conn.add_listener(SETTINGS_CHANNEL, self._heard)
            except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await asyncio.sleep(1)
                continue
            self._listener = conn
            for callback in self._watchers:
                callback(None)  # anything cached before (or while away) may be stale
            while not lost.is_set() and not self._closed:
                try:  # a dead server is only noticed when the connection is used
                    await asyncio.wait_for(lost.wait(), 1)
                except TimeoutError:
                    try:
                        await conn.execute("SELECT 1", timeout=CONNECT_TIMEOUT)
                    except Exception:
                        lost.set()
            conn.terminate()
            self._listener = None

    async def close(self) -> None:
        """Finish the appends waiting to be written, then close."""
        await self._drain()
        if self._watching is not None:
            self._watching.cancel()
        if self._listener is not None:
            self._listener.terminate()
        await self._pool.close()

    def _unavailable(self, exc: BaseException) -> StorageError:
        log.warning("database %s unavailable: %s", self.path, exc)
        return DatabaseUnavailable(
            "The history database isn't answering just now (it may be restarting). Please try again shortly: "
            "nothing you had already done is lost.")


class _Acquired:
    """A pooled connection whose connection-level failures become a kind ``DatabaseUnavailable``, and
    make the pool replace every connection (after a server restart they are all dead)."""

    def __init__(self, db: PostgresDatabase):
        self._db = db
        self._conn: PoolConnectionProxy[asyncpg.Record] | None = None

    async def __aenter__(self) -> PoolConnectionProxy[asyncpg.Record]:
        try:
            self._conn = await self._db._pool.acquire()  # queued behind busy connections: no deadline
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise self._db._unavailable(exc) from None
        return self._conn

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if self._conn is not None:
            await self._db._pool.release(self._conn)
        if exc is None or isinstance(exc, StorageError):
            return
        if isinstance(exc, (OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError,
                            asyncpg.exceptions.OperatorInterventionError, asyncio.TimeoutError)):
            await self._db._pool.expire_connections()
            raise self._db._unavailable(exc) from None
        if isinstance(exc, asyncpg.PostgresError):
            raise StorageError(f"The history database ({self._db.path}) could not be used: {exc}.") from None
