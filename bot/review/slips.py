"""Slips two edits from a known word that spelling is hardest on: a consonant doubled or undoubled twice, or once
with a vowel for a vowel ("proffesional", "neccesary", "occurance"). Kept apart from the checker (spelling.py),
which asks only when no word is one edit away."""
from __future__ import annotations

from collections.abc import Iterator

from .dictionary import Words

VOWELS = frozenset("aeiou")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")


def two_slips(word: str, words: Words) -> str | None:
    """A long word two slips from a known one, when one slip is a consonant doubled or undoubled and the other
    another such, or a vowel for a vowel inside the word: "proffesional", "neccesary", "reccomend", "occurance",
    the slips spelling is hardest on. Nothing nearer than that: asked only when no word is one edit away.
    Other slips two edits away ("funders" and "founders", a vowel left in or out) are too often words of
    the writer's trade, and a short word has too many neighbours two edits away to tell which was meant."""
    if not 8 <= len(word) <= 24:  # a longer word costs the square of its length here and is no word
        return None
    edits = {fixed for once in _doublings(word) for fixed in (*_doublings(once), *_vowels(once))}
    found = {fixed for fixed in edits if fixed != word and len(fixed) >= 8 and fixed in words}
    return max(sorted(found), key=words.__getitem__) if found else None  # the commonest; a tie alphabetical


def _doublings(word: str) -> Iterator[str]:
    """``word`` with one consonant doubled, or one doubled consonant single."""
    for i, c in enumerate(word):
        if c not in _CONSONANTS:
            continue
        if word[i + 1:i + 2] == c:
            yield word[:i] + word[i + 1:]
        elif word[i - 1:i] != c:
            yield word[:i + 1] + c + word[i + 1:]


def _vowels(word: str) -> Iterator[str]:
    """``word`` with one vowel inside it (not its first or last letter) in place of another."""
    for i in range(1, len(word) - 1):
        if word[i] in VOWELS:
            for v in VOWELS - {word[i]}:
                yield word[:i] + v + word[i + 1:]
