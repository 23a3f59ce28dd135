"""What goes wrong with a database, said for the member (``str(exc)`` is shown to them)."""
from __future__ import annotations

from bot.errors import ServiceUnavailable


class StorageError(ServiceUnavailable):
    pass


class NewerDatabase(StorageError):
    pass


class DatabaseLocked(StorageError):
    pass


class DatabaseBusy(StorageError):
    pass
