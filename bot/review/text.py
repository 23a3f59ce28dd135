"""Reads a pasted letter into parts the rules can reason about.

Every span is a pair of character offsets into the text exactly as submitted, so
that evidence quoted back is a true slice of the member's letter. Matching runs
on ``norm``: the same text with curly quotes, odd spaces and line separators
replaced one character for one, so offsets never drift.
"""
from __future__ import annotations

import operator
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import accumulate, compress, repeat
from typing import NamedTuple

_SAME_LENGTH = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
    "\u2028": "\n", "\u2029": "\n", "\t": " ", "\u2009": " ", "\u202f": " ",
}

# Control characters a pasted or saved letter may hold by accident: a page or line-tab break becomes a line
# break, anything else a space, so that one of them neither splits a word nor ends up quoted back.
_STRAY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN_SPLIT = re.compile(r"(\w+)")
_JOINERS = frozenset({"'", "-"})  # what joins two tokens into one word
SALUTATION = re.compile(
    r"^\s*(dear\b|hi\b|hello\b|to whom it may concern|good (morning|afternoon)\b)", re.I)
SIGNOFF = re.compile(
    r"^\s*(yours\s+(sincerely|faithfully|truly)|(kind|best|warm|warmest|many)\s+(regards|wishes|thanks)"
    r"|(sincerely|faithfully|respectfully)\s+yours|yours\s+respectfully|with\s+(kind|best|warm)\s+regards|respectfully"
    r"|regards|thanks|thank you|sincerely|with thanks|all the best|cheers)\s*[,.!]?\s*$", re.I)
