"""Checks a pasted advert before it is read: is it text, a sensible size, and an advert at all?

A problem here never stops the review: the letter is reviewed without the advert, and the member
is told, kindly, what was expected.
"""
from __future__ import annotations

import itertools
import re

from ..reply import plural
from ..review.intake import looks_binary
from ..review.text import SALUTATION, SIGNOFF

MAX_CHARS = 15_000
MIN_WORDS = 30

_WORD = re.compile(r"\w+")
# Where the advert's sentences end: a sentence is a run of 20 characters or more between these marks.
_SENTENCE_MARK = re.compile(r"[.!?\n]")
_CV_SECTION = re.compile(r"^\W*(work experience|employment( history)?|education|career history|profile|"
                         r"personal (profile|statement)|professional experience|references|interests|hobbies)\W*$",
                         re.I | re.M)
# "2019 - 2023", "Sep 2023 - present", "Jun 2021 \u2013 Aug 2023". "\b(19|20)" is tested after the first digit, so
# that sre scans for the digits rather than trying every character.
_DATE_RANGE = re.compile(r"(?:1(?<!\w1)9|2(?<!\w2)0)\d\d\s*[-\u2013\u2014to]+\s*([a-z]{3,9}\.?\s+)?"
                         r"((19|20)\d\d|present|now|current)\b", re.I)
# "I", "my", "me" and the advert's "you", "we", "the role"... as whole words ("I'm" and "you'll" count as "I" and
# "you"). Each pattern opens on the letters its words start with, and only then asks that no letter come before
# (where \b once opened it): re scans for those letters instead of trying every character of the text (these two
# counts were a sixteenth of a worker's review of a letter). _ADVERT_VOICE ignores case after its first letter,
# which is given in both cases (no other character matches those seven letters under re.I).
_FIRST_PERSON = re.compile(r"(?:I(?<!\wI)|m(?<!\wm)[ye])\b")
_ADVERT_VOICE = re.compile(r"[YyWwOoUuTtRrAa](?<!\w\w)(?i:(?<=y)ou|(?<=y)our|(?<=y)ou'll|(?<=y)ou're|(?<=w)e|"
                           r"(?<=w)e're|(?<=o)ur|(?<=u)s|(?<=t)he candidate|(?<=t)he role|(?<=t)his role|"
                           r"(?<=r)esponsibilities|(?<=r)equirements|(?<=a)pply)\b")

NO_ADVERT = "I've reviewed your letter without the advert."
SWAPPED = ("Your letter and the job advert look swapped: what you gave as the letter reads as a job advert, and "
           "what you gave as the advert reads as a cover letter. I haven't reviewed either. Give them the other "
           "way round, the letter first and then the advert, and I'll review your letter against the job.")


def problem_with(advert: str, letter: str | None = None) -> str | None:
    """None when the advert can be read, else what to tell the member (the review goes on without it)."""
    if not advert.strip():
        return ("The advert was empty. " + NO_ADVERT + " Paste the job advert's text to see how well your "
                "letter answers it.")
    if looks_binary(advert):
        return ("The advert looks like the raw contents of a file rather than text. " + NO_ADVERT +
                " Copy the advert's words from the job page and paste those instead.")
    if len(advert) > MAX_CHARS:
        return (f"The advert is {len(advert):,} characters and I read up to {MAX_CHARS:,}. " + NO_ADVERT +
                " Paste just the job's own text (the role, what you'll do, what they're looking for).")
    words = sum(1 for _ in itertools.islice(_WORD.finditer(advert), MIN_WORDS))  # enough to know
    if words < MIN_WORDS:
        return (f"The advert has {plural(words, 'word')}, too few to find what the job asks "
                f"for (I need at least {MIN_WORDS}). " + NO_ADVERT + " Paste the whole advert to compare them.")
    if letter and _mostly_in(advert, letter):
        return ("What you gave as the advert seems to be your letter again rather than the job advert. " + NO_ADVERT +
                " Paste the advert's text from the job page to compare them.")
    if _letter_like(advert):
        return ("That looks like a cover letter rather than a job advert. " + NO_ADVERT +
                " For the advert, give the job's own text: the role, what you'll do and what they ask for.")
    if (_at_least(_CV_SECTION, advert, 2) or _at_least(_DATE_RANGE, advert, 2)) and _first_person_leads(advert):
        return ("That looks like a CV rather than a job advert. " + NO_ADVERT +
                " For the advert, give the job's own text: the role, what you'll do and what they ask for.")
    return None


ADVERT_AS_LETTER = ("This reads as a job advert rather than a cover letter, so I haven't reviewed it. Give me your "
                    "letter to review, and the advert with it (at the terminal, `--advert FILE`; in the review form, "
                    "the advert box): I'll check how well the letter answers the job.")


def reads_as_advert(letter: str) -> bool:
    """The "letter" is a job advert given alone: not a letter (no salutation, the advert's "you" and "we"
    outnumber "I"), nothing else wrong with it as an advert, and read as one it asks for three things
    or more. The reader is loaded only for a text that gets that far."""
    if _first_person_leads(letter) or problem_with(letter) is not None:
        return False
    from .reader import read
    return len(read(letter).musts) >= 3


def swapped(advert: str, letter: str) -> bool:
    """The two given the wrong way round: the advert reads as a cover letter, and the letter as an advert
    (no salutation, the advert's "you" and "we" outnumber "I", and nothing else wrong with it as one)."""
    return (_letter_like(advert) and not _first_person_leads(letter)
            and problem_with(letter) is None)  # problem_with: not letter-like either


def _letter_like(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    greets = any(SALUTATION.match(ln) for ln in lines[:6])
    signs = any(SIGNOFF.match(ln) for ln in lines[-6:])
    # Who speaks (first person, or the advert's "you" and "we") is counted only when it decides.
    return (greets and signs) or (greets and _first_person_leads(text, strictly=True))


def _mostly_in(advert: str, letter: str) -> bool:
    """Whether most of the advert's sentences appear word for word in the letter (their words in lower case, one
    space apart). It stops as soon as the answer is known; a sentence of three words or more can only appear if its
    second word is one of the letter's words, looked up before the sentence is lowered and searched for (most of an
    advert's sentences are in no letter: this was half of ``problem_with``)."""
    sentences = [s for s in _SENTENCE_MARK.split(advert) if len(s) >= 20]
    if not sentences:
        return False
    words = letter.lower().split()
    text = " ".join(words)
    letter_words = set(words)
    need = len(sentences) // 2 + 1  # more than half
    found = missed = 0
    for sentence in sentences:
        split = sentence.split()
        if (len(split) < 3 or split[1].lower() in letter_words) and " ".join(split).lower() in text:
            found += 1
            if found == need:
                return True
        else:
            missed += 1
            if missed > len(sentences) - need:
                return False
    return False


def _at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    return sum(1 for _ in itertools.islice(pattern.finditer(text), n)) >= n


def _first_person_leads(advert: str, strictly: bool = False) -> bool:
    """Whether "I" and "my" outnumber (or, not strictly, match) the advert's own "you", "we" and "apply"."""
    first, voice = len(_FIRST_PERSON.findall(advert)), len(_ADVERT_VOICE.findall(advert))
    return first > voice if strictly else first >= voice

