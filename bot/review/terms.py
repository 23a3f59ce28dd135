"""Vocabularies from guide YAML, found in a letter in one pass each: the letter's words are indexed
once, and a vocabulary is tried only where one of its terms can start."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from functools import lru_cache
from itertools import accumulate

from .text import Letter, Span


@lru_cache(maxsize=512)
def vocabulary(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for a list of terms.

    A term is literal; spaces and hyphens in it match either; a trailing ``*``
    lets the last word run on (``deploy*`` matches deployed, deployment).
    """
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        prefix = term.endswith("*")
        words = re.split(r"[\s\-]+", term.rstrip("*").strip())
        body = r"[\s\-]+".join(re.escape(w) for w in words if w)
        parts.append(body + (r"[\w\-]*" if prefix else ""))
    return re.compile(r"(?<![\w\-])(?:" + "|".join(parts) + r")(?![\w])", re.I)


@lru_cache(maxsize=512)
def _first_words(terms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words a match of ``terms`` can start with, and the prefixes (``deploy*``) it can start with."""
    exact, prefixes = set(), set()
    for term in terms:
        first = _TOKEN.findall(term.rstrip("*").lower())[0]
        if term.endswith("*") and len(re.split(r"[\s\-]+", term.rstrip("*").strip())) == 1 and len(first) >= 2:
            prefixes.add(first)
        else:
            exact.add(first)
    return frozenset(exact), tuple(sorted(prefixes))


_TOKEN = re.compile(r"\w+")
_SPACES = re.compile(r"[\s\-]+")


_SPLIT_TOKENS = re.compile(r"(\w+)")


def words_of(letter: Letter) -> dict[str, list[int]]:
    """Each different word of the letter (lower case) and where it starts."""
    index = letter.__dict__.get("_words")
    if index is None:
        # Split once (text between words, then a word, in turn) and add up the lengths for the
        # offsets: no match object a word.
        parts = _SPLIT_TOKENS.split(letter.norm.lower())
        offsets = list(accumulate(map(len, parts)))
        index = letter.__dict__["_words"] = defaultdict(list)
        for word, start in zip(parts[1::2], offsets[0::2], strict=False):
            index[word].append(start)
        index.default_factory = None  # a plain mapping from here: a missing word is a KeyError, not a new entry
    return index


def by_initials(letter: Letter) -> dict[str, list[str]]:
    """The letter's different words grouped by their first two characters, for prefix terms."""
    index = letter.__dict__.get("_initials")
    if index is None:
        index = letter.__dict__["_initials"] = {}
        for word in words_of(letter):
            index.setdefault(word[:2], []).append(word)
    return index


def find_terms(letter: Letter, terms: tuple[str, ...], span: Span | None = None) -> list[Span]:
    # One pass a letter per vocabulary, trying only the terms that can start with the word found at
    # each place (a dictionary lookup a word); rules then ask about sentences and paragraphs by bisection.
    cache = letter.__dict__.setdefault("_terms", {})
    if terms not in cache:
        exact, prefixes = _first_words(terms)
        words = words_of(letter)
        starts = [(i, w) for w in exact if w in words for i in words[w]]
        if prefixes:
            initials = by_initials(letter)
            starts += [(i, w) for p in prefixes for w in initials.get(p[:2], ()) if w.startswith(p) and w not in exact
                       for i in words[w]]
        found, end, norm = [], 0, letter.norm
        for start, word in sorted(starts):
            if start >= end:
                if _just(terms, word):
                    # The word is the term and nothing longer can start here: the match is the word,
                    # unless a hyphen joins it to the word before ("non-I").
                    if start == 0 or norm[start - 1] != "-":
                        end = start + len(word)
                        found.append(Span(start, end))
                    continue
                m = _starting_with(terms, word).match(norm, start)
                if m:
                    found.append(Span(start, m.end()))
                    end = m.end()
        cache[terms] = indexed(found)
    return within(cache[terms], span)


@lru_cache(maxsize=4096)
def _starting_with(terms: tuple[str, ...], word: str) -> re.Pattern[str]:
    """The vocabulary's pattern cut down to the terms that can begin with ``word``, in the same order:
    where the whole pattern would try every term, this tries the two or three that can match."""
    exact, prefixes = _first_word_terms(terms)
    chosen = set(exact.get(word, ()))
    chosen.update(t for p, group in prefixes.items() if word.startswith(p) for t in group)
    return vocabulary(tuple(t for t in terms if t in chosen))


@lru_cache(maxsize=4096)
def _just(terms: tuple[str, ...], word: str) -> bool:
    """Whether the only term that can start with ``word`` is ``word`` itself, a plain word."""
    exact, prefixes = _first_word_terms(terms)
    candidates = exact.get(word, [])
    return (len(candidates) == 1 and word.isascii() and candidates[0].lower() == word
            and not any(word.startswith(p) for p in prefixes))


@lru_cache(maxsize=512)
def _first_word_terms(terms: tuple[str, ...]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The terms by the word they start with, and the one-word prefix terms (``deploy*``) by prefix."""
    exact: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    for term in terms:
        first = _TOKEN.findall(term.rstrip("*").lower())[0]
        if term.endswith("*") and len(re.split(r"[\s\-]+", term.rstrip("*").strip())) == 1 and len(first) >= 2:
            prefixes.setdefault(first, []).append(term)
        else:
            exact.setdefault(first, []).append(term)
    return exact, prefixes


def indexed(spans: list[Span]) -> tuple[list[Span], list[int]]:
    return spans, [s.start for s in spans]


def within(index: tuple[list[Span], list[int]], span: Span | None) -> list[Span]:
    """The spans inside ``span``, found by bisection: rules ask about every sentence, so no rescans."""
    spans, starts = index
    if span is None:
        return spans
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [s for s in spans[lo:hi] if s.end <= span.end]


def distinct(letter: Letter, spans: list[Span]) -> list[Span]:
    """First occurrence of each different term, in order."""
    seen, out = set(), []
    for s in spans:
        key = _SPACES.sub(" ", letter.norm[s.start:s.end].lower())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
