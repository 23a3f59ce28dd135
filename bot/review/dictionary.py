"""The spelling dictionary's words, how common each is, and the edits one slip away from a word.

The words are held one of two ways. A long-running bot holds them in a dict (pyspellchecker's own), where a
word is looked up in a fraction of a microsecond; loading it makes 160,000 strings and hashes them all,
about a seventh of a one-off `shortlist review FILE`'s instructions. Such a review asks a few hundred words,
so it holds them as ``SortedWords``: all of them sorted in one string, loaded from the cache folder as a few
objects, and searched by bisection (a microsecond or two a word). Both answer the same for every word.
"""
from __future__ import annotations

import string
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from itertools import filterfalse
from typing import NamedTuple, Protocol

OFFSET, COUNT = "L", "q"  # array types: where a word starts in the string; how common it is


class Words(Protocol):
    """What the spelling checks ask of the words: a dict[str, int] is one."""

    def __contains__(self, word: object) -> bool: ...

    def get(self, word: str, default: int, /) -> int: ...

    def __getitem__(self, word: str) -> int: ...


class SortedWords:
    """The words sorted, each after a newline, in one string (and a newline at its end); ``heads``: the first
    word of each block of BLOCK words, ``marks``: where each block starts in the string; ``counts[i]``: how
    common the i-th word is. A word is found by bisection among the heads (in C), then in its block's few
    hundred characters (str.find, in C): about a microsecond."""

    BLOCK = 64

    def __init__(self, text: str, heads: list[str], marks: array[int], counts: array[int]):
        self.text, self.heads, self.marks, self.counts = text, heads, marks, counts

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> SortedWords:
        ordered = sorted(counts)
        if any("\n" in word for word in ordered):
            raise ValueError("a word with a newline in it can't be held so")
        marks, at = array(OFFSET), 0
        for i, word in enumerate(ordered):
            if i % cls.BLOCK == 0:
                marks.append(at)
            at += len(word) + 1
        return cls("\n" + "\n".join(ordered) + "\n", ordered[::cls.BLOCK], marks,
                   array(COUNT, (counts[w] for w in ordered)))

    def _find(self, word: object) -> int:
        """The word's place among the words, or -1."""
        if not isinstance(word, str) or "\n" in word:
            return -1
        block = bisect_right(self.heads, word) - 1
        if block < 0:
            return -1
        text, marks = self.text, self.marks
        start = marks[block]
        end = marks[block + 1] + 1 if block + 1 < len(marks) else len(text)  # with the newline after its last word
        at = text.find(f"\n{word}\n", start, end)
        return -1 if at < 0 else block * self.BLOCK + text.count("\n", start, at)

    def __contains__(self, word: object) -> bool:
        return self._find(word) >= 0

    def get(self, word: str, default: int, /) -> int:
        i = self._find(word)
        return self.counts[i] if i >= 0 else default

    def __getitem__(self, word: str) -> int:
        i = self._find(word)
        if i < 0:
            raise KeyError(word)
        return self.counts[i]

    def dump(self) -> tuple[str, list[str], bytes, bytes]:
        return self.text, self.heads, self.marks.tobytes(), self.counts.tobytes()

    @classmethod
    def load(cls, saved: object) -> SortedWords | None:
        """From ``dump()``'s tuple; None when it is anything else."""
        if not (isinstance(saved, tuple) and len(saved) == 4 and isinstance(saved[0], str)
                and isinstance(saved[1], list) and isinstance(saved[2], bytes) and isinstance(saved[3], bytes)):
            return None
        marks, counts = array(OFFSET), array(COUNT)
        marks.frombytes(saved[2])
        counts.frombytes(saved[3])
        if len(marks) != len(saved[1]) or len(marks) != -(-len(counts) // cls.BLOCK):
            return None
        return cls(saved[0], saved[1], marks, counts)


Accented = dict[str, tuple[tuple[str, int], ...]]


def accented_index(words: Iterable[str]) -> Accented:
    """Each word that holds one accented letter (one not ASCII: ``str.isascii`` tells it without reading a word),
    by what it is without that letter, with where the letter stood. A word with two is never one edit from a
    word with none, so it is left out."""
    index: dict[str, list[tuple[str, int]]] = {}
    for word in filterfalse(str.isascii, words):
        places = [i for i, c in enumerate(word) if not c.isascii()]
        if len(places) == 1:
            index.setdefault(word[:places[0]] + word[places[0] + 1:], []).append((word, places[0]))
    return {key: tuple(found) for key, found in index.items()}


class Dictionary(NamedTuple):
    words: Words
    letters: str  # every letter of its words, sorted: what an edit may put in
    longest: int  # its longest word's length
    accented: Accented  # accented_index(words)

    def should_check(self, word: str) -> bool:
        """pyspellchecker's ``_check_if_should_check``: not a mark, a number or a word far too long."""
        if len(word) == 1 and word in string.punctuation:
            return False
        if len(word) > self.longest + 3:
            return False
        if word.lower() in ("nan", "inf", "infinity"):
            return True
        try:
            float(word)
            return False
        except ValueError:
            return True

    def edits(self, word: str) -> set[str]:
        """pyspellchecker's ``edit_distance_1``: every string one letter left out, swapped, changed or added
        away from the word (in lower case), with the dictionary's letters."""
        word = word.lower()
        if not self.should_check(word):
            return {word}
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        letters = self.letters
        return {*(a + b[1:] for a, b in splits if b), *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
                *(a + c + b[1:] for a, b in splits if b for c in letters),
                *(a + c + b for a, b in splits for c in letters)}

    def known_edits(self, word: str) -> set[str]:
        """``edits(word)`` that are words. For a word in ASCII, the edits that put an accented letter in (19 of
        the English dictionary's 45 letters, about 40% of the edits, for the 375 words that hold one) are not
        made: the accented words are looked up by what they are without their accented letter, which is the
        word itself (a letter put in) or the word without one of its letters (a letter replaced)."""
        words = self.words
        lowered = word.lower()
        if not lowered.isascii() or not self.should_check(lowered):
            edits = self.edits(word)
        else:
            splits = [(lowered[:i], lowered[i:]) for i in range(len(lowered) + 1)]
            deletes = [a + b[1:] for a, b in splits if b]
            plain = [c for c in self.letters if c.isascii()]
            edits = {*deletes, *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
                     *(a + c + b[1:] for a, b in splits if b for c in plain),
                     *(a + c + b for a, b in splits for c in plain)}
            accented = self.accented
            edits.update(found for found, _ in accented.get(lowered, ()))  # an accented letter put in
            for i, key in enumerate(deletes):  # the letter at i replaced by an accented one
                edits.update(found for found, at in accented.get(key, ()) if at == i)
        return edits & words.keys() if isinstance(words, dict) else {w for w in edits if w in words}
