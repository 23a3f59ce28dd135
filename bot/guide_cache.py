"""Validated guides kept between starts, so a start doesn't parse and validate unchanged YAML again.

The cache is a pickle of the loaded library (bot/disk_cache.py) in a folder the caller chooses (the command
line uses the user's cache folder). Its name is a hash of everything the result depends on: the guide files'
names and contents, the code that reads them (each source file's size and modification time), and
the Python version. Changed guides or code get a new name, so a stale file is never read. The guides'
patterns' plans go with them (bot/review/saved_plans.py): a one-off review then reads no pattern for its plan. A cache
that is missing, corrupt, from another pydantic, or in a folder that can't be written is ignored:
the guides are then validated as without a cache, and the start is only slower.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import disk_cache, logs

if TYPE_CHECKING:
    from .guides import GuideLibrary

log = logs.get(__name__)
DEFAULT_GUIDES_DIR = Path(__file__).resolve().parent.parent / "guides"
_CODE = Path(__file__).resolve().parent  # the bot package: the schema, the rules, the validator
_FORMAT = b"shortlist guide cache 2"


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
        library, plans = cached
        from .review import saved_plans
        saved_plans.PLANS.update(plans)
        for problem in library.problems:
            log.warning("guide file skipped: %s", problem)
        return library
    from .guides import GuideLibrary
    library = GuideLibrary.load(directory)
    if cache_dir and key:
        import pydantic

        from .review.base import RuleBase
        from .review.patterns import plans_of
        plans = plans_of(p for guide in library for rule in library.rules_for(guide) if isinstance(rule, RuleBase)
                         for p in rule.scanned())
        disk_cache.write(cache_dir, f"guides-{key}.pickle", (pydantic.VERSION, library, plans))
    return library


def _read(path: Path) -> tuple[GuideLibrary, dict[str, Any]] | None:
    saved = disk_cache.read(path)
    if saved is None:
        return None
    import pydantic

    from .guides import GuideLibrary
    if not (isinstance(saved, tuple) and len(saved) == 3 and saved[0] == pydantic.VERSION
            and isinstance(saved[1], GuideLibrary) and isinstance(saved[2], dict)):
        return None
    return saved[1], saved[2]
