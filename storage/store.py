"""The SQLite store: the history and community repositories over one SQLite database."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .community import CommunityRepository
from .engine import Params, Row
from .guides import CommunityGuideRepository
from .errors import DatabaseLocked, NewerDatabase, StorageError
from .history import MEMBER_TABLES, HistoryRepository
from .sqlite import BUSY_TIMEOUT_MS, SqliteDatabase

__all__ = ["Store", "StorageError", "NewerDatabase", "DatabaseLocked", "MEMBER_TABLES"]


class Store(HistoryRepository, CommunityRepository, CommunityGuideRepository):
    def __init__(self, db: SqliteDatabase):
        self._db = db
        self.path = db.path

    @classmethod
    async def open(cls, path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        return cls(await SqliteDatabase.open(path, busy_timeout_ms))

    async def schema_version(self) -> int:
        return await self._db.schema_version()

    async def close(self) -> None:
        """Finish what is queued, then refuse further writes and close."""
        await self._db.close()

    async def _fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._db.fetchall(sql, params)

    async def _fetchone(self, sql: str, params: Params = ()) -> Any:
        rows = await self._db.fetchall(sql, params)
        return rows[0] if rows else None
