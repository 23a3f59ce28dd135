"""Checks a paste before review: is it text, a sensible size, and a letter at all?

Each refusal is a kind, specific message; nothing is reviewed or stored.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..reply import plural
from .code import looks_like_code

if TYPE_CHECKING:
    from .text import Letter

MAX_CHARS = 10_000
MIN_WORDS = 40

# A page break (\x0c) or line tab (\x0b) is ordinary in text copied from a document; other control characters
# and U+FFFD (what undecodable bytes became) fill a file's raw bytes, while a letter holds one by accident at most.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_URL_ONLY = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.I)
_CV_HEADING = re.compile(r"^\s*(work experience|experience|employment( history)?|education|skills|"
                         r"technical skills|profile|personal statement|qualifications|certifications|"
                         r"projects|references|interests|achievements)\s*:?\s*$", re.I | re.M)
_WORD = re.compile(r"\w+")
# The commonest English words: about two words in five of any English letter, however technical, and
# almost none of a letter in French, Spanish or German (whose own "a", "on", "me" are the few they share).
# Enough to tell which language a letter is in without a language-identification model for one question.
_ENGLISH = frozenset(
    "the and to of a in i my for with is that you your have this was on as be at are it an by from will "
    "would me our am which not or can has been their we they also into more about how who what when "
    "where there these those than other work working team role experience".split())
ENGLISH_SHARE = 0.15


_GREETING = re.compile(r"^\s*(dear|hello|hi|to whom)\b", re.I | re.M)


def cv_sections(text: str) -> list[str]:
    """The CV section headings after the letter's greeting (Education, Experience...): two or more make a CV
    pasted after a letter. Headings above the greeting are a letterhead's, such as a CV builder's sidebar of
    skills read before the letter (trial 12 F42)."""
    greeting = _GREETING.search(text)
    return [m.group(1).capitalize() for m in _CV_HEADING.finditer(text, greeting.start() if greeting else 0)]


def looks_binary(text: str) -> bool:
    """Whether the text is the raw contents of a file rather than words: more than a stray few control
    characters or undecodable bytes."""
    return len(_CONTROL.findall(text)) > max(3, len(text) // 200)


def problem_with(text: str | None) -> str | None:
    """None when the text can be reviewed, else what to tell the member."""
    refused = refusal(text)
    return refused[1] if refused else None


def refusal(text: str | None, letter: Letter | None = None) -> tuple[str, str] | None:
    """None when the text can be reviewed, else (the reason in a word, for scripts; what to tell the member).
    ``letter``, the same text read for its review, lends its split into words: the review reuses it."""
    if text is None or not text.strip():
        return "empty", ("There's no letter here yet. Paste the text of your cover letter after `/review` "
                         "and I'll go through it with you.")
    if looks_binary(text):
        return "binary", ("This looks like the raw contents of a file (for example a PDF or Word document) rather "
                          "than text. Open the document, copy the letter's words, and paste those instead.")
    if len(text) > MAX_CHARS:
        return "too-long", (f"That's {len(text):,} characters, and I review up to {MAX_CHARS:,} (about 1,500 words). "
                            "A cover letter is usually well under 400 words, so it may help to trim it first, "
                            "or paste just the letter without the advert or your CV.")
    if _URL_ONLY.match(text):
        return "link", ("That's a link, and I can't open links. Paste the text of the letter itself and "
                        "I'll review it.")
    if looks_like_code(text):
        return "code", ("This looks like code rather than a cover letter. Paste the letter's text and I'll "
                        "review it against the guide.")
    if len(_CV_HEADING.findall(text)) >= 2 and not re.search(r"^\s*dear\b", text, re.I | re.M):
        return "cv", ("This looks like a CV rather than a cover letter (it has sections such as Experience "
                      "and Skills). I review cover letters; `/guide` shows what a strong one holds.")
    # Letter.tokens splits the text into the same runs of word characters: what its normal form replaces (curly
    # quotes, odd spaces, control characters) is no word character, and neither is what replaces it.
    words = _WORD.findall(text) if letter is None else letter.tokens[0][1::2]
    if len(words) < MIN_WORDS:
        return "too-short", (f"I can see {plural(len(words), 'word')}, which is too short to review "
                             f"fairly; I need at least {MIN_WORDS}. Paste the whole letter, from greeting to sign-off.")
    if sum(map(_ENGLISH.__contains__, map(str.lower, words))) < ENGLISH_SHARE * len(words):  # the loops in C
        return "not-english", ("This doesn't look like a letter in English, and my guides and checks are written "
                               "for English letters: I'd only mark your words as misspellings. If you have an "
                               "English version, paste that and I'll review it.")
    return None
