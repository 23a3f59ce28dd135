"""Validated guides kept between starts, so a start doesn't parse and validate unchanged YAML again.

The cache is a pickle of the loaded library in a folder the caller chooses (the command line uses the
user's cache folder). Its name is a hash of everything the result depends on: the guide files'
names and contents, the code that reads them (each source file's size and modification time), and
the Python version. Changed guides or code get a new name, so a stale file is never read. A cache
that is missing, corrupt, from another pydantic, or in a folder that can't be written is ignored:
the guides are then validated as without a cache, and the start is only slower.

The file is only as trustworthy as the folder it is in: it lives in the user's own cache folder,
which anyone able to write to could change the user's shell start-up files just as well.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .guides import GuideLibrary

log = logging.getLogger(__name__)
DEFAULT_GUIDES_DIR = Path(__file__).resolve().parent.parent / "guides"
_CODE = Path(__file__).resolve().parent  # the bot package: the schema, the rules, the validator
_FORMAT = b"shortlist guide cache 1"


def cache_key(paths: list[Path]) -> str:
    """A hash of the guide files' names and contents and of the code that reads them."""
    import hashlib  # this module's imports wait for a command that uses the guides
    digest = hashlib.sha256(_FORMAT)
    digest.update(sys.version.encode())
    for path in paths:
        digest.update(b"\0" + str(path).encode() + b"\0")
        digest.update(path.read_bytes())
    for source in sorted(_CODE.rglob("*.py")):
        stat = source.stat()
        digest.update(f"\0{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def load_guides(directory: Path | str = DEFAULT_GUIDES_DIR, cache_dir: Path | None = None) -> GuideLibrary:
    """The guides in ``directory``, from the cache in ``cache_dir`` when it holds them validated."""
    paths = sorted(Path(directory).glob("*.yaml"))
    try:
        key = cache_key(paths)
    except OSError:  # a guide that can't be read: the library reports it, uncached
        key = None
    cached = _read(cache_dir / f"guides-{key}.pickle") if cache_dir and key else None
    if cached is not None:
        for problem in cached.problems:
            log.warning("guide file skipped: %s", problem)
        return cached
    from .guides import GuideLibrary
    library = GuideLibrary.load(directory)
    if cache_dir and key:
        _write(cache_dir, f"guides-{key}.pickle", library)
    return library


def _read(path: Path) -> GuideLibrary | None:
    import pickle
    try:
        with path.open("rb") as file:
            saved = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a corrupt or foreign file: validate the guides instead
        log.info("guide cache %s ignored: %s", path, exc)
        return None
    import pydantic

    from .guides import GuideLibrary
    if not (isinstance(saved, tuple) and len(saved) == 2 and saved[0] == pydantic.VERSION
            and isinstance(saved[1], GuideLibrary)):
        return None
    return saved[1]


def _write(directory: Path, name: str, library: GuideLibrary) -> None:
    """Write atomically (a reader sees the old file or the whole new one), then drop older caches."""
    import contextlib
    import os
    import pickle
    import tempfile

    import pydantic
    temp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".guides-")
        with os.fdopen(handle, "wb") as file:
            pickle.dump((pydantic.VERSION, library), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, directory / name)
        temp = None
        for old in directory.glob("guides-*.pickle"):
            if old.name != name:
                old.unlink(missing_ok=True)
    except Exception as exc:  # a read-only home, a full disk, something unpicklable: run uncached
        log.info("guide cache not written to %s: %s", directory, exc)
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
