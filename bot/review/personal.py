"""Personal data a letter shouldn't carry into a review: email, phone, National Insurance number,
date of birth, postcode. Each kind is tried only where a match of it can start."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import Field

from .base import Finding, RuleBase
from .terms import by_initials, word_classes, words_of
from .text import Letter, Span, occurrences

PERSONAL_DATA = {
    "email": r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(\.[\w\-]{1,63}){1,6}",
    # UK ("07700 900123", "+44 (0)20 7946 0000") or North American ("(555) 555-0100", "+1 555 555 0100",
    # "555.555.0100": an area code never starts with 0 or 1, which keeps a "100 000" figure out).
    "phone": r"(?<![\w+])((\+44\s?\(?0?\)?\s?\d{2,4}|\(?0\d{2,4}\)?)[\s\-]?\d{3,4}[\s\-]?\d{3,4}"
             r"|(\+1[\s.\-]?|1-)?(\([2-9]\d{2}\)\s?\d{3}[\s.\-]?|[2-9]\d{2}([\s.\-])\d{3}\5)\d{4})(?!\d)",
    # Any two letters: pasted numbers are often HMRC's own examples (QQ 12 34 56 C), still worth a warning.
    "ni_number": r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    "date_of_birth": r"\b(born|date of birth|d\.?o\.?b\.?)\b[:\s]*(on\s+)?"
                     r"(\d{1,2}(st|nd|rd|th)?[\s/.\-]+(\d{1,2}|[A-Za-z]{3,9})[\s/.\-,]+\d{4}"
                     r"|[A-Za-z]{3,9}\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4})",
    "postcode": r"\b(GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b",
}


def _personal_starts(letter: Letter, kind: str) -> list[int] | None:
    """Where a match of ``kind`` can start, from the letter's word index and plain searches (each full
    scan by a regular expression costs as much as a dozen rules); None: scan the whole letter."""
    norm = letter.norm
    if kind == "email":
        return [] if "@" not in norm else None
    words = words_of(letter)
    # Every word a match can start with holds a digit (one that isn't all letters), or is short.
    other, short = word_classes(letter)
    if kind == "phone":  # "+44", "(020", "+1", "(555": a plus or a bracket; "07700", "555-": a number
        return [i for char in "+(" for i in occurrences(norm, char)] + [
            i for w in other if w[0].isdigit() for i in words[w]]
    if kind == "date_of_birth":  # born, date of birth, d.o.b., DOB
        chosen = [w for w in ("born", "date") if w in words] + [w for w in short if w[0] == "d"]
    elif kind == "ni_number":  # two capitals, then digits: "QQ 12 34 56 C", "QQ123456C"
        chosen = [w for w in short if len(w) == 2 and w.isalpha()] + [
            w for w in other if len(w) >= 3 and w[0].isalpha() and w[1].isalpha() and w[2].isdigit()]
        return [i for w in chosen for i in words[w] if norm[i:i + 2].isupper()]
    else:  # postcode: a capital and a digit within its first three characters ("SW1A", "M1"), or GIR 0AA
        chosen = [w for w in by_initials(letter).get("gi", ()) if w.startswith("gir")] + [
            w for w in other if not w.startswith("gir") and len(w) >= 2 and w[0].isalpha()
            and (w[1].isdigit() or len(w) > 2 and w[2].isdigit())]
    return [i for w in chosen for i in words[w]]


@lru_cache(maxsize=16)
def _compiled_personal(kind: str) -> re.Pattern[str]:
    return re.compile(PERSONAL_DATA[kind], 0 if kind in ("ni_number", "postcode") else re.I)


def _personal(letter: Letter, kind: str) -> list[Span]:
    """What ``PERSONAL_DATA[kind]`` finds in the letter, tried only where a match can start."""
    regex, starts = _compiled_personal(kind), _personal_starts(letter, kind)
    if starts is None:
        return [Span(m.start(), m.end()) for m in regex.finditer(letter.norm)]
    out, last = [], 0
    for at in sorted(starts):
        if at >= last:
            m = regex.match(letter.norm, at)
            if m:
                out.append(Span(m.start(), m.end()))
                last = m.end()
    return out


class PersonalData(RuleBase):
    type: Literal["personal_data"]
    kinds: list[Literal["email", "phone", "ni_number", "date_of_birth", "postcode"]] = Field(min_length=1)

    def check(self, letter: Letter) -> list[Finding]:
        hits = [s for kind in self.kinds for s in _personal(letter, kind)]
        if hits:
            return [self.issue(letter, sorted(set(hits), key=lambda s: s.start))]
        return []
