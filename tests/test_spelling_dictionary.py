"""The spelling dictionary held as sorted words (a one-off review) answers as the dict a bot holds: the same
words, how common each is, the same edits and the same reviews."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot import disk_cache
from bot.review import engine, spelling
from bot.review.dictionary import Dictionary, SortedWords

TESTS = Path(__file__).resolve().parent
SLIPS = {"experience": "experiance", "developed": "developped", "similar": "similiar", "received": "recieved",
         "which": "whcih", "the": "teh", "models": "modles", "team": "taem", "independent": "independant"}


@pytest.fixture(scope="module")
def whole() -> Dictionary:
    return spelling._dictionary_of(spelling._checker())


@pytest.fixture(scope="module")
def held(whole) -> Dictionary:
    words = SortedWords.load(SortedWords.of(spelling._checker().word_frequency.dictionary).dump())
    assert words is not None
    return Dictionary(words, whole.letters, whole.longest, whole.accented)


def _asked(whole: Dictionary) -> list[object]:
    rng = random.Random(23)
    words = sorted(whole.words)
    picked = rng.sample(words, 20_000)
    return [*picked, *(w + "s" for w in picked[:3000]), *(w[:-1] for w in picked[:3000]),
            *(w.upper() for w in picked[:500]),
            words[0], words[-1], words[0][:-1] if len(words[0]) > 1 else "", words[-1] + "z", "", "\n", "a\nb",
            "zzzzzzzz", "\u00e9t\u00e9", "na\u00efve", 7, None]


def test_sorted_words_know_what_the_dict_knows(whole, held):
    known = 0
    for word in _asked(whole):
        assert (word in held.words) == (word in whole.words), word
        if isinstance(word, str):
            assert held.words.get(word, -1) == whole.words.get(word, -1), word
            known += word in whole.words
    assert known > 20_000
    assert all(held.words[w] == whole.words[w] for w in ("the", "experience", "python"))
    with pytest.raises(KeyError):
        held.words["experiance"]


def test_edits_and_checks_are_the_libraries(whole):
    checker = spelling._checker()
    rng = random.Random(29)
    words = [*rng.sample(sorted(whole.words), 2000), "developping", "teh", "nan", "Inf", "3.5", "1e9", "!", "",
             "a" * (whole.longest + 4), "caf\u00e9", "Whcih"]
    for word in words:
        assert whole.edits(word) == checker.edit_distance_1(word), word
        assert whole.should_check(word) == checker._check_if_should_check(word), word


def test_known_edits_are_the_librarys_edits_that_are_words(whole, held):
    """Made without the edits that put an accented letter in, the words one edit away are still the checker's:
    every accented word's ASCII near misses (its accented letter left out or made plain), slips of other words,
    and words the checker edits whole (accented ones, numbers, marks)."""
    checker = spelling._checker()
    words = checker.word_frequency.dictionary
    rng = random.Random(31)
    plain = [c for c in whole.letters if c.isascii()]
    asked = ["teh", "cafe", "naive", "resume", "facade", "", "'", "3.5", "nan", "!", "a" * (whole.longest + 4),
             "caf\u00e9", "Na\u00efve", "CAFE", "Teh"]
    for word in sorted(w for w in words if not w.isascii()):
        at = next(i for i, c in enumerate(word) if not c.isascii())
        asked += [word[:at] + word[at + 1:], word[:at] + rng.choice(plain) + word[at + 1:]]
    for word in rng.sample(sorted(words), 3000):
        at = rng.randrange(len(word))
        asked += [word[:at] + word[at + 1:], word[:at] + rng.choice(plain) + word[at:], word]
    accented_met = 0
    for word in asked:
        expected = checker.edit_distance_1(word) & words.keys()
        assert whole.known_edits(word) == expected, word
        accented_met += any(not w.isascii() for w in expected)
    for word in asked[::7]:
        assert held.known_edits(word) == checker.edit_distance_1(word) & words.keys(), word
    assert accented_met > 300  # the accented words were asked for, and found by the index


def test_a_review_is_the_same_with_either(library, monkeypatch, tmp_path):
    """Every labelled letter, and each with slips put in, reviewed with the dict and with the sorted words."""
    letters = [p.read_text(encoding="utf-8") for p in sorted((TESTS / "letters").glob("*.txt"))]
    letters += [" ".join(SLIPS.get(w, w) for w in text.split(" ")) for text in letters[:8]]
    guide = library.guides["ml-engineer"]
    rules = library.rules_for(guide)

    def reviews() -> list[dict]:
        for cached in (spelling._dictionary, spelling.known, spelling.correction):
            cached.cache_clear()
        return [engine.review(text, guide.id, rules).to_dict() for text in letters]
    monkeypatch.setattr(disk_cache, "folder", None)
    with_dict = reviews()
    assert isinstance(spelling.english_words(), dict)
    whole = spelling._dictionary_of(spelling._checker())
    held = (whole.letters, whole.longest, whole.accented,
            *SortedWords.of(spelling._checker().word_frequency.dictionary).dump())
    monkeypatch.setattr(spelling, "_one_off", True)
    monkeypatch.setattr(disk_cache, "folder", tmp_path)
    monkeypatch.setattr(disk_cache, "cached", lambda family, parts, build, kind: held if family == "dictionary"
                        else build())
    try:
        with_sorted = reviews()
        assert isinstance(spelling.english_words(), SortedWords)
    finally:
        for cached in (spelling._dictionary, spelling.known, spelling.correction):
            cached.cache_clear()
    assert with_sorted == with_dict
    assert sum("style.spelling" in str(r) for r in with_dict) >= 8  # the slips were found


def test_a_broken_file_is_not_used():
    assert SortedWords.load(("x", ["a"], b"", b"")) is None
    assert SortedWords.load(["not", "a", "tuple"]) is None
    good = SortedWords.of({"alpha": 3, "beta": 5})
    assert "beta" in good and good.get("beta", 0) == 5 and "gamma" not in good
    assert SortedWords.load(good.dump()) is not None
    with pytest.raises(ValueError):
        SortedWords.of({"two\nlines": 1})


def test_with_no_cache_folder_a_one_off_review_holds_the_dict(monkeypatch):
    """Sorting the words is worth it only where they are kept for the next review."""
    monkeypatch.setattr(disk_cache, "folder", None)
    monkeypatch.setattr(spelling, "_one_off", True)
    spelling._dictionary.cache_clear()
    try:
        assert isinstance(spelling.english_words(), dict)
    finally:
        spelling._dictionary.cache_clear()
