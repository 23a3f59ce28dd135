"""Misspelt words, checked against pyspellchecker's shipped English dictionary.

The dictionary (about 160,000 words) is loaded once, the first time a letter is
checked, and only membership is asked per word, so a review stays fast. The
dictionary is American; a British spelling is accepted when its American form
is known ("colour", "organisation", "modelling", "programme").
"""
from __future__ import annotations

import re
from functools import lru_cache

# British endings and their American forms, tried one at a time and all together.
_BRITISH = (
    (re.compile(r"our(?=s?$|ed$|ing$|ite|able|ful|less|er$|ers$)"), "or"),
    (re.compile(r"is(e|es|ed|ing|ation|ations|ational|er|ers)$"), r"iz\1"),
    (re.compile(r"isation"), "ization"),
    (re.compile(r"ys(e|es|ed|ing|er|ers)$"), r"yz\1"),
    (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"mme(s?)$"), r"m\1"),
    (re.compile(r"([aeiou])ll(ed|ing|er|ers|ation)$"), r"\1l\2"),
    (re.compile(r"ence$"), "ense"),
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
}


@lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker  # loaded on first use: it reads a compressed word list
    return SpellChecker(language="en", distance=1)


@lru_cache(maxsize=4096)
def known(word: str) -> bool:
    """``word`` is lower case."""
    words = _checker().word_frequency.dictionary
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


def correction(word: str) -> str | None:
    """The likeliest correction one edit away, if there is one (only asked for words already flagged)."""
    fixed = _checker().correction(word)
    return fixed if fixed and fixed != word else None
