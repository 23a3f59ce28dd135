"""The stores the core uses: the history and community repositories over SQLite or PostgreSQL."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .community import CommunityRepository
from .engine import Database, Params, Row
from .erase import CommunityEraser
from .errors import DatabaseLocked, NewerDatabase, StorageError
from .guides import CommunityGuideRepository
from .history import MEMBER_TABLES, HistoryRepository
from .reviewer_requests import ReviewerRequestRepository
from .sqlite_files import BUSY_TIMEOUT_MS

__all__ = ["Store", "PostgresStore", "open_store", "is_postgres_url", "StorageError", "NewerDatabase",
           "DatabaseLocked", "MEMBER_TABLES"]


class _Repositories(HistoryRepository, CommunityRepository, CommunityGuideRepository, CommunityEraser,
                    ReviewerRequestRepository):
    def __init__(self, db: Database):
        self._db = db
        self.path = db.path

    @property
    def migrations_applied(self) -> list[int]:
        """What opening the database just applied (empty when it was up to date)."""
        return self._db.applied

    async def schema_version(self) -> int:
        return await self._db.schema_version()

    async def watch_settings(self, callback: Callable[[str | None], None]) -> bool:
        return await self._db.watch_settings(callback)

    async def close(self) -> None:
        """Finish what is queued, then refuse further writes and close."""
        await self._db.close()

    async def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Rows of any SQL, once the history records queued so far are written: for `shortlist db copy`, the
        tests and the benchmarks. The core never uses it (it sees only the Store protocol of bot/store.py)."""
        await self._db.flushed()
        return await self._db.fetchall(sql, params)

    async def execute(self, sql: str, params: Params = ()) -> None:
        """Run one statement of any SQL in a transaction of its own: for the tests (moving a row back in time)
        and the benchmarks, like ``query``. The core never uses it."""
        await self._db.write(lambda tx: tx.execute(sql, params))


class Store(_Repositories):
    """SQLite: one file, one process at a time writing (others wait on its lock)."""

    @classmethod
    async def open(cls, path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        from .sqlite import SqliteDatabase  # aiosqlite (and asyncio) load with the first store opened
        return cls(await SqliteDatabase.open(path, busy_timeout_ms))


class PostgresStore(_Repositories):
    """PostgreSQL: many processes on many machines sharing one database."""

    @classmethod
    async def open(cls, url: str, *, pool_size: int = 10, migrate: bool = True) -> PostgresStore:
        from .postgres import PostgresDatabase  # asyncpg is only needed by those who use it
        return cls(await PostgresDatabase.open(url, pool_size=pool_size, migrate=migrate))


def is_postgres_url(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


async def open_store(target: str | Path) -> Store | PostgresStore:
    """``--db``: a file path (SQLite) or a ``postgresql://`` URL."""
    if is_postgres_url(target):
        return await PostgresStore.open(str(target))
    return await Store.open(target)
