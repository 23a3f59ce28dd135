"""Vocabularies from guide YAML, found in a letter in one pass each: the letter's words are indexed
once, and a vocabulary is tried only where one of its terms can start."""
from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import lru_cache
from itertools import accumulate, compress, filterfalse
from operator import eq, gt, itemgetter

from .text import Letter, Span, spans


@lru_cache(maxsize=4096)  # every word's pattern a warmed bot made (``prepare_all``: ~600 for the shipped guides)
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


_TOKEN = re.compile(r"\w+")
_SPACES = re.compile(r"[\s\-]+")


_SPLIT_TOKENS = re.compile(r"(\w+)")
_FINAL_SIGMA = "\u03a3"  # the one capital whose lower case depends on the letters around it


def lower_tokens(letter: Letter) -> tuple[list[str], list[int], bool]:
    """The letter's tokens in lower case, where each starts, and whether those places are places in the
    letter. Lowered from the letter's own split when lower case keeps every character one character
    (nearly always); else the lowered text is split again, as it always was."""
    found = letter.__dict__.get("_lower_tokens")
    if found is None:
        norm = letter.norm
        parts, offsets = letter.tokens
        tokens = parts[1::2]
        joined = "\0".join(tokens)
        lowered = joined.lower()
        if len(lowered) == len(joined) and _FINAL_SIGMA not in joined:
            found = (lowered.split("\0") if tokens else [], offsets[0:-1:2], True)
        else:
            parts = _SPLIT_TOKENS.split(norm.lower())
            offsets = list(accumulate(map(len, parts)))
            found = (parts[1::2], offsets[0:-1:2], offsets[-1] == len(norm))
        letter.__dict__["_lower_tokens"] = found
    return found


def words_of(letter: Letter) -> dict[str, list[int]]:
    """Each different word of the letter (lower case) and where it starts."""
    index = letter.__dict__.get("_words")
    if index is None:
        tokens, starts, _ = lower_tokens(letter)
        index = letter.__dict__["_words"] = defaultdict(list)
        for word, start in zip(tokens, starts, strict=True):
            index[word].append(start)
        index.default_factory = None  # a plain mapping from here: a missing word is a KeyError, not a new entry
    return index


def doubled(letter: Letter) -> list[int] | None:
    """Where a word starts that the next word repeats ("the the"), in any case: the places a pattern such
    as ``([a-z]+)\\s+\\1\\b`` can match, and a few more (a word beside a non-ASCII one is kept, since case
    rules differ there). None when lower case moved the offsets."""
    words, starts, aligned = lower_tokens(letter)
    if not aligned:
        return None
    odd = set() if letter.norm.isascii() else set(filterfalse(str.isascii, words_of(letter)))
    same = map(eq, words, words[1:])  # compared in C: no line of Python a word
    if not odd:
        return list(compress(starts, same))
    pairs = enumerate(zip(words, words[1:], strict=False))
    return [starts[k] for k, (a, b) in pairs if a == b or a in odd or b in odd]


def by_first(letter: Letter) -> dict[str, list[str]]:
    """The letter's different words grouped by their first character, for one-letter prefixes."""
    return _by_prefix(letter, 1)


def by_initials(letter: Letter) -> dict[str, list[str]]:
    """The letter's different words grouped by their first two characters, for prefix terms."""
    return _by_prefix(letter, 2)


def _by_prefix(letter: Letter, width: int) -> dict[str, list[str]]:
    key = f"_by_prefix_{width}"
    index: dict[str, list[str]] | None = letter.__dict__.get(key)
    if index is None:
        index = letter.__dict__[key] = {}
        for word in words_of(letter):
            index.setdefault(word[:width], []).append(word)
    return index


