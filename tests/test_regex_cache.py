"""Compiled patterns kept between one-off reviews (bot/regex_cache.py): a kept pattern is built without being
compiled again and matches exactly as a freshly compiled one; a broken file only costs time."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot import disk_cache, regex_cache

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [  # groups named and not, flags inline and given, look-arounds, classes, possessive and lazy repeats
    (r"(?P<name>[A-Z][\w&'.+\-]*+)(?:\s+(?P<rest>[A-Z]\w*)){0,3}\s+is hiring\b", 0),
    (r"[;,\s](?:(?<=;)|(?<=,)\s+and\s+(?=you\b)|(?<=\s)\s*and\s+(?=(?:we|be)\b))", 0),
    (r"\b(19|20)\d\d\s*[-\u2013to]+\s*((19|20)\d\d|present)\b", re.I),
    (r"(?m)^\W*(education|references)\W*$", 0),
    (r"(?i:colou?r)s?|\d{1,3}(?:,\d{3})+?(?!\d)", re.M),
]
TEXT = ("Northwind Bank Group is hiring; and you will, and we build.\n-- education:\n2019 - present, 2020 to 2023, "
        "COLOURS 1,234,567 references\n") * 3


def _matches(pattern: re.Pattern[str]) -> list[tuple]:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(TEXT)]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "folder", tmp_path)
    monkeypatch.setattr(regex_cache, "_kept", {})
    re.purge()
    yield tmp_path
    re.purge()


def test_a_kept_pattern_is_built_without_compiling_and_matches_as_a_compiled_one(folder, monkeypatch):
    fresh = [re.compile(p, f) for p, f in PATTERNS]
    assert not list(folder.glob("regex-*.pickle"))  # (compiles the glob's pattern, which writing the file uses)
    assert regex_cache.save() >= len(PATTERNS)
    assert regex_cache.save() == 0  # nothing new: not written again
    assert len(list(folder.glob("regex-*.pickle"))) == 1
    re.purge()
    monkeypatch.setattr(regex_cache, "_kept", {})

    def no_compiling(*args):
        raise AssertionError("compiled again")
    monkeypatch.setattr(re._compiler, "compile", no_compiling)
    assert regex_cache.load() >= len(PATTERNS)
    for (pattern, flags), compiled in zip(PATTERNS, fresh, strict=True):
        kept = re.compile(pattern, flags)  # found in re's cache
        assert kept is not compiled
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == \
               (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)
        assert _matches(kept) == _matches(compiled) and _matches(compiled)


def test_only_new_patterns_are_added_and_the_file_is_replaced(folder):
    re.compile(*PATTERNS[0])
    assert regex_cache.save() >= 1
    re.compile(r"a newly (seen|met) pattern \d+")
    assert regex_cache.save() == 1
    assert len(list(folder.glob("regex-*.pickle"))) == 1


@pytest.mark.parametrize("content", [b"not a pickle", b"\x80\x04N.",  # garbage; None
                                     "pickled", "wrong shape"])
def test_a_broken_or_foreign_file_is_ignored(folder, content):
    name = regex_cache._file_name()
    assert name
    if content == "pickled":
        disk_cache.write(folder, name, ["a list"])
    elif content == "wrong shape":
        disk_cache.write(folder, name, {("a(b", 0): (0, b"\x01\x02", 0, {}, ())})
    else:
        (folder / name).write_bytes(content)
    assert regex_cache.load() == 0
    assert re.compile(r"still (compiles)").search("it still compiles").group(1) == "compiles"


def test_without_a_cache_folder_nothing_is_read_or_written(monkeypatch):
    monkeypatch.setattr(disk_cache, "folder", None)
    assert regex_cache.load() == 0 and regex_cache.save() == 0


def test_a_one_off_review_keeps_its_patterns_and_reviews_the_same_from_them(tmp_path):
    letter = str(ROOT / "tests" / "letters" / "01-strong-fintech.txt")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def review() -> str:
        result = subprocess.run([sys.executable, "-m", "adapters.cli", "--db", str(tmp_path / "x.db"), "review",
                                 letter, "--role", "ml-engineer", "--json"], capture_output=True, text=True,
                                cwd=ROOT, timeout=120, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout
    outputs = [review() for _ in range(3)]  # the first makes the database; the next two review at once
    kept = list((tmp_path / "cache").rglob("regex-*.pickle"))
    assert len(kept) == 1
    assert len(disk_cache.read(kept[0])) > 100  # the review's own, the guides' and the spelling rules' patterns
    assert outputs[0] == outputs[1] == outputs[2]
    # The spelling dictionary as sorted words (bot/review/dictionary.py), read back by the later reviews.
    assert len(list((tmp_path / "cache").rglob("dictionary-*.pickle"))) == 1
