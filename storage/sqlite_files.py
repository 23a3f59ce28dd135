"""What the SQLite stores (the bot's, and the command line's one-shot store) say about a database file
they can't use, in words a person running Shortlist can act on."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import DatabaseLocked, StorageError

BUSY_TIMEOUT_MS = 5000


def check_location(path: Path) -> None:
    """Say what is wrong with where --db points, before SQLite turns it into "unable to open"."""
    if path.is_dir():
        raise StorageError(f"The history database {path} is a folder, not a file: point --db at a file in it, "
                           f"such as {path / 'shortlist.db'}.")
    folder = path.parent
    if folder.is_dir():
        if path.exists() and not os.access(path, os.W_OK):  # before SQLite opens it and adds -wal and -shm
            raise read_only(str(path))
        if not path.exists() and not os.access(folder, os.W_OK):
            raise StorageError(f"The history database {path} can't be made: the folder {folder} is read-only. "
                               "Point --db at a file in a folder you can write to.")
        return
    if any(p.exists() and not p.is_dir() for p in (folder, *folder.parents)):
        raise StorageError(f"The history database {path} can't be made: {folder} is not a folder. "
                           "Point --db at a file in a folder.")
    raise StorageError(f"The history database {path} can't be made: there is no folder {folder}. "
                       "Create the folder, or point --db at a file in one that exists.")


def read_only(path: str) -> StorageError:
    return StorageError(f"The history database {path} is read-only, and Shortlist needs to write to it. "
                        "Check the file's permissions (and its folder's), or point --db at another file.")


def explain(exc: sqlite3.Error, path: str) -> StorageError:
    if "file is not a database" in str(exc):
        return StorageError(f"{path} is not a Shortlist database (it isn't SQLite at all). "
                            "Point --db at another file.")
    if "readonly" in str(exc) or "read-only" in str(exc):
        return read_only(path)
    if "locked" in str(exc) or "busy" in str(exc):
        return DatabaseLocked(
            f"The history database ({path}) is locked by another program and stayed locked for "
            f"{BUSY_TIMEOUT_MS // 1000} seconds. Is another Shortlist running on the same file? "
            "Try again in a moment, or use another file with --db.")
    return StorageError(f"The history database ({path}) could not be used: {exc}.")