_CONTACT = re.compile(r"\w@\w|://|\bwww\.|\blinkedin\.com\b|\bgithub\.com\b", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?][\"')]*\s*$")  # a line that ends a sentence
# Starts only at the first mark of a run, and takes the run whole: "....." can't backtrack quadratically.
# It opens with a set of characters, so the matcher skips to the next mark or line break in one step
# instead of trying every character: a mark must not follow another. A line break ends a sentence too,
# unless it only wraps one: after a line of 50 characters or more that stops mid-sentence (on a letter, a
# digit, a comma or a dash) and before a line that goes on with a word (not a bullet). Text from a PDF, an
# email or a Markdown file arrives wrapped like that.
SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=\n)(?:(?<![^\n]{50}\n)|(?<![\w,\u2013\u2014-]\n)|(?![ \t]*+(?!\d{1,2}[.)]\s)[\w(\"']))"
    r"|(?<=[.!?])(?<![.!?]{2})[.!?]*+[\"')\]]*+(?=\s))")


class Span(NamedTuple):
    """Where a piece of the letter starts and ends. A named tuple: a review makes hundreds of them, and a
    tuple is made in a third of a frozen dataclass's time (equality and hashing are the same)."""
    start: int
    end: int


def spans(pairs: Iterable[tuple[int, int]]) -> list[Span]:
    """Spans made from (start, end) pairs in C, without a call of Python a span."""
    return list(map(tuple.__new__, repeat(Span), pairs))


def normalise(text: str) -> str:
    """Same-length normal form: \\r\\n becomes ' \\n' so offsets still line up."""
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    # One replace for each character present: str.translate with a table works a character at a time,
    # which alone took longer than splitting the letter into sentences.
    for char, same in _SAME_LENGTH.items():
        if char in text:
            text = text.replace(char, same)
    if _STRAY.search(text):  # rare: a page break from a word processor, a stray control character
        text = _STRAY.sub(lambda m: "\n" if m[0] in "\x0b\x0c" else " ", text)
    return text


def occurrences(text: str, part: str) -> Iterator[int]:
    """Where ``part`` starts in ``text``, left to right (overlaps included)."""
    i = text.find(part)
    while i >= 0:
        yield i
        i = text.find(part, i + 1)


def _lines(norm: str) -> list[Span]:
    spans, start = [], 0
    for part in norm.split("\n"):
        spans.append(Span(start, start + len(part)))
        start += len(part) + 1
    return spans


def _trim(norm: str, span: Span) -> Span:
    piece = norm[span.start:span.end]
    left = piece.lstrip()  # str.strip drops what str.isspace calls space: the same characters
    start = span.end - len(left)
    end = start + len(left.rstrip())
    # A span with nothing to trim is kept, not copied: a paste of one-line paragraphs keeps one span a line.
    return span if start == span.start and end == span.end else Span(start, end)


class Letter:
    def __init__(self, text: str):
        self.text = text
        self.norm = normalise(text)
        # From the job advert, when the member gave one (the engine sets them): the employer's and the
        # job's names as the advert gives them, and where the letter names that employer.
        self.employer: str | None = None
        self.job_title: str | None = None
        self.employer_spans: tuple[Span, ...] = ()
        self.other_employer_spans: tuple[Span, ...] = ()  # another employer addressed as this one ("join Monzo")
        self.misspelt_employer_spans: tuple[Span, ...] = ()  # its name spelt otherwise ("Riverside Hospise")

    def slice(self, span: Span) -> str:
        return self.text[span.start:span.end]

    @cached_property
    def lowered(self) -> str:
        """``norm.lower()``, made once: a text with a dash or a pound sign is lowered a character at a time (about
        fifty instructions a character), and several rules read it. Longer than ``norm`` where a character's lower
        case is two ("\u0130")."""
        return self.norm.lower()

    @cached_property
    def tokens(self) -> tuple[list[str], list[int]]:
        """The text split once, into the text between tokens (runs of word characters) and the tokens in
        turn, with where each part ends (the lengths added up: no match object a token). Words, word
        counts and the word index the rules look words up in are all read from this one split."""
        parts = _TOKEN_SPLIT.split(self.norm)
        return parts, list(accumulate(map(len, parts)))

    @cached_property
    def word_bounds(self) -> tuple[list[int], list[int]]:
        """Where each word starts, and where each ends. A word is tokens joined by one apostrophe or
        hyphen ("don't", "end-to-end"), as ``\\w+(?:['\\-]\\w+)*`` reads them."""
        parts, offsets = self.tokens
        starts, ends, between = offsets[0:-1:2], offsets[1::2], parts[2:-1:2]
        joined = list(map(_JOINERS.__contains__, between))  # mapped and filtered in C: no line of Python a word
        if not any(joined):
            return starts, ends
        apart = list(map(operator.not_, joined))
        return [starts[0], *compress(starts[1:], apart)], [*compress(ends, apart), ends[-1]]

    @cached_property
    def words(self) -> list[str]:
        """The letter's words, as written."""
        return list(map(self.norm.__getitem__, map(slice, *self.word_bounds)))  # cut in C, no line of Python a word

    @cached_property
    def word_starts(self) -> list[int]:
        """Where each word starts: any span's words are then counted by bisection."""
        return self.word_bounds[0]

    def words_in(self, span: Span) -> int:
        # Spans start at a line's start or after white space, never inside a word, so counting the
        # letter's words that start in the span is the same as finding the words in it.
        starts = self.word_starts
        lo = bisect_left(starts, span.start)
        return bisect_left(starts, span.end, lo) - lo

    @cached_property
    def word_count(self) -> int:
        return len(self.word_starts)

    @cached_property
    def letter_words(self) -> int:
        """The words a reader reads, from the salutation to the sign-off (not the address or signature block):
        what a review's length point and its "Length" line both count."""
        first, last = self.salutation or self.body, self.signoff or self.body
        return self.words_in(Span(first.start, max(last.end, first.end)))

    @cached_property
    def lines(self) -> list[Span]:
        return _lines(self.norm)

    def _line_text(self, span: Span) -> str:
        return self.norm[span.start:span.end]

    def _is_blank(self, span: Span) -> bool:
        return not self._line_text(span).strip()

    def _is_short_line(self, span: Span) -> bool:
        """Address, date, name or header lines: short and not a sentence."""
        text = self._line_text(span).strip()
        return self.words_in(span) <= 8 and not text.endswith((".", "!", "?"))

    def _is_header_line(self, span: Span) -> bool:
        """A short line, or a contact line however long ("London | jo@example.com | github.com/jo"), but not a
        paragraph that gives the email in passing (a body typed as one line, ending "Sincerely,")."""
        if self._is_short_line(span):
            return True
        text = self._line_text(span).strip()
        return bool(_CONTACT.search(text)) and not text.endswith((".", "!", "?")) and self.words_in(span) <= 40

    @cached_property
    def salutation(self) -> Span | None:
        for line in self.lines[:30]:  # a sidebar read first (contact details, skills) can be 15 lines
            if SALUTATION.match(self._line_text(line)) and self.words_in(line) <= 12:
                return _trim(self.norm, line)
        return None

    @cached_property
    def signoff(self) -> Span | None:
        for line in reversed(self.lines):
            if SIGNOFF.match(self._line_text(line)):
                return _trim(self.norm, line)
        return None

    @cached_property
    def body(self) -> Span:
        """The letter without header, salutation, sign-off and signature."""
        lines = self.lines
        if self.salutation:
            first = next(i for i, ln in enumerate(lines) if ln.start <= self.salutation.start <= ln.end) + 1
        else:
            first = 0
            while first < len(lines) and (self._is_blank(lines[first]) or self._is_header_line(lines[first])):
                first += 1
            # A text made only of short lines has no header to strip.
            if first >= len(lines):
                first = 0
        signoff_line = None
        if self.signoff:
            signoff_line = next(i for i, ln in enumerate(lines) if ln.start <= self.signoff.start <= ln.end)
        if signoff_line is not None and signoff_line >= first:
            last = signoff_line - 1
        else:
            last = len(lines) - 1
            # A trailing signature block (name, phone) without a sign-off line.
            while last > first and (self._is_blank(lines[last]) or self._is_header_line(lines[last])):
                last -= 1
        if first > last:
            return Span(0, 0)
        return _trim(self.norm, Span(lines[first].start, lines[last].end))

    def _body_lines(self) -> list[Span]:
        body = self.body
        return [ln for ln in self.lines if ln.start < body.end and ln.end > body.start or
                (ln.start == ln.end and body.start <= ln.start <= body.end)]

    @cached_property
    def paragraphs(self) -> list[Span] | None:
        """Body paragraphs, or None when the text shows no paragraph breaks at all."""
        lines = self._body_lines()
        if not lines:
            return []
        blocks: list[list[Span]] = [[]]
        for line in lines:
            if self._is_blank(line):
                if blocks[-1]:
                    blocks.append([])
            else:
                blocks[-1].append(line)
        blocks = [b for b in blocks if b]
        if len(blocks) == 1:
            block = blocks[0]
            ends_sentence = [_ENDS_SENTENCE.search(self._line_text(ln)) for ln in block]
            if len(block) > 1 and all(ends_sentence):
                # One paragraph a line, pasted without blank lines between them.
                blocks = [[ln] for ln in block]
            elif self.words_in(self.body) >= 60 and not self._set_apart(lines):
                return None  # a whole letter in one block: its breaks were most likely lost in pasting
        # Address or reference lines inside the body are not paragraphs.
        return [_trim(self.norm, b[0] if len(b) == 1 else Span(b[0].start, b[-1].end)) for b in blocks
                if not all(self._is_short_line(ln) for ln in b)]

    def _set_apart(self, body_lines: list[Span]) -> bool:
        """A blank line between the body and its salutation or sign-off: the writer's breaks survived, so a
        body in one block is one paragraph, not breaks lost in pasting (trial 9: "I couldn't see any
        paragraph breaks" said to a letter that had them)."""
        lines, first, last = self.lines, body_lines[0], body_lines[-1]
        at = {(ln.start, ln.end): i for i, ln in enumerate(lines)}
        before, after = at[(first.start, first.end)] - 1, at[(last.start, last.end)] + 1
        return bool(self.salutation and before >= 0 and self._is_blank(lines[before])
                    or self.signoff and after < len(lines) and self._is_blank(lines[after]))

    @cached_property
    def paragraph_count(self) -> int | None:
        return None if self.paragraphs is None else len(self.paragraphs)

    def sentences_in(self, span: Span) -> list[Span]:
        out, start, norm, starts = [], span.start, self.norm, self.word_starts
        last = len(starts)
        for end in [m.end() for m in SENTENCE_END.finditer(norm, span.start, span.end)] + [span.end]:
            piece = norm[start:end]
            left = piece.lstrip()  # trimmed as _trim does, without a span for each piece
            a = end - len(left)
            b = a + len(left.rstrip())
            i = bisect_left(starts, a)
            if i < last and starts[i] < b:  # a word starts in it
                out.append(Span(a, b))
            start = end
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        return self.sentences_in(self.body)

    @cached_property
    def opening(self) -> Span:
        """The first body paragraph; without paragraph breaks, the first two sentences."""
        if self.paragraphs:
            return self.paragraphs[0]
        if not self.sentences:
            return self.body
        first_two = self.sentences[:2]
        return Span(first_two[0].start, first_two[-1].end)
