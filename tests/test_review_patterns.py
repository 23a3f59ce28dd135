"""A guide's pattern is tried only where a match can start (after the words it begins with, at line
starts, after a full stop, at a doubled word, before an 's): the places read from the pattern must
hold every match, so the scan finds exactly what ``finditer`` finds over the whole text."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.guides import GuideLibrary
from bot.review.patterns import compiled, scan
from bot.review.text import Letter

LETTERS = sorted((Path(__file__).parent / "letters").glob("*.txt"))
# Shapes the letters may not hold: case and Unicode around doubled words, names with "&" and "-"
# before an 's, marks before a capitalised verb, a line that is only a placeholder.
EDGES = [
    "I am the The best. Had had that that so \u017fo ok \u212ak \u0130t it \u0131 i.\nthe\nthe",
    "Ab-Cd's mission. x&Yz's team, The's work and M&S's product; 'S Foo'S platform.\n-Monzo's app",
    "Cut costs. Reduced latency! * Built it? \u2022 Led them.\nShipped\n  Dear Monzo team\n(your full name)\n",
    "D\u00e9j\u00e0 vu vu, caf\u00e9 caf\u00e9 \u00a3 10 10.",
    # a letter that case folding makes ASCII: "wr\u0131ting" is "writing" to re.IGNORECASE
    "I am wr\u0131ting to say I wi\u017fh to apply for it, by a factor of two.",
]


def _patterns() -> list[str]:
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in ("patterns", "alone", "unless") and isinstance(inner, list):
                    found.update(inner)
                elif key == "pattern" and isinstance(inner, str):
                    found.add(inner)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    library = GuideLibrary.load()
    for guide in library.guides.values():
        for rule in library.rules_for(guide):
            walk(rule.model_dump())
            found.update(rule.scanned())  # and what the YAML doesn't hold whole: the name-clash patterns, filled
    return sorted(found)


@pytest.fixture(scope="module")
def letters() -> list[Letter]:
    return [Letter(path.read_text(encoding="utf-8")) for path in LETTERS] + [Letter(text) for text in EDGES]


@pytest.mark.parametrize("pattern", _patterns())
def test_a_scan_finds_what_finditer_finds(letters, pattern):
    regex = compiled(pattern)
    for letter in letters:
        whole = [(m.start(), m.end()) for m in regex.finditer(letter.norm) if m.end() > m.start()]
        assert [(m.start(), m.end()) for m in scan(letter, pattern)] == whole, letter.text[:60]
        # and inside a part of the letter (rules scan a sentence or the body)
        a, b = len(letter.norm) // 3, 2 * len(letter.norm) // 3
        part = [(m.start(), m.end()) for m in regex.finditer(letter.norm, a, b) if m.end() > m.start()]
        assert [(m.start(), m.end()) for m in scan(letter, pattern, a, b)] == part, letter.text[:60]


def test_every_shipped_pattern_is_tried_only_where_it_can_start():
    """A pattern the anchor reader can't place is run over every character of the letter: a rewording
    that hides a pattern's start from the reader (a new branch between two words) makes it a full scan
    without changing a review. Those left are the ones that open with a literal mark, which the regular
    expression engine itself skips to; one that opens with a class of characters outside ASCII (emoji) is
    not scanned in a letter all in ASCII."""
    from bot.review.anchors import anchor_places, anchor_words
    unplaced = [p for p in _patterns() if anchor_words(p) is None and anchor_places(p) is None]
    assert all(p[0] == "<" or p[0] == "\\" and not p[1].isalnum() for p in unplaced), unplaced
    emoji = [p for p in _patterns() if p.startswith(("[\\U", "[\\u"))]
    assert emoji and all(anchor_places(p) == {"nonascii"} for p in emoji)
    assert anchor_places("[\u00e9\u212a]x") is None  # the Kelvin sign is a "k" to re.IGNORECASE


def test_a_pattern_that_opens_outside_ascii_finds_what_finditer_finds():
    """An emoji pattern: nothing in a letter all in ASCII, and what a full scan finds in one that isn't."""
    pattern = next(p for p in _patterns() if p.startswith(("[\\U", "[\\u")))
    for text in ("Dear team, I shipped it. Thanks!",
                 "Dear team \u2014 I shipped it \U0001F680\U0001F680. Thanks! \u2600"):
        letter = Letter(text)
        found = [(m.start(), m.end()) for m in scan(letter, pattern)]
        assert found == [(m.start(), m.end()) for m in compiled(pattern).finditer(letter.norm) if m.end() > m.start()]
    assert found


def test_a_vocabulary_matches_left_to_right_without_overlaps():
    """Terms are found as one pass left to right finds them: a term that starts inside a longer match
    ("learning" in "machine learning") is not found again, a hyphen joins a word to the one before."""
    from bot.review.terms import find_terms, lexicon
    letter = Letter("Machine learning, then learning; deep-learning and learning-to-rank, I've and I.")
    found = [letter.slice(s) for s in find_terms(letter, lexicon(("machine learning", "learning", "learning-to-rank",
                                                                      "I", "I've")))]
    assert found == ["Machine learning", "learning", "learning-to-rank", "I've", "I"]


def test_a_word_of_change_is_found_where_a_search_finds_it(letters):
    """figures.py looks for a word of change before a figure ("cut costs by 18%") only where such a word
    starts, and at the window's two ends, which may cut a word ("up" of "upsell" is a word to a search
    that ends there): every window of every labelled letter gives what ``search`` gives."""
    from bot.review import figures
    edges = [Letter("Sales went  up by 5%, and standby upsell rates rose.\nWe cut\ncosts 30%; \u017faved 10%."),
             Letter("Our upsell list. The downtime log. A bystander. Savings. A by-pass of 4.")]
    found = 0
    for letter, step in [*((letter, 3) for letter in letters[::4]), *((letter, 1) for letter in edges)]:
        norm = letter.norm
        for end in range(0, len(norm) + 1, step):
            for start in (max(0, end - 60), max(0, end - 7)):
                for regex in (figures._CHANGED_BEFORE, figures._CHANGED_JUST_BEFORE):
                    expected = regex.search(norm, start, end) is not None
                    assert figures._changed(letter, regex, start, end) == expected, (norm[start:end], regex.pattern)
                    found += expected
    assert found > 100  # the windows hold words of change, not only their absence
