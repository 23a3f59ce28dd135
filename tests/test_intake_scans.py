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
