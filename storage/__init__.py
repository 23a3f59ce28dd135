"""The database. Nothing outside this package writes SQL."""
from .store import DatabaseLocked, NewerDatabase, Store, StorageError

__all__ = ["Store", "StorageError", "DatabaseLocked", "NewerDatabase"]
