"""What replaces a template placeholder the letter left in: the advert's employer for "[Company Name]",
its job title for "[Job Title]", "Hiring Manager" in a salutation; nothing where the reply can't know."""
from __future__ import annotations

import re

from .base import fill
from .text import Letter, Span

# What a placeholder stands for, told by its words: "[Company Name]", "<School>"; "[Job Title]", "\\position".
_EMPLOYER_WORDS = re.compile(r"\b(company|employer|organi[sz]ation|school|firm|business|agency|trust|hospital|"
                             r"university|college|charity|council|practice|team name)\b", re.I)
_JOB_WORDS = re.compile(r"\b(position|job|role|title|vacancy|post)\b", re.I)


def _suggest(template: str, match: str, letter: Letter) -> str | None:
    """A placeholder's replacement: ``template`` may use the match, its first word, its inner words and
    what the advert names; None when it needs a name the advert didn't give."""
    words = match.split()
    inner = re.sub(r"^your\s+", "", match.strip("[]{}<>\\ \n").strip(), flags=re.I).lower()
    if re.fullmatch(r"[x\s]+|\.+|\u2026", inner):
        inner = "detail"
    named = (letter.employer if _EMPLOYER_WORDS.search(inner) else
             letter.job_title if _JOB_WORDS.search(inner) else None)
    if named is None and "{named}" in template:
        return None
    return fill(template, match=match, word=words[0] if words else match, inner=inner, named=named)


def filled(template: str, letter: Letter, hits: list[Span]) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The first placeholder's replacement, and every placeholder the reply can fill, each once: with an
    advert, "[Job Title]" and "[Company Name]" are both the advert's, not only the first one found (trial 11 F23)."""
    fills: dict[str, str] = {}
    for hit in hits:
        fill_in = _fill(template, letter, hit)
        if fill_in is not None:
            fills.setdefault(letter.slice(hit), fill_in)
    return _fill(template, letter, hits[0]), tuple(fills.items())


def _fill(template: str, letter: Letter, hit: Span) -> str | None:
    greeting = letter.salutation
    if greeting and greeting.start <= hit.start < greeting.end:
        return "Hiring Manager"  # "Dear [Hiring Manager's Name]," becomes "Dear Hiring Manager,"
    return _suggest(template, letter.slice(hit), letter)


def stands_for(inner: str) -> str | None:
    """What a placeholder's words stand for: "employer" ("Company Name", "School"), "job" ("Job Title"), or None."""
    return "employer" if _EMPLOYER_WORDS.search(inner) else "job" if _JOB_WORDS.search(inner) else None
