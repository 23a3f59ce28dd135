"""Guides' regular expressions: Python's engine for shipped guides, RE2 for community guides, each
scanned once a letter and tried only where a match can start."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Protocol

import re2

from . import saved_plans
from .anchors import FOLDS_TO_ASCII, Anchors, anchor_places, anchor_words, required_words
from .reach import Reach, reach_of
from .terms import Index, by_first, by_initials, doubled, lower_tokens, prepare_all, within, word_classes, words_of
from .text import Letter, Span, occurrences


class Match(Protocol):
    def start(self) -> int: ...
    def end(self) -> int: ...
    def expand(self, template: str) -> str: ...


class Regex(Protocol):
    """A compiled pattern: Python's own (shipped guides) or RE2's (community guides), used alike."""
    def finditer(self, text: str, pos: int = ..., endpos: int = ...) -> Iterator[Match]: ...
    def match(self, text: str, pos: int = ..., endpos: int = ...) -> Match | None: ...


class LinearPattern(str):
    """A pattern written by a community's moderator: run by RE2, so its time is linear in the letter's
    length whatever it says. Shipped patterns are reviewed code and keep Python's richer syntax."""


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a refused pattern is explained to the moderator, not logged as an error
    return options


@lru_cache(maxsize=1024)
def linear_pattern(pattern: str) -> re2._Regexp[str]:
    """RE2's compiled form of a pattern; ``re2.error`` when RE2 can't run it (look-arounds, back-references)."""
    return re2.compile(pattern, _re2_options())


@lru_cache(maxsize=512, typed=True)  # typed: a moderator's pattern never reuses a shipped one's engine
def compiled(pattern: str) -> Regex:
    if isinstance(pattern, LinearPattern):
        return linear_pattern(str(pattern))
    return re.compile(pattern, re.I | re.M)


class _Scan:
    """One pattern's matches in a letter, read from its scan only as far as a rule has asked: a rule about
    the opening stops the scan there, and a later rule about the whole letter carries on from that point.
    The matches read are the first of the whole scan's, so every answer is the one a full scan gives."""
    __slots__ = ("spans", "starts", "ends", "rest")

    def __init__(self, matches: Iterator[Match]):
        self.spans: list[Span] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.rest: Iterator[Match] | None = matches

    def until(self, end: int) -> Index:
        """Every match that starts before ``end`` (and perhaps one more), with its start and end."""
        rest, starts = self.rest, self.starts
        if rest is not None and (not starts or starts[-1] < end):
            for m in rest:
                a, b = m.start(), m.end()
                self.spans.append(Span(a, b))
                starts.append(a)
                self.ends.append(b)
                if a >= end:
                    break
            else:
                self.rest = None
        return self.spans, starts, self.ends


def find_pattern(letter: Letter, pattern: str, span: Span | None = None) -> list[Span]:
    """Matches of one regular expression, scanned once a letter like ``find_terms`` (and only as far as
    the spans asked about reach)."""
    cache: dict[str, _Scan] = letter.__dict__.setdefault("_patterns", {})
    found = cache.get(pattern)
    if found is None:
        if pattern in letter.__dict__.get("_ruled_out", ()) and type(pattern) is str:
            return []  # can't match (review/gate.py): no scan to keep
        found = cache[pattern] = _Scan(scan(letter, pattern))
    return within(found.until(len(letter.norm) if span is None else span.end), span)


def find_bounded(letter: Letter, pattern: str, span: Span) -> list[Span]:
    """Matches of one regular expression scanned inside ``span`` only (none runs past its end), once a
    letter for each span asked about."""
    cache: dict[tuple[str, Span], list[Span]] = letter.__dict__.setdefault("_bounded", {})
    found = cache.get((pattern, span))
    if found is None:
        found = cache[(pattern, span)] = [Span(m.start(), m.end()) for m in scan(letter, pattern, span.start, span.end)]
    return found


Saved = tuple[tuple[frozenset[str], ...], Anchors | None, frozenset[str] | None, Reach | None]


