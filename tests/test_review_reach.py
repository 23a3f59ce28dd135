"""A pattern that runs over several words to a second one (``\\b(the|this)\\s+([\\w-]+\\s+){0,3}(role|post)``) is
tried only at starts with that word ahead and nothing the pattern can't cross in between: every scan still
finds what ``finditer`` finds, on texts built from the patterns' own words and the marks that stop them."""
from __future__ import annotations

import random
import re

import pytest

from bot.review import patterns
from bot.review.patterns import compiled, scan
from bot.review.reach import reach_of
from bot.review.text import Letter
from tests.test_review_patterns import _patterns

REACHING = [p for p in _patterns() if reach_of(p) is not None]
FILLER = ["data", "senior", "new", "ML", "2024", "x-ray", "co-op", "I", "a", "an", "it's", "&", "(UK)", "[Title]"]
# "": two words run together ("start" "up"), as words and word beginnings do in a letter
MARKS = [" ", " ", " ", " ", "  ", "\n", "\n\n", ". ", ", ", "; ", ": ", "'", "-", "/", "! ", "? ", "\t", "\u2019", ""]


def test_the_long_patterns_have_a_word_to_reach():
    """The patterns that backtrack through several words at every "the" are the ones read for a second word:
    a rewording that hides it makes the scan try every start again, without changing a review."""
    assert len(REACHING) >= 60
    # the sentence's and the line's marks stop it; "role" is a whole word, "organi" a word's beginning
    assert reach_of(r"\b(the|this|your)\s+\[?([\w/&,()-]+\s+){0,8}(role|position|post)\b") == (
        ".!?:;", ("position", "post", "role"), ())
    assert reach_of(r"\b(an?|the)\s+([\w-]+\s+){0,3}(company|organi[sz]ation|start-?up)\b") == (
        ".!?:;", ("company",), ("organi", "start"))
    # no run of words between (the pattern fails at the second word by itself), or one that crosses anything
    assert reach_of(r"\b(each|every)\s+(roles|teams)\b") is None
    assert reach_of(r"\bthe\b.*\brole\b") is None
    # a word that may start inside another one ("\w*" before it) isn't one the word index holds
    assert reach_of(r"\bthe\s+([\w-]+\s+){0,3}\w*(role)") is None
    # a class that stops a letter in one case only: not worth telling
    assert reach_of(r"\bthe\s+([\w-]+\s+){0,3}(?-i:[^a])(role)") is None
    # all but a few marks: those stop it; a mark another part of the pattern takes doesn't
    assert reach_of(r"\byour\b(?:[^.!?\n]|\.\d){0,120}?\b(is|are)\b") == ("!?\n", ("are", "is"), ())
    # a pattern that crosses every mark but a comma: nothing to cut the letter at
    assert reach_of(r"\bthe\s+([^,]+\s+){0,3}(role)\b") is None


def _text(rng: random.Random, words: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(1, 40)):
        word = rng.choice(words)
        parts.append(word.capitalize() if rng.random() < 0.2 else word.upper() if rng.random() < 0.05 else word)
        parts.append(rng.choice(MARKS))
    return "".join(parts)


@pytest.mark.parametrize("pattern", REACHING)
def test_a_scan_with_a_word_to_reach_finds_what_finditer_finds(pattern):
    words = sorted({w for w in re.findall(r"[A-Za-z]{1,14}", pattern) if w not in "swdbSWDB"})
    words += [w + end for w in words[::3] for end in ("s", "ing")] + FILLER
    rng = random.Random(pattern)
    regex, matched, tried, skipped = compiled(pattern), 0, 0, 0
    for _ in range(150):
        letter = Letter(_text(rng, words))
        norm = letter.norm
        whole = [(m.start(), m.end()) for m in regex.finditer(norm) if m.end() > m.start()]
        assert [(m.start(), m.end()) for m in scan(letter, pattern)] == whole, norm
        a, b = len(norm) // 3, 2 * len(norm) // 3
        part = [(m.start(), m.end()) for m in regex.finditer(norm, a, b) if m.end() > m.start()]
        assert [(m.start(), m.end()) for m in scan(letter, pattern, a, b)] == part, norm
        matched += bool(whole)
        reach = patterns._plan(pattern).reach
        assert reach is not None
        kept = patterns._reaching(letter, reach, list(range(len(norm))))
        tried += len(norm)
        skipped += len(norm) - len(kept)
    assert skipped > tried // 5  # places are left out: the test tries the reach, not only the pattern