def word_classes(letter: Letter) -> tuple[list[str], list[str]]:
    """The letter's different words that hold a character other than a letter (every word with a digit),
    and its words of one to three characters: what figures, postcodes and ID numbers can start with, told
    apart in one pass instead of one a rule."""
    classes = letter.__dict__.get("_classes")
    if classes is None:
        words = words_of(letter)
        classes = ([w for w in words if not w.isalpha()], [w for w in words if len(w) <= 3])
        letter.__dict__["_classes"] = classes
    return classes


_START, _END = itemgetter(0), itemgetter(1)  # a Span's start and end
_UNSEEN = re.compile("")  # a word whose plan is not made yet


class Vocabulary:
    """A guide's list of terms, compiled once (the rule holding it keeps it): the terms by the word they
    start with, and for each word met in a letter, what to try there. Hashed by identity, so a letter's
    cache of matches is a cheap lookup however many terms there are."""
    __slots__ = ("terms", "exact", "prefixes", "initials", "_plans", "__weakref__")
    _MAX_PLANS = 4096  # words met so far: prefix terms ("deploy*") can meet any number of different words

    def __init__(self, terms: tuple[str, ...]):
        self.terms = terms
        self.exact, self.prefixes = _first_word_terms(terms)
        # The prefixes by their first two characters (every prefix has two or more): a letter's words are
        # then tried against each group at once (``str.startswith`` takes a tuple), not prefix by prefix.
        initials: dict[str, list[str]] = {}
        for p in self.prefixes:
            initials.setdefault(p[:2], []).append(p)
        self.initials = {k: tuple(group) for k, group in initials.items()}
        self._plans: dict[str, re.Pattern[str] | None] = {}
        _MADE.add(self)

    def __reduce__(self) -> tuple[object, tuple[tuple[str, ...]]]:
        return lexicon, (self.terms,)  # a pickled guide rebuilds it from the terms

    def plan(self, word: str) -> re.Pattern[str] | None:
        """What to try where ``word`` starts: None when the word alone is the match (the only term that
        can start with it is the word itself, a plain word), else the pattern of the terms that can."""
        plan = self._plans.get(word, _UNSEEN)
        if plan is _UNSEEN:  # read once into a local: reviews in other threads may clear the dict meanwhile
            if len(self._plans) >= self._MAX_PLANS:
                self._plans.clear()
            plan = self._plans[word] = None if self._just(word) else self._starting_with(word)
        return plan

    def _just(self, word: str) -> bool:
        candidates = self.exact.get(word, [])
        return (len(candidates) == 1 and word.isascii() and candidates[0].lower() == word
                and not any(word.startswith(p) for p in self.prefixes))

    def _starting_with(self, word: str, exact: bool = True) -> re.Pattern[str]:
        """The vocabulary's pattern cut down to the terms that can begin with ``word``, in the same
        order: where the whole pattern would try every term, this tries the two or three that can match.
        Without ``exact``, only the prefix terms: what a longer word that starts with ``word`` gets."""
        chosen = set(self.exact.get(word, ()) if exact else ())
        chosen.update(t for p, group in self.prefixes.items() if word.startswith(p) for t in group)
        return vocabulary(tuple(t for t in self.terms if t in chosen))

    def prepare(self) -> None:
        """Make, before any letter asks, the plan of every word a term begins with, and the pattern of
        every word that only runs on from a prefix ("deployed" for ``deploy*``: the prefix terms that
        it starts with, the same for each such word). A letter new to the engine otherwise compiled a
        pattern for each of its words no letter had met before (0.26 ms a letter on the bench's real
        letters)."""
        for word in self.exact:
            self.plan(word)
        for prefix in self.prefixes:
            self.plan(prefix)
            self._starting_with(prefix, exact=False)


_MADE: weakref.WeakSet[Vocabulary] = weakref.WeakSet()  # for ``prepare_all``


def prepare_all() -> None:
    """Prepare every vocabulary made so far (a bot warming up: no member's review waits for a compile)."""
    for vocab in list(_MADE):
        vocab.prepare()