class _Plan:
    """What a scan needs to know about one pattern, read once from it: the words every match holds, where a
    match can start, a later word it must reach (bot/review/reach.py), and (at its first try) the compiled
    form. A scan then costs a few lookups before the matching itself, and a pattern no letter has given a
    place to try is never compiled: a one-off review from the command line compiles only the patterns its
    letter can match."""
    __slots__ = ("pattern", "need", "anchors", "places", "reach", "_regex")

    def __init__(self, pattern: str, saved: Saved | None = None):
        linear = isinstance(pattern, LinearPattern)
        self.pattern = pattern
        if saved is not None:  # read from this pattern before, and kept (bot/review/saved_plans.py)
            self.need, self.anchors, self.places, self.reach = saved
        else:
            self.need = () if linear else tuple(required_words(pattern))
            self.anchors = anchor_words(pattern)
            self.places = None if linear or self.anchors is not None else anchor_places(pattern)
            self.reach = None if linear else reach_of(pattern)
        self._regex: Regex | None = None

    def saved(self) -> Saved:
        return self.need, self.anchors, self.places, self.reach

    @property
    def regex(self) -> Regex:
        if self._regex is None:
            self._regex = compiled(self.pattern)  # kept with the plan, whatever ``compiled`` forgets
        return self._regex


_PLANS: dict[tuple[type, str], _Plan] = {}
_MAX_PLANS = 1024  # moderators' patterns come and go: the plans are forgotten, all at once, past this many


def _plan(pattern: str) -> _Plan:
    key = (type(pattern), pattern)  # a moderator's pattern never reuses a shipped one's plan (its engine differs)
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        plan = _PLANS[key] = _Plan(pattern, saved_plans.PLANS.get(pattern) if type(pattern) is str else None)
    return plan


def plans_of(patterns: Iterable[str]) -> dict[str, Saved]:
    """The plans of shipped ``patterns`` as plain data, to keep with the guides (bot/review/saved_plans.py)."""
    return {p: _plan(p).saved() for p in dict.fromkeys(patterns) if type(p) is str}


def compile_planned() -> None:
    """Compile every pattern scanned so far (a bot warming up, so no member's review waits for a compile)."""
    for plan in list(_PLANS.values()):
        plan.regex  # noqa: B018  (compiled and kept with the plan)
    from .plan import make_plans  # and each guide's set of them (review/gate.py)
    make_plans()
    prepare_all()  # and the vocabularies' patterns, for every word their terms can start with


