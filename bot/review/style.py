"""Style rules: stock phrases, a passage pasted twice, spelling slips."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, filterfalse
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .base import Finding, RuleBase, listed, valid_patterns
from .patterns import find_pattern, scan
from .spelling import Variants, english_words, known, misspelt, near_name
from .terms import find_terms, lexicon_of, lower_tokens, words_of
from .text import Letter, Span


class Density(RuleBase):
    """Too many stock phrases: ``min`` or more uses of ``terms``, or any one of the ``alone`` patterns."""
    type: Literal["density"]
    pattern_fields = ("alone",)
    terms: list[str] = Field(min_length=1)
    min: int = Field(default=3, ge=1)
    alone: list[str] = []

    @field_validator("alone")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        return valid_patterns(patterns)

    flags_presence: ClassVar[bool] = True

    def describe(self) -> str:
        return f"raises its point when the letter uses {self.min} or more of: {listed(self.terms)}"

    def check(self, letter: Letter) -> list[Finding]:
        hits = [h for h in find_terms(letter, lexicon_of(self, "terms"), letter.body) if not _in_a_name(letter, h)]
        alone = [s for p in self.alone for s in find_pattern(letter, p, letter.body)]
        if alone or len(hits) >= self.min:
            evidence = sorted(set(alone + hits), key=lambda s: s.start)
            return [self.issue(letter, evidence, count=len(evidence), match=letter.slice(evidence[0]))]
        return []


# A capitalised word beside a stock word, and what comes before it (a sentence's start is no name).
_NAME_BEFORE = re.compile(r"(?:^|[^.!?:\n\s]\s+)[A-Z][\w&-]* $")
_NAME_AFTER = re.compile(r" [A-Z][\w&-]*")


def _in_a_name(letter: Letter, hit: Span) -> bool:
    """A stock word inside a proper name is the name, not self-praise (the tenth batch: "the Villum Synergy
    Programme" is a research grant): capitalised, with a capitalised word beside it that doesn't open a sentence."""
    norm = letter.norm
    if not norm[hit.start:hit.start + 1].isupper():
        return False
    before = norm[max(0, hit.start - 40):hit.start]
    return bool(_NAME_BEFORE.search(before) and not before.rstrip().endswith((".", "!", "?", ":"))
                or _NAME_AFTER.match(norm, hit.end))


class RepeatedPassage(RuleBase):
    """A run of ``min_words`` or more words that appears again later in the letter."""
    type: Literal["repeated_passage"]
    min_words: int = Field(default=12, ge=4)
    # Repeats that make up this share of the letter's words or more (a letter pasted twice) weigh
    # ``large_weight`` at ``large_severity``: a slip of that size is not a style point.
    large_share: float = Field(default=1.0, gt=0, le=1)
    large_weight: int | None = Field(default=None, ge=0, le=50)
    large_severity: Literal["error", "warning", "suggestion"] | None = None

    def _large(self, letter: Letter) -> bool:
        if self.large_weight is None:
            return False
        repeats = self._repeats(letter)
        repeated = sum(letter.words_in(s) for s in repeats)
        return bool(repeats) and repeated >= self.large_share * max(1, letter.word_count)

    def points(self, letter: Letter) -> int:
        return self.large_weight if self.large_weight is not None and self._large(letter) else super().points(letter)

    def check(self, letter: Letter) -> list[Finding]:
        repeats = self._repeats(letter)
        if repeats:
            first = repeats[0]
            return [self.issue(letter, repeats, severity=self.large_severity if self._large(letter) else None,
                               count=len(repeats), words=letter.words_in(first),
                               match=" ".join(letter.slice(first).split()[:8]) + "\u2026", suggestion="")]
        return []

    def _repeats(self, letter: Letter) -> list[Span]:
        cache: dict[int, list[Span]] = letter.__dict__.setdefault("_repeated_passages", {})
        if self.min_words not in cache:
            cache[self.min_words] = self._find(letter)
        return cache[self.min_words]

    def _find(self, letter: Letter) -> list[Span]:
        n = self.min_words
        lower = letter.lowered
        if len(lower) == len(letter.norm) and not _may_repeat(lower_tokens(letter)[0], n):
            return []
        # Where each word starts and ends (two lists of offsets, not a pair a word: a long paste's working
        # set is what makes its review grow faster than its length), and the words in lower case, cut from
        # the lowered text in C (a slice each, no line of Python a word).
        starts, ends = letter.word_bounds
        words = list(map(lower.__getitem__, map(slice, starts, ends)))

        def runs() -> Iterator[tuple[str, ...]]:
            return zip(*(words[k:] for k in range(n)), strict=False)  # every run of n words, in order

        # Every word of a run that appears twice appears twice itself: without n words in a row that each
        # do, no run can repeat (a byte a word, 1 for a word seen once, searched in C). Most letters stop here.
        once = {w for w, k in Counter(words).items() if k == 1}
        if b"\x00" * n not in bytes(map(once.__contains__, words)):
            return []
        # Streamed, never held in a list: a paste of 40,000 characters has 20,000 runs.
        if len(set(runs())) == max(0, len(words) - n + 1):
            return []  # no run of n words appears twice (a set is made faster than a count)
        counts = Counter(runs())
        seen: dict[tuple[str, ...], int] = {}
        repeats: list[Span] = []
        after = 0
        # Only a run that appears more than once can repeat an earlier one; taken in order, skipping
        # what an earlier repeat already covers.
        for i, run in enumerate(runs()):
            if i < after or counts[run] < 2:
                continue
            j = seen.get(run)
            if j is not None and j + n <= i:
                k = n  # take the repeat whole, as far as it runs
                while i + k < len(words) and j + k < i and words[j + k] == words[i + k]:
                    k += 1
                repeats.append(Span(starts[i], ends[i + k - 1]))
                after = i + k
                continue
            seen.setdefault(run, i)
        return repeats


def _may_repeat(tokens: list[str], n: int) -> bool:
    """Whether some run of ``n`` tokens (the letter's runs of word characters, lower case) appears twice.
    A passage of ``n`` words repeated is a run of at least ``n`` tokens repeated, so without one there is
    nothing to look for; the tokens are split and lowered for the word index already, where cutting the
    words out again costs more than the whole answer. Each different token is one character of a string,
    so a run of ``n`` tokens is a slice of ``n`` characters, and the slices are compared in C."""
    counts = Counter(tokens)
    once = bytes(map((1).__eq__, map(counts.__getitem__, tokens)))  # 1 for a token seen once, 0 for the others
    if b"\x00" * n not in once:
        return False  # every token of a repeated run appears twice: no n such tokens in a row
    # Only the stretches of n or more such tokens can hold a repeated run (both of its copies), so only their
    # slices are compared: a letter's common words make a few short stretches, not a whole letter of slices.
    stretches = [tokens[m.start():m.end()] for m in _stretches(n).finditer(once)]
    code = {token: chr(i) for i, token in enumerate(dict.fromkeys(chain.from_iterable(stretches)))}
    seen: set[str] = set()
    for stretch in stretches:
        line = "".join(map(code.__getitem__, stretch))
        runs = {line[i:i + n] for i in range(len(line) - n + 1)}
        if len(runs) < len(line) - n + 1 or not seen.isdisjoint(runs):
            return True
        seen |= runs
    return False


@lru_cache(maxsize=8)
def _stretches(n: int) -> re.Pattern[bytes]:
    return re.compile(b"\x00{%d,}" % n)


class Slip(BaseModel):
    """A wrong-word slip no dictionary catches ("an great", "has lead"), and its fix."""
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built with the guide schema
    pattern: str
    suggestion: str | None = None  # may refer to the pattern's groups (\1); none where the fix isn't mechanical

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        return valid_patterns([pattern])[0]


def _standalone(norm: str, start: int, end: int) -> bool:
    """A word on its own: not part of an email, a path, a URL, a hyphenated compound or a contraction."""
    before = norm[start - 1] if start else " "
    after = norm[end:end + 2]
    return before not in "@/.\\-'" and not (after[:1] in "@/\\-'" and after[:1]) and after != ":/" and not (
        after[:1] == "." and after[1:2].isalnum())


class Spelling(RuleBase):
    """Misspelt words (pyspellchecker's English dictionary, British or American) and wrong-word slips.

    Capitalised words are names and are left alone; ``accept`` adds words such as technology names."""
    type: Literal["spelling"]
    accept: list[str] = []
    # Ordinary words of the trade the dictionary lacks ("cron", "lookups"): spelt right, but not names a
    # capitalised word could be a slip of, as the names in ``accept`` are ("JavaScrispt")
    words: list[str] = []
    slips: list[Slip] = []

    def scanned(self) -> Iterator[str]:
        return (slip.pattern for slip in self.slips)

    def check(self, letter: Letter) -> list[Finding]:
        accept = _accepted(tuple(self.accept))
        spelt = _accepted(tuple(self.words)) if self.words else accept
        hits: list[tuple[Span, str | None]] = []
        # From the salutation ("Dear Hiring Manger") to the end of the body; the signature is names.
        start = letter.salutation.start if letter.salutation else letter.body.start
        norm, end = letter.norm, letter.body.end
        # Each different word is looked up once; only the rare unknown ones are looked at where they stand.
        dictionary = english_words()
        index = words_of(letter)
        # Most words are in the dictionary as they stand: set aside at once, before the slower checks (the
        # dictionary asked word by word without a line of Python a word).
        for word in list(filterfalse(dictionary.__contains__, index)):
            starts = index[word]
            if len(word) < 3 or not word.isalpha() or word in accept or word in spelt or known(word) or (
                    word.endswith("s") and word[:-1] in accept):  # a name's plural: "Lakehouses"
                continue
            for at in starts:
                if at < start or not _standalone(norm, at, at + len(word)):
                    continue
                token = norm[at:at + len(word)]
                if token.islower() and at < end:
                    fix = misspelt(word)
                elif len(token) > 4 and at < end and near_name(token, accept):
                    fix = None  # a capitalised word is a name, unless one slip away from a known one ("JavaScrispt");
                    # a short word is its own name ("LLVM" is not a slip for "LLM", nor "Tata" for one)
                elif token[1:].islower() and (fix := _spelt_two_ways(letter, word, len(starts), index)):
                    fix = fix.capitalize()  # in the body or the signature: "Innovatin" beside "Innovation"
                elif (len(token) >= 7 and token[1:].islower() and letter.body.start <= at < end
                      and _capital_not_name(norm, at, at + len(word), len(starts)) and (fix := misspelt(word))):
                    fix = fix.capitalize()  # "Data Analaysis", "Latent Dirchlet", "Acheiving these features"
                else:
                    continue
                if fix or not token.islower():
                    hits.append((Span(at, at + len(word)), fix))
        # A word the dictionary and a slip both find is one slip, quoted once, with the slip's fix where it has
        # one: the guide's fix reads right in the sentence ("alot" is "a lot", where the dictionary says "lot").
        found, slipped = dict(hits), set()
        for slip in self.slips:
            for m in scan(letter, slip.pattern, start, letter.body.end):
                span = Span(m.start(), m.end())
                if span not in slipped and (slip.suggestion or span not in found):  # the first slip's fix
                    found[span] = m.expand(slip.suggestion) if slip.suggestion else None
                slipped.add(span)
        # A word misspelt inside a slip is one point, and the slip's fix spells it right too (trial 13 F2: "a
        # independant" was quoted with "independant" and its fix kept the slip: "an independant").
        for span, fix in [(s, f) for s, f in found.items() if s in slipped]:
            for inner, word_fix in [(s, f) for s, f in found.items() if s not in slipped and span.start <= s.start
                                    and s.end <= span.end]:
                del found[inner]
                if fix is not None and word_fix is not None:
                    fix = found[span] = fix.replace(letter.slice(inner), word_fix, 1)
        # A slip inside the employer's name as the advert spells it otherwise is advert.company's to say, once
        # (trial 12 F35: "Riverside Hospise" was raised as a spelling slip and as the employer misspelt).
        for name in letter.misspelt_employer_spans:
            found = {s: f for s, f in found.items() if not (name.start <= s.start and s.end <= name.end)}
        if not found:
            return []
        hits = sorted(found.items(), key=lambda h: h[0].start)
        first, fix = hits[0]
        return [self.issue(letter, [h[0] for h in hits], match=letter.slice(first), count=len(hits),
                           suggestion=fix)]


# Words that open a name or a sentence rather than sit inside a title: "At Freefly", "Dear Ms Lowther".
_NOT_TITLE = frozenset("a an the at as in on of for to by with from and or our my your their his her its this that "
                       "these those dear mr mrs ms miss dr prof sir madam".split())


def _capital_not_name(norm: str, start: int, end: int, count: int) -> bool:
    """A capitalised word that is a slip, not a name: inside a title of ordinary words, after one that is not a
    sentence's first ("Software Enginnering", "and Data Analaysis"), or opening a sentence, once in the letter,
    with a lower-case word after it ("Acheiving these features"). A name opens its run of capitals
    ("Harewood Park Academy") or recurs ("Freefly" six times)."""
    before = re.search(r"(?:^|(?<=[\s(]))([A-Z][a-z]+)[ \t]+$", norm[max(0, start - 30):start])
    if before is not None:
        prev = before.group(1)
        at = start - len(before.group(0))
        opens = re.search(r"(?:^|[.!?:\n]\s*)$", norm[max(0, at - 3):at]) is not None
        return not opens and prev.lower() not in _NOT_TITLE and known(prev.lower())
    opens = re.search(r"(?:^|[.!?]\s+)$", norm[max(0, start - 3):start]) is not None
    return opens and count == 1 and re.match(r"[ \t]+[a-z]", norm[end:end + 2]) is not None


def _spelt_two_ways(letter: Letter, word: str, count: int, index: dict[str, list[int]]) -> str | None:
    """The word this one slips from, when the letter spells it right elsewhere: a known word, or a name
    written more often the other way."""
    variants = letter.__dict__.get("_variants")
    if variants is None:
        variants = letter.__dict__["_variants"] = Variants(index)
    other = variants.find(word)
    # A name written the same way more often than its neighbour is a name ("Milano" twice beside "Milan").
    return other if other and len(index[other]) >= count and (known(other) or len(index[other]) > count) else None


@lru_cache(maxsize=64)
def _accepted(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)