@lru_cache(maxsize=1024)
def lexicon(terms: tuple[str, ...]) -> Vocabulary:
    """The compiled vocabulary of ``terms``: rules with the same terms share it, and its matches."""
    return Vocabulary(terms)


def lexicon_of(rule: object, field: str) -> Vocabulary:
    """The compiled vocabulary of one of a rule's term lists (``terms``, ``decisions``...), made at its
    first use and kept with the rule, so a rule asking about every sentence neither copies nor hashes
    its terms again. A copy of the rule with another list (``model_copy``) gets its own."""
    kept: dict[str, tuple[object, Vocabulary]] = rule.__dict__.setdefault("_lexicons", {})
    terms = getattr(rule, field)
    found = kept.get(field)
    if found is None or found[0] is not terms:
        found = kept[field] = (terms, lexicon(tuple(terms)))
    return found[1]


def find_terms(letter: Letter, vocab: Vocabulary, span: Span | None = None) -> list[Span]:
    # One pass a letter per vocabulary, trying only the terms that can start with the word found at
    # each place (a dictionary lookup a word); rules then ask about sentences and paragraphs by bisection.
    cache = letter.__dict__.setdefault("_terms", {})
    index = cache.get(vocab)
    if index is None:
        index = cache[vocab] = indexed(_find(letter, vocab))
    return within(index, span)


def _find(letter: Letter, vocab: Vocabulary) -> list[Span]:
    exact, prefixes, words = vocab.exact, vocab.prefixes, words_of(letter)
    chosen = list(exact.keys() & words.keys())  # the order doesn't matter: the places are sorted below
    if prefixes:
        initials, groups = by_initials(letter), vocab.initials
        for two in groups.keys() & initials.keys():
            group = groups[two]
            chosen += [w for w in initials[two] if w.startswith(group) and w not in exact]
    # Each different word tried once: its places, kept where its term matches; then, in the letter's order,
    # a match that starts inside the one before is dropped, as one pass left to right would skip it.
    norm, found, plans = letter.norm, list[tuple[int, int]](), vocab._plans
    for word in chosen:
        plan = plans.get(word, _UNSEEN)  # the plan made for this word before, if any (a lookup, not a call)
        if plan is _UNSEEN:
            plan = vocab.plan(word)
        if plan is None:
            # The word is the term: the match is the word, unless a hyphen joins it to the word before ("non-I").
            n = len(word)
            found += [(i, i + n) for i in words[word] if i == 0 or norm[i - 1] != "-"]
        else:
            found += [(i, m.end()) for i in words[word] if (m := plan.match(norm, i))]
    found.sort()
    if any(map(gt, map(_END, found), map(_START, found[1:]))):  # rare: a term of two words, and a term inside it
        kept, end = [], 0
        for start, stop in found:
            if start >= end:
                kept.append((start, stop))
                end = stop
        found = kept
    return spans(found)


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


Index = tuple[list[Span], list[int], list[int]]


def indexed(spans: list[Span]) -> Index:
    """``spans`` (one pass's matches: in order, none overlapping, so their ends rise with their starts)
    with their starts and their ends, for ``within``."""
    return spans, list(map(_START, spans)), list(map(_END, spans))


def within(index: Index, span: Span | None) -> list[Span]:
    """The spans inside ``span``, found by bisection: rules ask about every sentence, so no rescans.
    Those that start in it end in order, so the ones that end in it too are a run of them."""
    spans, starts, ends = index
    if span is None:
        return spans
    lo = bisect_left(starts, span.start)
    return spans[lo:bisect_right(ends, span.end, lo, bisect_left(starts, span.end, lo))]


def distinct(letter: Letter, spans: list[Span]) -> list[Span]:
    """First occurrence of each different term, in order."""
    seen, out = set(), []
    for s in spans:
        key = _SPACES.sub(" ", letter.norm[s.start:s.end].lower())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
