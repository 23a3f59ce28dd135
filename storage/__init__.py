"""The database. Nothing outside this package writes SQL."""
from .errors import DatabaseLocked, NewerDatabase, StorageError
from .store import PostgresStore, Store, is_postgres_url, open_store

__all__ = ["Store", "PostgresStore", "open_store", "is_postgres_url", "StorageError", "DatabaseLocked",
           "NewerDatabase"]
