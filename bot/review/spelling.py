"""Misspelt words, checked against pyspellchecker's shipped English dictionary.

The dictionary (about 160,000 words) is loaded once, the first time a letter is
checked, and only membership is asked per word, so a review stays fast. The
dictionary is American; a British spelling is accepted when its American form
is known ("colour", "organisation", "modelling", "programme").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .dictionary import Accented, Dictionary, SortedWords, Words, accented_index
from .slips import VOWELS, two_slips

if TYPE_CHECKING:
    from spellchecker import SpellChecker

# British endings and their American forms, tried one at a time and all together.
_BRITISH = (
    (re.compile(r"our(?=s?$|ed$|ing$|ite|able|ably|ful|less|er$|ers$|hood|al$|ally$|ism|ist|y$)"), "or"),  # savoury
    (re.compile(r"is(e|es|ed|ing|ation|ations|ational|er|ers)$"), r"iz\1"),
    (re.compile(r"isation"), "ization"),
    (re.compile(r"ys(e|es|ed|ing|er|ers)$"), r"yz\1"),
    (re.compile(r"(t|b|g|ch)re(s?)$"), r"\1er\2"),  # centre, fibre, calibre, meagre, ochre
    (re.compile(r"tr(ed|ing)$"), r"ter\1"),  # centred, centring
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"mme(s?)$"), r"m\1"),
    (re.compile(r"([aeiou])ll(ed|ing|er|ers|ation|ous|en)$"), r"\1l\2"),  # marvellous, woollen
    (re.compile(r"ence(s?)$"), r"ense\1"),  # licence, offences
    (re.compile(r"dgement"), "dgment"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe"), "e"),
    (re.compile(r"yse$"), "yze"),
    (re.compile(r"^scept"), "skept"),
    (re.compile(r"ogue$"), "og"),
)
# British words whose American form no ending rule reaches.
_IRREGULAR = {
    "maths": "math", "grey": "gray", "tyre": "tire", "tyres": "tires", "cheque": "check", "cheques": "checks",
    "kerb": "curb", "mould": "mold", "storey": "story", "ageing": "aging", "whilst": "while", "amongst": "among",
    "learnt": "learned", "spelt": "spelled", "enrolment": "enrollment", "fulfil": "fulfill", "fulfils": "fulfills",
    "aluminium": "aluminum", "practise": "practice", "practised": "practiced", "practising": "practicing",
    "plough": "plow", "manoeuvre": "maneuver", "draught": "draft", "pyjamas": "pajamas", "towards": "toward",
    "jewellery": "jewelry", "aeroplane": "airplane", "aeroplanes": "airplanes", "speciality": "specialty",
    "specialities": "specialties",
}


_one_off = False  # a one-off review: see hold_for_one_review


def hold_for_one_review() -> None:
    """This process makes one review (the command line's `review FILE`): the dictionary is held as sorted
    words (bot/review/dictionary.py), loaded in a fraction of the time a dict of them takes."""
    global _one_off
    _one_off = True


def _source() -> tuple[str, ...]:
    import spellchecker
    words = Path(spellchecker.__file__).with_name("resources") / "en.json.gz"
    stat = words.stat()
    return "en, distance 1", spellchecker.__version__, f"{words}\0{stat.st_size}\0{stat.st_mtime_ns}"


@lru_cache(maxsize=1)
def _checker() -> SpellChecker:
    """Loaded on first use. Reading the compressed word list takes several times as long as unpickling the
    loaded checker, which the command line keeps in its cache folder (bot/disk_cache.py)."""
    from spellchecker import SpellChecker

    from .. import disk_cache
    return disk_cache.cached("spelling", _source(), lambda: SpellChecker(language="en", distance=1), SpellChecker)


@lru_cache(maxsize=1)
def _dictionary() -> Dictionary:
    """The checker's words, letters and longest word: as its own dict, or, for a one-off review, as sorted words
    kept in the cache folder (built from the checker the first time)."""
    from .. import disk_cache
    if _one_off and disk_cache.folder is not None:  # with nowhere to keep them, sorting them only costs time
        def build() -> tuple[str, int, Accented, str, list[str], bytes, bytes]:
            checker = _checker()
            whole = _dictionary_of(checker)
            return (whole.letters, whole.longest, whole.accented,
                    *SortedWords.of(checker.word_frequency.dictionary).dump())
        saved = disk_cache.cached("dictionary", (*_source(), "accented"), build, tuple)
        words = SortedWords.load(saved[3:])
        if words is not None and isinstance(saved[0], str) and isinstance(saved[1], int) and isinstance(saved[2], dict):
            return Dictionary(words, saved[0], saved[1], saved[2])
    return _dictionary_of(_checker())


def _dictionary_of(checker: SpellChecker) -> Dictionary:
    frequency = checker.word_frequency
    return Dictionary(frequency.dictionary, "".join(sorted(frequency.letters)), frequency.longest_word_length,
                      accented_index(frequency.dictionary))


def english_words() -> Words:
    """The dictionary's words (lower case), for a direct membership test, with how common each is."""
    return _dictionary().words


@lru_cache(maxsize=4096)
def known(word: str) -> bool:
    """``word`` is lower case."""
    words = _dictionary().words
    if word in words:
        return True
    for stem in (word[:-2] if word.endswith("'s") else None, word.rstrip("'")):
        if stem and stem != word and stem in words:
            return True
    if _IRREGULAR.get(word, "") in words:
        return True
    combined = word
    for pattern, american in _BRITISH:
        variant = pattern.sub(american, word)
        if variant != word and variant in words:
            return True
        combined = pattern.sub(american, combined)
    return combined in words


def misspelt(word: str) -> str | None:
    """For a lower-case word: its likely correction when it looks like a slip, else None.

    A word is a slip when the dictionary doesn't know it and a known word is one edit away
    ("developping", "similarties"), or, for a long word, two doublings or a doubling and a vowel away
    ("proffesional", "occurance"). An unknown word with no near neighbour is more likely a term of
    the writer's field (neuraminidase) than a typo, and is left alone."""
    if known(word):
        return None
    fix = correction(word)
    if fix is None:
        return None if _derived(word, _dictionary().words) else doubled_twice(word)
    if _derived(word, _dictionary().words) and not _doubled(word, fix):
        return None  # "automations", "interpretably": a known word with an ending, not "equiped"
    if not _typed(word, fix):
        return None  # "tronc", "annum", "equina", "torics": a term of the trade one letter from a common word
    return fix


# Letters one key apart on a QWERTY keyboard, and pairs that sound or look alike ("sinergies", "intriques").
_KEYS = {key: (row, col + shift) for row, (keys, shift) in enumerate((("qwertyuiop", 0), ("asdfghjkl", .25),
                                                                    ("zxcvbnm", .75))) for col, key in enumerate(keys)}
_NEAR = frozenset({(a, b) for a, (ra, xa) in _KEYS.items() for b, (rb, xb) in _KEYS.items()
                   if a != b and abs(ra - rb) + (abs(xa - xb) >= 1) <= 1 and abs(xa - xb) <= 1}
                  | {("i", "y"), ("c", "s"), ("c", "k"), ("s", "z"), ("g", "q"), ("m", "n")})
# A vowel for another inside a word is the commonest slip of all, by sound ("experiance", "independant").


def _typed(word: str, fix: str) -> bool:
    """Whether ``word`` reads as ``fix`` typed with a slip. A letter left out, added or swapped is a slip
    wherever it falls; one letter in place of another is a slip only inside the word and with a key beside it,
    or a letter that sounds or looks alike: a word that differs from a common one in its first or last
    letter, or by a letter far from it, is more likely a word of the writer's trade (tronc, annum, macular
    is a letter added, but at the end of "macula") than a typo."""
    if len(word) == len(fix) + 1 and word[1:] == fix and word[0] != word[1]:
        return False  # a letter before a word makes a name of its own: "dask", "jquery", "gsuite", not "aask"
    if len(word) != len(fix):  # "macular" is a word of its own; "untill" a key held down
        return not (len(word) == len(fix) + 1 and word.startswith(fix)) or word[-1] == fix[-1]
    diff = [i for i in range(len(word)) if word[i] != fix[i]]
    if len(diff) != 1:
        return True  # two letters swapped ("albation")
    i = diff[0]
    pair = (word[i], fix[i])
    return 0 < i < len(word) - 1 and (pair in _NEAR or pair[::-1] in _NEAR or set(pair) <= VOWELS)


def _doubled(word: str, fix: str) -> bool:
    """``fix`` is ``word`` with one letter doubled: the slip in "equiped" and "developement"."""
    return len(fix) == len(word) + 1 and any(
        fix[i] == fix[i + 1] and fix[:i] + fix[i + 1:] == word for i in range(len(fix) - 1))


@lru_cache(maxsize=1024)
def doubled_twice(word: str) -> str | None:
    """A long word two slips from a known one (``slips.two_slips``), in the loaded dictionary: sorted words for
    a one-off review, so the checker itself isn't loaded for it."""
    return two_slips(word, _dictionary().words)


# Words a dictionary lists only in their base form: impactful, architected, automations, interpretably.
_SUFFIX = re.compile(r"(?:ful|ed|d|s|es|ize|ise|ized|ised|izing|ising|ability|ably|ing|er|ers|ly|ness|al)$")


def _derived(word: str, words: Words) -> bool:
    """A known word with a common ending (impactful, architected, automations)."""
    for m in _SUFFIX.finditer(word):
        stem = word[:m.start()]
        if len(stem) >= 4 and (stem in words or stem + "e" in words or stem + "able" in words):
            return True
    return False


def near_name(token: str, names: frozenset[str]) -> str | None:
    """A name from ``names`` one typing slip away from ``token`` ("JavaScrispt", "HTLML"), if any."""
    word = token.lower()
    if len(word) < 4 or word in names:
        return None
    index = _deletions(names)
    for variant in (word, *(word[:i] + word[i + 1:] for i in range(len(word)))):
        found = index.get(variant)
        if found and found != word and _one_slip(word, found):
            return found
    return None


def _one_slip(word: str, name: str) -> bool:
    """``word`` is ``name`` with one letter left out, added, changed or two swapped, and not ``name`` with
    letters after it, which makes a name of its own ("Kaggler", "Swifty"); two changes ("Pandya", "pandas")
    are a name of its own too."""
    if word.startswith(name):
        return False
    if len(word) == len(name):
        diff = [i for i in range(len(word)) if word[i] != name[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and word[diff[0]] == name[diff[1]] and word[diff[1]] == name[diff[0]])
    short, long_ = (word, name) if len(word) < len(name) else (name, word)
    i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    return short[i:] == long_[i + 1:]


@lru_cache(maxsize=8)
def _deletions(names: frozenset[str]) -> dict[str, str]:
    """Every name, and every name with one letter left out, pointing back to the name."""
    index: dict[str, str] = {}
    for name in sorted(names):
        if len(name) >= 4 and name.isalpha():
            index.setdefault(name, name)
            for i in range(len(name)):
                index.setdefault(name[:i] + name[i + 1:], name)
    return index


@lru_cache(maxsize=1024)
def correction(word: str) -> str | None:
    """The likeliest known word one edit away, if there is one (asked only of unknown words): one with
    the same letters but for accents first, then the commonest, as the checker's own ``correction``
    chooses, but a tie goes to the first in alphabetical order. The checker takes the first it meets in a
    set, whose order changes with each process's string hashing: "sortation" got "hortation" in one
    process and "sortition" in the next, and the same letter must always get the same review."""
    dictionary = _dictionary()
    candidates = _candidates(dictionary, word)
    if not candidates:
        return None
    plain = _plain(word)
    fixed = max(sorted(candidates), key=lambda c: (_plain(c) == plain, dictionary.words[c]))
    return fixed if fixed != word else None


def _candidates(dictionary: Dictionary, word: str) -> set[str] | None:
    """pyspellchecker's ``candidates(word)`` at distance 1, with the edits looked up in the dictionary all at
    once (a set intersection, in C, for a dict) instead of one by one through the checker's ``known``, which
    took four fifths of a new letter's spelling check. Its edits are lower case already (the word, and letters
    from the lower-case dictionary), so lowering each again, as ``known`` does, changes none of them."""
    words = dictionary.words
    should_check = dictionary.should_check
    lowered = word.lower()
    if lowered in words and should_check(lowered):
        return {word}  # as the checker's own short cut: the word is correct already
    if not should_check(word):
        return {word}
    found = {w for w in dictionary.known_edits(word) if should_check(w)}
    return found or None


def _plain(word: str) -> str:
    """The word without accents, as the checker compares them."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def variant_in(word: str, words: Collection[str]) -> str | None:
    """A different word of ``words`` one typing slip from ``word`` (a letter, a substitution or a swap):
    a name spelt two ways in one letter ("Cyber Innovatin Hub" beside "Cyber Innovation Hub")."""
    n, first = len(word), word[0]
    for other in words:  # the likeliest to fail first: a different first letter (the letter's words are never empty)
        if other[0] != first or abs(len(other) - n) > 1 or other == word or len(other) < 5:
            continue
        if len(other) == n:
            diff = [i for i in range(n) if other[i] != word[i]]
            if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and other[diff[0]] == word[diff[1]] and other[diff[1]] == word[diff[0]]):
                return other
        else:
            short, long_ = (word, other) if n < len(other) else (other, word)
            i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
            if short[i:] == long_[i + 1:]:
                return other
    return None


class Variants:
    """``variant_in`` asked about many words of one letter, in time linear in the letter: a variant
    shares its first letter and is at most one letter longer or shorter, so only those words are
    tried, and in a large group only those that share a word with one letter left out (every slip
    ``variant_in`` accepts leaves one). The first variant in the letter's order is the answer, as
    ``variant_in`` over all the words would give."""

    _SMALL = 48  # a group this size is tried word by word
    _FIRST = 4  # words asked about one by one over all words, before the groups are worth making

    def __init__(self, words: Collection[str]):
        self.words, self.asked = words, 0
        self.order: dict[str, int] = {}
        self.groups: dict[tuple[str, int], list[str]] = {}
        self.near: dict[tuple[str, int], dict[str, list[str]]] = {}

    def find(self, word: str) -> str | None:
        self.asked += 1
        if self.asked <= self._FIRST:  # most letters ask about a name or two
            return variant_in(word, self.words)
        if self.asked == self._FIRST + 1:
            long = [w for w in self.words if len(w) >= 5]
            self.order = {w: i for i, w in enumerate(long)}
            for w in long:
                self.groups.setdefault((w[0], len(w)), []).append(w)
        n, tried = len(word), []
        for size in (n - 1, n, n + 1):
            group = self.groups.get((word[0], size), [])
            if len(group) <= self._SMALL:
                tried += group
            else:
                near = self._near((word[0], size), group)
                tried += {o for key in _left_outs(word) for o in near.get(key, ())}
        tried.sort(key=self.order.__getitem__)
        return variant_in(word, tried)

    def _near(self, key: tuple[str, int], group: list[str]) -> dict[str, list[str]]:
        near = self.near.get(key)
        if near is None:
            near = self.near[key] = {}
            for w in group:
                for left in _left_outs(w):
                    near.setdefault(left, []).append(w)
        return near


def _left_outs(word: str) -> set[str]:
    """The word, and the word with each one letter left out."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}
