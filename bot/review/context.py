"""Where words in a letter are not evidence of doing something.

A term inside a skills list, a heading, a template stub or a quoted advert names
a thing without saying the writer did it. Evidence rules read only the
sentences this module leaves them, and ignore terms inside quotation marks.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from itertools import accumulate, repeat
from operator import itemgetter

from .text import Letter, Span

_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u25cf\u25e6\u2013>]|\d{1,2}[.)])\s+")
_LIST_LABEL = re.compile(
    r"^\s*(?:[-*\u2022]\s*)?(?:key\s+|core\s+|technical\s+|relevant\s+|my\s+)?(?:skills?|tools?|technolog(?:y|ies)|"
    r"tech(?:nical)?\s+stack|stack|languages?|frameworks?|libraries|competenc(?:y|ies)|expertise|proficienc(?:y|ies)|"
    r"platforms?|software|certifications?|qualifications?|keywords)\b[^.!?\n]{0,30}:", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|we|my|our|me)\b")
# A token a template leaves behind: [Company], <Name>, {role}, XXX (not a link in brackets: "[https://...]").
_STUB = re.compile(r"\[(?!https?://|www\.)[^\[\]\n]{0,40}\]|<[A-Za-z][^<>\n]{0,40}>|\{[^{}\n]{0,40}\}|\b[Xx]{3,}\b")
_XXX = re.compile(r"[Xx]{3}")  # "xxx" in the lowered body: no other character lowers to an "x"
_QUOTE = re.compile(r"\"[^\"\n]{1,300}\"")
_START = itemgetter(0)  # a Span's start


def _line_text(letter: Letter, line: Span) -> str:
    return letter.norm[line.start:line.end]


def _non_evidence_lines(letter: Letter) -> list[Span]:
    """Headings, skills lists and the bullets under a list label."""
    out, in_list = [], False
    body = letter.body
    for line in letter.lines:
        if line.end <= body.start or line.start >= body.end:
            continue
        text = _line_text(letter, line)
        stripped = text.strip()
        if not stripped:
            in_list = False
            continue
        words = letter.words_in(line)
        bullet = bool(_BULLET.match(text))
        if _LIST_LABEL.match(text):
            out.append(line)
            in_list = stripped.endswith(":")
            continue
        if in_list and (bullet or words <= 8):
            out.append(line)
            continue
        in_list = False
        heading = words <= 8 and stripped[-1] not in ".!?,;" and not bullet
        # A bullet of bare names ("- Python, SQL, Airflow") is a list, not a description of work.
        bare_list = bullet and stripped.count(",") >= 2 and not _FIRST_PERSON.search(stripped)
        if (heading and not _FIRST_PERSON.search(stripped)) or stripped.endswith(":") or bare_list:
            out.append(line)
    return out


def evidence_sentences(letter: Letter) -> list[Span]:
    """The body's sentences that can hold evidence of the writer's own work."""
    cached: list[Span] | None = letter.__dict__.get("_evidence_sentences")
    if cached is not None:
        return cached
    excluded = _non_evidence_lines(letter)
    starts = [s.start for s in excluded]
    out: list[Span] = []
    body = letter.norm[letter.body.start:letter.body.end]
    # A stub needs a bracket or a run of x's: a body with neither is not searched a sentence at a time. (The x's
    # looked for in the lowered letter, with str.find: the pattern tried every character of the body.)
    lowered = letter.lowered
    stubs = any(mark in body for mark in "[<{") or (
        lowered.find("xxx", letter.body.start, letter.body.end) >= 0 if len(lowered) == len(letter.norm)
        else _XXX.search(body) is not None)
    for sentence in letter.sentences:
        i = bisect_right(starts, sentence.start) - 1
        if i >= 0 and excluded[i].start <= sentence.start < excluded[i].end:
            continue
        if stubs and _STUB.search(letter.norm, sentence.start, sentence.end):
            continue
        out.append(sentence)
    letter.__dict__["_evidence_sentences"] = out
    return out


def neighbours(letter: Letter) -> list[int]:
    """Indexes i of evidence sentences whose next one is in the same paragraph (one thought may span both)."""
    if "_neighbours" not in letter.__dict__:
        sentences = evidence_sentences(letter)
        letter.__dict__["_neighbours"] = [
            i for i, (a, b) in enumerate(itertools.pairwise(sentences))
            if "\n\n" not in letter.norm[a.end:b.start].replace(" ", "")]
    found: list[int] = letter.__dict__["_neighbours"]
    return found


def quoted(letter: Letter) -> list[Span]:
    """Text in double quotation marks: words quoted from an advert, not the writer's own claims."""
    if "_quoted" not in letter.__dict__:
        letter.__dict__["_quoted"] = [Span(m.start(), m.end()) for m in _QUOTE.finditer(letter.norm)]
    found: list[Span] = letter.__dict__["_quoted"]
    return found


def unquoted(letter: Letter, found: list[Span]) -> list[Span]:
    """The spans of ``found`` that no quotation holds."""
    return outside(found, quoted(letter))


def outside(found: list[Span], spans: list[Span]) -> list[Span]:
    """The spans of ``found`` that none of ``spans`` holds (``inside`` for each, in one sort and a
    bisection a span): a span is held when, of the spans that start at or before it, the one that
    reaches furthest reaches its end."""
    ordered = sorted(spans)
    starts = [s.start for s in ordered]
    reach = list(accumulate((s.end for s in ordered), max))
    return [s for s in found if (i := bisect_right(starts, s.start) - 1) < 0 or reach[i] < s.end]


def filed_by_sentence(norm: str, hits: list[Span], starts: list[int], ends: list[int]) -> dict[int, list[Span]]:
    """``hits`` filed, in their order, by the sentence their first word is in (the sentences' ``starts`` and
    ``ends``, in order), each only if it ends in that sentence too. The sentences are found by bisection
    mapped in C, not by a line of Python a hit: a frame's actor ("I", "we") has a hundred hits a letter. A few
    hits (most roles in a letter) are filed one by one in Frame.claims: three passes in C cost more than that
    below eight."""
    filed: dict[int, list[Span]] = {}
    at = list(map(_START, hits))
    try:
        spaced = any(map(str.isspace, map(norm.__getitem__, at)))
    except IndexError:  # an empty hit at the very end: none is made, but the slices below take it as it is
        spaced = True
    if spaced:
        # rare: a hit that takes the white space before its first word ("^\s*Dear Acme team" may start on the
        # blank line above the salutation, inside the header): filed where its first word is
        at = [s.start + len(piece := norm[s.start:s.end]) - len(piece.lstrip()) for s in hits]
    for hit, i in zip(hits, map(bisect_right, repeat(starts), at), strict=True):
        if i and hit.end <= ends[i - 1]:
            filed.setdefault(i - 1, []).append(hit)
    return filed
