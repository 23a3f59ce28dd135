"""Which of a guide's patterns can match a letter at all, told for all of them in one linear pass.

Most of a guide's sixty-odd patterns match nothing in a given letter, yet each cost a scan to find that
out. Each pattern is loosened into one that RE2 runs and that matches wherever it does (look-arounds and
word boundaries dropped, its character classes widened to Python's Unicode ones), and the loosened patterns
of every guide make one ``re2.Filter`` (FilteredRE2): the words and pieces of words each pattern can't match
without are found in the letter in one pass of a set of literal strings, and a pattern that lacks one is
known to find nothing and is never scanned. A looser pattern can only let more through, so every review
is the one the patterns alone give.

An ``re2.Set`` of the loosened patterns themselves ruled out more, but its automaton is built state by
state as letters are read: a letter the engine hasn't seen built new states at nearly every character
(25 ms p50 and 50 ms p90 for the gate alone, a 1,000-word letter over 100 ms, as its cache filled and
was emptied again), where the same letter reviewed again, as the bench did, found them built. The
literal set's automaton is as small as its strings, so a new letter costs what a seen one does.
"""
from __future__ import annotations

import re
import re._constants as _c  # type: ignore[import-not-found]  # re's own parser: no stubs, stable in 3.11
import re._parser as _parser  # type: ignore[import-not-found]
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, cast

import re2

from .anchors import FOLDS_TO_ASCII

# Python's \w, \s and \d read Unicode; RE2's read ASCII. Inside a class or alone, their Unicode forms.
_WORD, _DIGIT = r"\pL\pN_", r"\pN"
_SPACE = r"\t-\r\x{1c}-\x{1f}\x{85}\pZ"
_CATEGORIES = {
    _c.CATEGORY_WORD: _WORD, _c.CATEGORY_DIGIT: _DIGIT, _c.CATEGORY_SPACE: _SPACE,
    # RE2's \W, \D and \S (not ASCII word, digit, space) hold all that Python's do, and more.
    _c.CATEGORY_NOT_WORD: r"\W", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_NOT_SPACE: r"\S",
}
_ANY = r"(?s:.)"


class _Unsupported(Exception):
    """A pattern RE2 can't loosen into (a back-reference): it is always scanned."""


def _char(code: int) -> str:
    return re.escape(chr(code)) if chr(code).isalnum() and code < 128 else f"\\x{{{code:x}}}"


def _in(items: list[Any]) -> str:
    if items and items[0][0] is _c.NEGATE:
        rest = items[1:]
        # A negated class keeps its meaning when it holds no letter (case can't differ) and no Unicode-wide
        # category (RE2's \w, \d, \s are narrower, so their negations are wider): else any character.
        if all(op is _c.LITERAL and not chr(v).isalpha() or op is _c.CATEGORY and v in (
                _c.CATEGORY_WORD, _c.CATEGORY_DIGIT, _c.CATEGORY_SPACE) for op, v in rest):
            return "[^" + "".join(_char(v) if op is _c.LITERAL else {
                _c.CATEGORY_WORD: r"\w", _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s"}[v] for op, v in rest) + "]"
        return _ANY
    out = []
    for op, v in items:
        if op is _c.LITERAL:
            out.append(_char(v))
        elif op is _c.RANGE:
            out.append(f"{_char(v[0])}-{_char(v[1])}")
        elif op is _c.CATEGORY:
            out.append(_CATEGORIES[v])
        else:
            raise _Unsupported(op)
    return "[" + "".join(out) + "]"


def _loosened(items: Iterable[Any]) -> str:
    out = []
    for op, v in items:
        if op is _c.LITERAL:
            out.append(_char(v))
        elif op is _c.NOT_LITERAL or op is _c.ANY:
            out.append(_ANY)
        elif op is _c.IN:
            out.append(_in(v))
        elif op is _c.CATEGORY:
            out.append("[" + _CATEGORIES[v] + "]" if v in (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT,
                                                            _c.CATEGORY_SPACE) else _CATEGORIES[v])
        elif op is _c.BRANCH:
            out.append("(?:" + "|".join(_loosened(alternative) for alternative in v[1]) + ")")
        elif op is _c.SUBPATTERN:
            _, add, remove, inner = v
            flags = ("i" if add & re.I else "") + ("-i" if remove & re.I else "")
            out.append(f"(?{flags}:" + _loosened(inner) + ")")
        elif op is _c.ATOMIC_GROUP:
            out.append("(?:" + _loosened(v) + ")")
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            least, most, inner = v
            # "{0,80}" as "*", "{2,}" as "+": only looser, and a counted repeat would make the set's automaton
            # many times larger (its states then miss the processor's cache between two letters).
            mark = "?" if most == 1 and least == 0 else "" if most == 1 else "*" if least == 0 else "+"
            out.append("(?:" + _loosened(inner) + ")" + mark)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # takes no characters: without it, only looser
        else:
            raise _Unsupported(op)  # a back-reference, a conditional group
    return "".join(out)


@lru_cache(maxsize=1024)  # guides share most of their patterns: each is read once
def loosened(pattern: str) -> str | None:
    """An RE2 pattern that matches wherever ``pattern`` (case-insensitive, multi-line) does, or None."""
    try:
        return _loosened(_parser.parse(pattern, re.I | re.M))
    except (_Unsupported, KeyError):
        return None


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a pattern RE2 refuses is left out of the gate (always scanned), not logged
    return options


class Gate:
    """Patterns in one RE2 filter (review/plan.py puts every guide's in one): ``ruled_out(norm)`` names those
    that can't match ``norm``."""

    def __init__(self, patterns: Iterable[str]):
        given = list(dict.fromkeys(patterns))
        self.asked = frozenset(given)  # every pattern it was given, those in its filter or not
        self.patterns: list[str] = []
        self._filter = re2.Filter()
        for pattern in (p for p in given if type(p) is str):  # a moderator's runs on RE2 already
            loose = loosened(pattern)
            if loose is None:
                continue
            try:
                self._filter.Add(loose, _options())
            except re2.error:
                continue
            self.patterns.append(pattern)
        try:
            self._filter.Compile()
        except re2.error:  # nothing to filter: the gate is off, and every pattern is scanned
            self.patterns = []
        self._all = frozenset(self.patterns)

    def ruled_out(self, norm: str) -> frozenset[str]:
        if not self.patterns or any(c in norm for c in FOLDS_TO_ASCII):
            return frozenset()  # "K" (Kelvin) is "k" to Python's re.I: left to the patterns themselves
        # The indices of the patterns whose literal parts are all in the letter (and of those with none), or
        # None when there are none: the filter says "may match", never "matches".
        found = cast("list[int] | None", self._filter.Match(norm, potential=True))
        return self._all.difference(self.patterns[i] for i in found or ())
