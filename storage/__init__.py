"""The database. Nothing outside this package writes SQL."""
from .errors import DatabaseLocked, NewerDatabase, StorageError
from .store import Store

__all__ = ["Store", "StorageError", "DatabaseLocked", "NewerDatabase"]
