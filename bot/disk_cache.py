"""What a start can always rebuild but shouldn't have to (validated guides, the spelling dictionary), kept
as pickles in a folder: the command line gives the user's cache folder (``folder``); a process given none
(the tests, a program using the core) rebuilds everything and writes nothing.

Each file is named by its family and a hash of everything its contents depend on, so a stale one is never
read; one that is missing, corrupt or from other code is rebuilt, and a folder that can't be written only
costs time. A file is only as trustworthy as the folder it is in: the user's own cache folder, which anyone
able to write to could change the user's shell start-up files just as well.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from . import logs

T = TypeVar("T")
log = logs.get(__name__)
folder: Path | None = None  # where this process keeps its caches (None: nowhere)


def key(parts: Iterable[bytes | str]) -> str:
    """A hash of ``parts`` and the Python version (a pickle of one version's objects may not suit another)."""
    import hashlib  # this module's imports wait for a command that uses a cache
    digest = hashlib.sha256(sys.version.encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()[:32]


def cached(family: str, parts: Iterable[bytes | str], build: Callable[[], T], kind: type[T]) -> T:
    """``build()``, or what it built last time with the same ``parts``, from ``folder``."""
    if folder is None:
        return build()
    name = f"{family}-{key(parts)}.pickle"
    saved = read(folder / name)
    if isinstance(saved, kind):
        return saved
    value = build()
    write(folder, name, value)
    return value


def read(path: Path) -> Any | None:
    """The object pickled at ``path``; None when there is none, or it can't be read."""
    import pickle
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a corrupt or foreign file: rebuild instead
        log.info("cache %s ignored: %s", path, exc)
        return None


def write(directory: Path, name: str, value: object) -> None:
    """Write atomically (a reader sees the old file or the whole new one), then drop the same family's older
    files (``name`` is ``family-hash.pickle``)."""
    import contextlib
    import os
    import pickle
    import tempfile

    family = name.rsplit("-", 1)[0]
    temp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{family}-")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, directory / name)
        temp = None
        for old in directory.glob(f"{family}-*.pickle"):
            if old.name != name:
                old.unlink(missing_ok=True)
    except Exception as exc:  # a read-only home, a full disk, something unpicklable: run uncached
        log.info("cache not written to %s: %s", directory, exc)
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