def scan(letter: Letter, pattern: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
    """The non-empty matches ``finditer`` finds between ``start`` and ``end``. A pattern that can only
    start with one of a few words (``\\b(your|the|this)...``) is tried only where those words are. The
    places are found at once and the matching is left to the iterator, which holds the text but not the
    letter: a scan kept half read in the letter's cache makes no reference cycle for the collector."""
    if pattern in letter.__dict__.get("_ruled_out", ()) and type(pattern) is str:
        return iter(())  # the guide's patterns, run together, showed this one can't match (review/gate.py)
    plan, norm = _plan(pattern), letter.norm
    anchors = plan.anchors
    end = len(norm) if end is None else end
    if plan.need and _lacks_a_required_word(letter, plan.need):
        return iter(())
    if anchors is None:
        places = None if plan.places is None else _places(letter, plan.places)
        if places is None:
            return (m for m in plan.regex.finditer(norm, start, end) if m.end() > m.start())
        starts = places
    else:
        exact, prefixes, digits = anchors
        words = words_of(letter)
        starts = [i for w in exact if w in words for i in words[w]]
        if prefixes:
            starts += [i for w in _beginning(letter, prefixes) if w not in exact for i in words[w]]
        if digits:
            starts += [i for w in word_classes(letter)[0] if w[0].isdigit() for i in words[w]]
    if starts and plan.reach is not None:
        starts = _reaching(letter, plan.reach, starts)
    return _tried(plan.regex, norm, starts, start, end) if starts else iter(())


def _beginning(letter: Letter, prefixes: Iterable[str]) -> list[str]:
    """The letter's different words (lower case) that start with one of ``prefixes``."""
    initials = by_initials(letter)
    firsts = by_first(letter) if any(len(p) == 1 for p in prefixes) else {}
    return [w for p in prefixes for w in (initials.get(p[:2], ()) if len(p) > 1 else firsts.get(p, ()))
            if w.startswith(p)]


def _reaching(letter: Letter, reach: Reach, starts: list[int]) -> list[int]:
    """The starts with a word the pattern must reach ahead of them in the same sentence or line, or whatever
    stretch between the marks it can't cross (bot/review/reach.py): a lookup a start, whatever the pattern
    costs to try there."""
    if not lower_tokens(letter)[2] or _folds(letter):
        return starts  # the word index's places aren't the letter's, or case folding goes beyond it
    marks, exact, prefixes = reach
    stops = _stops(letter, marks)
    cache: dict[Reach, dict[int, int]] = letter.__dict__.setdefault("_ahead", {})
    last = cache.get(reach)
    if last is None:  # each stretch holding such a word, and where the last of them starts
        words = words_of(letter)
        ahead = [i for w in exact if w in words for i in words[w]]
        if prefixes:
            ahead += [i for w in _beginning(letter, prefixes) for i in words[w]]
        ahead.sort()
        last = cache[reach] = {bisect_left(stops, i): i for i in ahead}
    return [at for at in starts if at <= last.get(bisect_left(stops, at), -1)] if last else []


def _stops(letter: Letter, marks: str) -> list[int]:
    """Where the letter holds one of ``marks``."""
    cache: dict[str, list[int]] = letter.__dict__.setdefault("_stops", {})
    found = cache.get(marks)
    if found is None:
        found = cache[marks] = sorted(i for mark in marks for i in occurrences(letter.norm, mark))
    return found


def _folds(letter: Letter) -> bool:
    """Whether the letter holds a character re.IGNORECASE takes for an ASCII letter that lower case doesn't."""
    folds = letter.__dict__.get("_folds")
    if folds is None:
        folds = letter.__dict__["_folds"] = any(c in letter.norm for c in FOLDS_TO_ASCII)
    return folds


def _lacks_a_required_word(letter: Letter, need: tuple[frozenset[str], ...]) -> bool:
    """Whether the letter lacks a word every match holds, or all of a group of which every match holds
    one (then nothing can match)."""
    words = words_of(letter).keys()
    for group in need:  # each group's few words looked up in the letter's
        if words.isdisjoint(group):
            break
    else:
        return False
    return not _folds(letter)


def _possessive(norm: str) -> list[int]:
    """Where a name that runs up to an 's can start: the start of the run of word characters, "&" and "-"
    before the 's, or a word start inside it (after "&" or "-")."""
    starts = []
    for i in sorted([*occurrences(norm, "'s"), *occurrences(norm, "'S")]):
        k = i
        while k and (norm[k - 1].isalnum() or norm[k - 1] in "_&-"):
            k -= 1
        starts += [p for p in range(k, i) if p == k or norm[p - 1] in "&-"]
    return starts


def _tried(regex: Regex, norm: str, starts: list[int], start: int, end: int) -> Iterator[Match]:
    """What ``finditer`` finds, trying only at ``starts`` (every place a match can start, and maybe more)."""
    last = 0
    for at in sorted(set(starts)):
        if at >= last and start <= at < end:
            m = regex.match(norm, at, end)
            if m and m.end() > at:
                last = m.end()
                yield m


def _places(letter: Letter, kinds: frozenset[str]) -> list[int] | None:
    """Where a match of a pattern no word anchors can start (``anchor_places``), or None: everywhere. Found once a
    letter for each set of kinds (several patterns start at a line's start or after a full stop), and only read."""
    cache: dict[frozenset[str], list[int] | None] = letter.__dict__.setdefault("_places", {})
    if kinds in cache:
        return cache[kinds]
    found = cache[kinds] = _find_places(letter, kinds)
    return found


def _find_places(letter: Letter, kinds: frozenset[str]) -> list[int] | None:
    starts: list[int] = []
    norm = letter.norm
    for kind in kinds:
        if kind == "line":
            starts += [line.start for line in letter.lines]
        elif kind == "doubled":
            found = doubled(letter)
            if found is None:
                return None
            starts += found
        elif kind == "possessive":
            starts += _possessive(norm)
        elif kind == "nonascii":  # a character outside ASCII: none in a letter all in ASCII, else anywhere
            if not norm.isascii():
                return None
        else:  # "after" and the marks: right after a mark and a space
            for mark in kind[len("after"):]:
                starts += [i + 2 for i in occurrences(norm, mark + " ")]
    return starts
