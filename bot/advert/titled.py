"""The job as the letter names it: the advert's title, sentence by sentence, and the words the advert's title
line adds after it ("Data Analyst - Customer Insight"), echoed where the letter applies for the job."""
from __future__ import annotations

import re
from bisect import bisect_left

from ..review.text import Letter, Span
from .reader import Advert
from .vocabulary import Vocabulary
from .words import Key, Matcher, stem

APPLYING = re.compile(r"\b(?:apply|applying|application|role|position|post|vacancy|job|opening|opportunity)\b")


def between(keys: list[Key], starts: list[int], start: int, end: int) -> list[Key]:
    return keys[bisect_left(starts, start):bisect_left(starts, end)]


def named_title(advert: Advert, letter: Letter, vocabulary: Vocabulary, matcher: Matcher, letter_keys: list[Key],
                letter_starts: list[int]) -> list[list[Key]]:
    """The job named in the letter, as the words naming it, sentence by sentence; seniority and
    contract words are optional ("ML Engineer" is "Senior Machine Learning Engineer")."""
    if not advert.title:
        return []
    optional = {stem(w) for w in vocabulary.title_optional}
    wanted = {k.primary for k in matcher.keys(advert.title)} - optional - matcher.generic
    if not wanted:
        return []
    hits = [k for k in letter_keys if not wanted.isdisjoint(k.keys)]  # the title's words, wherever they are
    if not wanted <= set().union(*(k.keys for k in hits)):
        return []
    starts = [k.start for k in hits]
    named = []
    for sentence in letter.sentences_in(Span(0, len(letter.norm))):
        inside = between(hits, starts, sentence.start, sentence.end)
        if inside and wanted <= set().union(*(k.keys for k in inside)):
            named.append(inside)
    return named


TITLE_GAP = re.compile(r"[\s\-\u2013\u2014,:/(]*")  # what may stand between a title and the rest of its line


def title_tail(advert: Advert, matcher: Matcher) -> frozenset[str]:
    """The words the advert's title line adds after the title ("Customer Insight")."""
    text, title = advert.text, advert.title or ""
    at = text.find(title) if title else -1
    if at < 0:
        return frozenset()
    end = text.find("\n", at)
    return frozenset(k.primary for k in matcher.keys(text, at + len(title), len(text) if end < 0 else end,
                                                       content=True))


def echo(at: int, tail: frozenset[str], keys: list[Key], starts: list[int], norm: str) -> list[Key]:
    """The letter's words straight after its title that go on as the advert's title line does."""
    out = []
    for k in keys[bisect_left(starts, at):]:
        if k.primary not in tail or TITLE_GAP.fullmatch(norm, at, k.start) is None:
            break
        out.append(k)
        at = k.end
    return out


def echo_before(at: int, tail: frozenset[str], keys: list[Key], starts: list[int], norm: str) -> list[Key]:
    """The letter's words straight before its title that the advert's title line adds: "the Lead Dental Nurse post"
    for "Dental Nurse (Lead)" (trial 15 F7: "Lead" met "supervising or training other nurses")."""
    out = []
    for k in reversed(keys[:bisect_left(starts, at)]):
        if k.primary not in tail or TITLE_GAP.fullmatch(norm, k.end, at) is None:
            break
        out.append(k)
        at = k.start
    return out


def end_of_sentence(low: str, at: int) -> int:
    end = low.find(". ", at)
    return len(low) if end < 0 else end
