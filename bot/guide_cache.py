"""Validated guides kept between starts, so a start doesn't parse and validate unchanged YAML again.

The cache is a pickle of the loaded library (bot/disk_cache.py) in a folder the caller chooses (the command
line uses the user's cache folder). Its name is a hash of everything the result depends on: the guide files'
names and contents, the code that reads them (each source file's size and modification time), and
the Python version. Changed guides or code get a new name, so a stale file is never read. A cache
that is missing, corrupt, from another pydantic, or in a folder that can't be written is ignored:
the guides are then validated as without a cache, and the start is only slower.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import disk_cache, logs

if TYPE_CHECKING:
    from .guides import GuideLibrary

log = logs.get(__name__)
DEFAULT_GUIDES_DIR = Path(__file__).resolve().parent.parent / "guides"
_CODE = Path(__file__).resolve().parent  # the bot package: the schema, the rules, the validator
_FORMAT = b"shortlist guide cache 1"


def cache_key(paths: list[Path]) -> str:
    """A hash of the guide files' names and contents and of the code that reads them."""
    def parts() -> Iterator[bytes | str]:
        yield _FORMAT
        for path in paths:
            yield str(path)
            yield path.read_bytes()
        for source in sorted(_CODE.rglob("*.py")):
            stat = source.stat()
            yield f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return disk_cache.key(parts())


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
        import pydantic
        disk_cache.write(cache_dir, f"guides-{key}.pickle", (pydantic.VERSION, library))
    return library


def _read(path: Path) -> GuideLibrary | None:
    saved = disk_cache.read(path)
    if saved is None:
        return None
    import pydantic

    from .guides import GuideLibrary
    if not (isinstance(saved, tuple) and len(saved) == 2 and saved[0] == pydantic.VERSION
            and isinstance(saved[1], GuideLibrary)):
        return None
    return saved[1]
