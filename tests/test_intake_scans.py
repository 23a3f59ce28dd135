"""The checks a review worker makes around each review (is it a letter, is it code, is it the advert, its
fingerprint) are written for speed; each must decide exactly as its plain form does."""
from __future__ import annotations

import random
import re

import pytest

from bot.advert import intake as advert_intake
from bot.review import code
from bot.review_records import letter_fingerprint

from .conftest import ADVERT

# The plain forms: what the fast ones replaced.
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|my|me)\b")
ADVERT_VOICE = re.compile(r"\b(you|your|you'll|you're|we|we're|our|us|the candidate|the role|this role|"
                          r"responsibilities|requirements|apply)\b", re.I)
CODE_LINE = re.compile(
    r"^\s*(" + code._KEYWORD_LINE + r")"
    r"|^\s*[A-Za-z_][\w.]*(\[[^\]]*\])?\s*(:\s*[\w\[\], |.]+)?\s*[-+*/|&]?=(?!=)\s*\S"
    r"|^\s*[A-Za-z_][\w.]*\(.*\)\s*;?\s*$"
    r"|[;{]\s*$"
    r"|^\s*[}\])]+[)\]};,]*\s*$"
    r"|^\s*[(\[{].*[)\]}]\s*,\s*$"
    r"|^\s*</?\w+[^>]*>\s*$"
)

PIECES = ["I", "i", "I'm", "I've", "my", "me", "MY", "Me", "you", "YOU", "Your", "you'll", "you're", "we", "We're",
          "our", "us", "US", "u\u017f", "\u0130", "\u0131", "the", "The candidate", "the role", "THIS ROLE", "this",
          "role", "responsibilities", "Requirements", "apply", "apply.", "\u00e9", "_", "1", " ", "  ", "'", "-", ".",
          "\n", "x", "a", "s", "e", "yours", "myself", "ours", "ww"]


def _texts(n: int) -> list[str]:
    rng = random.Random(15)
    return [ADVERT] + ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(n)]


def test_the_first_persons_and_the_adverts_voice_are_found_where_the_plain_patterns_find_them():
    for text in _texts(20_000):
        assert [m.span() for m in advert_intake._FIRST_PERSON.finditer(text)] == \
            [m.span() for m in FIRST_PERSON.finditer(text)], text
        assert [m.span() for m in advert_intake._ADVERT_VOICE.finditer(text)] == \
            [m.span() for m in ADVERT_VOICE.finditer(text)], text


def test_no_character_but_their_two_cases_matches_the_adverts_voices_first_letters_ignoring_case():
    every = "".join(map(chr, range(0x110000))).replace("\n", "")
    assert sorted(set(re.findall("[ywoutra]", every, re.I))) == sorted("ywoutraYWOUTRA")


@pytest.mark.parametrize("line", [
    "def review(letter):", "  return x;", "x = 1", "print(x)", "}", "  ]);", "  (1, 2),", "<div>", "if a:",
    "I led the team; we shipped it", "Dear Ms Patel,", "a {", "Skills: Python, SQL", "x == 1", "  ", "",
    "import numpy as np", "@app.route('/')", "const x = {", "Yours sincerely,", "value = ", "\u00a0\u00a0foo()",
])
def test_a_line_is_code_exactly_when_the_plain_pattern_says_so(line):
    assert bool(code._CODE_OPENS.match(line) or code._CODE_ENDS.search(line)) == bool(CODE_LINE.search(line))


@pytest.mark.parametrize("text", [
    "Dear team,\n\n I  apply.\u00a0\u2003Thanks\r\n", "  lead\tand trail  ", "", " ", "e\u0301t\u00e9 \u2028x\x1c",
    ADVERT,
])
def test_the_fingerprint_is_of_the_text_with_its_whitespace_made_single_spaces(text):
    import hashlib
    import unicodedata
    plain = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    assert letter_fingerprint(text) == hashlib.sha256(plain.encode("utf-8")).hexdigest()


SPLIT_PIECES = ["word", "Don't", "end-to-end", "_x1", "9", "\u00e9t\u00e9", "\u0130", " ", "\t", "\r\n", "\r", "\n",
                "\u00a0", "\u2009", "\u202f", "\u2018", "\u2019", "\u201c", "\u201d", "\u2028", "\u2029", "\x00",
                "\x0b", "\x0c", "\x1f", "\x7f", "\ufffd", ".", ",", "'", "-", "def f():", "Dear Ms Patel,"]


def test_a_letters_tokens_are_the_runs_of_word_characters_screening_counts():
    # Screening (intake.refusal) reads the words a review's Letter splits, as long as normalising the text replaces
    # no word character and brings none in: checked for every character normalise touches, and on fuzz.
    from bot.review.text import _SAME_LENGTH, _STRAY, Letter
    stray = [c for c in map(chr, range(0x110000)) if _STRAY.match(c)]
    for char in [*_SAME_LENGTH, *_SAME_LENGTH.values(), *stray, "\r", " ", "\n"]:
        assert not re.match(r"\w", char), repr(char)
    rng = random.Random(16)
    for text in [ADVERT] + ["".join(rng.choice(SPLIT_PIECES) for _ in range(rng.randint(0, 40))) for _ in range(5_000)]:
        assert Letter(text).tokens[0][1::2] == re.findall(r"\w+", text), repr(text)


def test_screening_with_the_letter_read_refuses_exactly_what_screening_the_text_refuses():
    from bot.review import intake
    from bot.review.text import Letter

    from .conftest import ROOT
    texts = [p.read_text(encoding="utf-8", errors="replace") for folder in ("tests/letters", "tests/adverts", "guides")
             for p in sorted((ROOT / folder).rglob("*")) if p.is_file() and "held-out" not in p.parts
             and p.suffix in (".txt", ".md", ".yaml")]
    rng = random.Random(16)
    texts += ["".join(rng.choice(SPLIT_PIECES) for _ in range(rng.randint(0, 120))) for _ in range(2_000)]
    texts += [" ".join(["bonjour le monde"] * 20), "x " * 39, "x " * 40, "def f():\n    return 1\n" * 5]
    reasons = []
    for text in texts:
        expected = intake.refusal(text)
        assert intake.refusal(text, Letter(text)) == expected, text[:80]
        reasons.append(expected and expected[0])
    assert {None, "too-short", "not-english", "code", "empty"} <= set(reasons)  # the word counts decided some
