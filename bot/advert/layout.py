"""An advert's lines, each a heading (and the section it opens), a bullet, prose or a blank.

Section headings say what the lines under them are ("Requirements", "What you'll do", "Nice to
have", "Benefits"); the phrases that name them are data (guides/advert/vocabulary.yaml).
"""
from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from .title import HEADING_MARKS
from .vocabulary import Vocabulary

# What a line is: a bullet, a heading (with its marks), or a labelled field ("Job title: ...").
BULLET_MARK = re.compile(r"\s*(?:[-*\u2022\u00b7\u2013\u2014\u25aa\u25e6\u25cf\u2023>+]|\d{1,2}[.)]|\(?[a-z][.)])\s+")
BULLET = re.compile("^" + BULLET_MARK.pattern, re.M)
# Bullets run together on one line, as some PDFs come out: "... feature store - Run A/B tests".
INNER_BULLET = re.compile(r"\s(?=[-\u2022*\u2013]\s+[A-Z])")
INNER_MARKS = (" - ", " \u2022 ", " * ", " \u2013 ")  # a line holding none of these holds one bullet
TITLE_CASE = re.compile(r"[A-Z][\w'&/-]*(?:\s+(?:[A-Z][\w'&/-]*|of|and|the|to|for|in|at|&))*")
NOT_HEADING_CHAR, SPACES = re.compile(r"[^a-z0-9'\- ]+"), re.compile(r"\s+")


REQUIREMENT_SECTIONS = ("duties", "must", "nice")


class Line(NamedTuple):
    """A tuple: an advert makes one a line, and a frozen dataclass is several times slower to build."""
    start: int
    end: int
    kind: str  # blank | heading | bullet | prose | item (a line after its own heading: "Essential: SQL")
    section: str | None = None  # for a heading or an item: ignore | nice | duties | must | other


def _heading_kind(words: str, vocabulary: Vocabulary) -> str | None:
    """The section a heading opens, by the first list (ignore, nice, duties, must) naming it; a phrase
    inside a longer one another list names doesn't count ("Who we are looking for" asks; "Who we are"
    doesn't)."""
    key = " " + SPACES.sub(" ", NOT_HEADING_CHAR.sub(" ", words.lower().replace("\u2019", "'"))) + " "
    if not vocabulary.any_heading_re.search(key):
        return None  # names no section: most short lines
    found = [(section, m.span()) for section, pattern in vocabulary.heading_res for m in pattern.finditer(key)]
    for section, (a, b) in found:
        if not any(c <= a and b <= d and d - c > b - a for _, (c, d) in found):
            return section
    return None


MONEY = re.compile(r"[\u00a3$\u20ac]\s?\d")  # an amount of pounds, dollars or euros


def _classify(norm: str, start: int, end: int, vocabulary: Vocabulary) -> list[Line]:
    """One line as a heading, a bullet or prose; "Nice to have: Go, Rust" is a heading and its content."""
    text = norm[start:end]
    if not text.strip():
        return [Line(start, end, "blank")]
    if BULLET.match(text):
        if not any(mark in text for mark in INNER_MARKS):
            return [Line(start, end, "bullet")]  # one bullet on its line: most are
        cuts = [start] + [start + m.start() + 1 for m in INNER_BULLET.finditer(text)] + [end + 1]
        return [Line(a, b - 1, "bullet") for a, b in itertools.pairwise(cuts)]
    colon = text.find(":")
    if colon > 0 and len(text[:colon].split()) <= 6 and text[colon + 1:].strip(" *_"):
        inline = _heading_kind(text[:colon], vocabulary)
        if inline:  # "Essential: Strong SQL skills": a heading for this line only
            return [Line(start + colon + 1, end, "item", inline)]
    if len(text.split()) <= 10 and not text.rstrip().endswith((".", "!", "?")):  # short enough to be a heading
        stripped = HEADING_MARKS.sub("", text)
        # A line of pay names no section: "£55,000 – £65,000 + bonus" is not "Bonus" over nice-to-haves.
        known = _heading_kind(stripped, vocabulary) if not MONEY.search(text) else None
        ends_colon = text.rstrip().endswith(":")
        looks_like_heading = ends_colon or text.strip().isupper() or text.lstrip().startswith("#") \
            or (text.strip().startswith("**") and text.strip().endswith("**"))
        if 0 < len(stripped.split()) <= (10 if known and ends_colon else 8) and (known or looks_like_heading):
            return [Line(start, end, "heading", known or "other")]
    return [Line(start, end, "prose")]


def lines_of(norm: str, vocabulary: Vocabulary) -> list[Line]:
    out, pos = [], 0
    for part in norm.split("\n"):
        out += _classify(norm, pos, pos + len(part), vocabulary)
        pos += len(part) + 1
    # A short line of its own over a list is a heading, even one no list names ("What success looks
    # like after six months"): the bullets under it are not the section before's.
    for i in range(1, len(out) - 1):
        line, text = out[i], norm[out[i].start:out[i].end]
        # ... or a short line standing alone between blank lines ("The opportunity") over a paragraph.
        short = len(text.split()) <= 5 and not text.rstrip().endswith((".", "!", "?", ",", ":"))
        alone = out[i + 1].kind == "blank" and i + 2 < len(out) and out[i + 2].kind in ("prose", "bullet") and short
        # ... or a short line in Title Case straight over a paragraph ("Position Summary").
        titled = out[i + 1].kind == "prose" and short and TITLE_CASE.fullmatch(text.strip()) is not None
        if line.kind == "prose" and out[i - 1].kind == "blank" and (out[i + 1].kind == "bullet" or alone or titled) \
                and len(text.split()) <= 8 and not text.rstrip().endswith(".") \
                and not vocabulary.prose_re.search(text.lower()):
            out[i] = Line(line.start, line.end, "heading", _heading_kind(text, vocabulary) or "other")
    return _grouped(_rejoined(norm, out))


def _rejoined(norm: str, lines: list[Line]) -> list[Line]:
    """A bullet wrapped onto the next line, as a PDF's text comes out ("- Experience in a safety-critical role (for
    example transport, aviation, the armed" over "forces or control rooms) is desirable"), is one bullet: a line of
    prose straight under a bullet that opens in lower case continues it (trial 17 F14: the bullet's end, and the
    cue it held, were read as a line of their own)."""
    out: list[Line] = []
    for line in lines:
        # A short one may read as a heading ("forces or control rooms) is desirable"), but no heading opens in lower
        # case under a bullet without a colon to end it.
        if line.kind in ("prose", "heading") and out and out[-1].kind == "bullet" \
                and norm[line.start:line.start + 1].islower() and not norm[line.start:line.end].rstrip().endswith(":"):
            out[-1] = out[-1]._replace(end=line.end)
        else:
            out.append(line)
    return out


def _grouped(lines: list[Line]) -> list[Line]:
    """Headings that name no section straight under one that does are its groups ("What you'll do", then
    "Lead the business" over some duties and "Build the team" over others): their lines are its lines."""
    parent, grouping = None, False
    for i, line in enumerate(lines):
        if line.kind == "blank":
            continue
        if line.kind == "heading" and line.section == "other" and (grouping or parent):
            if parent in REQUIREMENT_SECTIONS:
                lines[i] = line._replace(section=parent)
                grouping = True
            parent = parent if grouping else None
        elif line.kind == "heading":
            parent, grouping = line.section, False
        else:
            parent = parent if grouping else None
    return lines


