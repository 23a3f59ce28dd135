"""Compiled regular expressions kept between runs of the command line, for a one-off `shortlist review FILE`.

Such a review compiles some 230 patterns: the review's own as its modules import, the guides' as they are
unpickled, the spelling rules', and was spending over half its time doing so. sre compiles a pattern in two
steps: in Python, to a list of numbers (re._parser, re._compiler), the slow part; then, in C, a pattern from
that list (_sre.compile). The lists are kept in the cache folder (bot/disk_cache.py) and, at the next start,
put in re's own cache of compiled patterns, so that each re.compile of a kept pattern finds it there.

The file is named by the Python version and sre's code version (a list is only valid for the sre that made
it), holds what re's cache held at the end of the last run that compiled something new (so at most
re._MAXCACHE patterns), and is read only from the user's own cache folder (see bot/disk_cache.py). Anything
unexpected in it (another Python, a corrupt file) and it is ignored: patterns are then compiled as usual.
"""
from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # sre's C half, which re itself imports
import re
from array import array
from typing import Any

from . import disk_cache, logs

log = logs.get(__name__)
FAMILY = "regex"
# pattern, flags -> what _sre.compile takes besides the pattern: flags, code (its numbers as bytes, read back into a
# list in C: a pickled list of some 300,000 numbers took several times as long to load), groups, groupindex, indexgroup
Kept = dict[tuple[str, int], tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]]
_kept: Kept = {}  # what this process read from the file: written again only with something new


def _numbers(code: bytes) -> array[int]:
    """sre's code words: unsigned numbers of its CODESIZE bytes (the file's name holds CODESIZE)."""
    kind = next(kind for kind in "HIL" if array(kind).itemsize == _sre.CODESIZE)
    return array(kind, code)


def _file_name() -> str | None:
    try:
        return f"{FAMILY}-{disk_cache.key(['sre', str(_sre.MAGIC), str(_sre.CODESIZE)])}.pickle"
    except AttributeError:  # another implementation of re: compile as usual
        return None


def load() -> int:
    """Put the kept patterns in re's cache; how many. Nothing without a cache folder."""
    name = _file_name()
    if disk_cache.folder is None or name is None:
        return 0
    saved = disk_cache.read(disk_cache.folder / name)
    if not isinstance(saved, dict):
        return 0
    try:
        cache: dict[tuple[type, str, int], re.Pattern[str]] = re._cache  # type: ignore[attr-defined]
        built = {(str, pattern, flags): _sre.compile(pattern, final, _numbers(code).tolist(), groups, groupindex,
                                                     indexgroup)
                 for (pattern, flags), (final, code, groups, groupindex, indexgroup) in saved.items()}
    except Exception as exc:  # not what this module wrote: compile as usual
        log.info("regex cache ignored: %s", exc)
        return 0
    for key, pattern in built.items():
        cache.setdefault(key, pattern)
    _kept.update(saved)
    return len(built)


def save() -> int:
    """Keep the patterns re's cache holds now, if some were not kept yet; how many were new."""
    name = _file_name()
    if disk_cache.folder is None or name is None:
        return 0
    cache: dict[tuple[type, Any, int], re.Pattern[Any]] = re._cache  # type: ignore[attr-defined]
    held = [(pattern, flags) for kind, pattern, flags in list(cache) if kind is str]
    new = [key for key in held if key not in _kept]
    if not new:
        return 0
    from re import _compiler, _parser  # type: ignore[attr-defined]
    kept: Kept = {key: _kept[key] for key in held if key in _kept}
    for pattern, flags in new:
        parsed = _parser.parse(pattern, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for group, i in groupindex.items():
            indexgroup[i] = group
        code = _numbers(b"")
        code.extend(_compiler._code(parsed, flags))
        kept[pattern, flags] = (flags | parsed.state.flags, code.tobytes(), parsed.state.groups - 1, groupindex,
                                tuple(indexgroup))
    disk_cache.write(disk_cache.folder, name, kept)
    _kept.update(kept)
    return len(new)
