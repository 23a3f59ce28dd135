"""Personal data a letter shouldn't carry into a review: email, phone, National Insurance number,
date of birth, postcode. Each kind is tried only where a match of it can start."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import Field

from ..reply import and_joined
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
    "date_of_birth": r"\b(born|date of birth|d\.?o\.?b\.?)\b[:\s]*((on|is|was)\s+)?"
                     r"(\d{1,2}(st|nd|rd|th)?[\s/.\-]+(\d{1,2}|[A-Za-z]{3,9})[\s/.\-,]+\d{4}"
                     r"|[A-Za-z]{3,9}\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4})",
    "postcode": r"\b(GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b",
}


_LOCAL = 64  # the most characters the email pattern's local part takes


def _email_starts(norm: str) -> list[int]:
    """Where an email address can start: a local part (word characters and ".+-", not preceded by one) runs up to
    each "@", so it starts where the run of those characters before the "@" does, if that run is short enough. A
    letter with its writer's email in its header was scanned at every character."""
    starts = []
    for at in occurrences(norm, "@"):
        k = at
        while k and at - k <= _LOCAL and (norm[k - 1].isalnum() or norm[k - 1] in "_.+-"):
            k -= 1
        if 0 < at - k <= _LOCAL:
            starts.append(k)
    return starts


def _personal_starts(letter: Letter, kind: str) -> list[int] | None:
    """Where a match of ``kind`` can start, from the letter's word index and plain searches (each full
    scan by a regular expression costs as much as a dozen rules); None: scan the whole letter."""
    norm = letter.norm
    if kind == "email":
        return _email_starts(norm)
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
    # Said only when the letter holds an identity number or a birth date: the message names what was found
    # ({found}), so a letter with an email and a phone isn't told it holds an NI number (trial 14 F7).
    identity_note: str = ""

    def check(self, letter: Letter) -> list[Finding]:
        found: dict[str, list[Span]] = {kind: _personal(letter, kind) for kind in self.kinds}
        hits = [s for spans in found.values() for s in spans]
        if not hits:
            return []
        kinds = [kind for kind in _SHOWN if found.get(kind)]
        identity = self.identity_note if {"ni_number", "date_of_birth"} & set(kinds) else ""
        return [self.issue(letter, sorted(set(hits), key=lambda s: s.start),
                           found=and_joined(tuple(_SHOWN[kind][1] for kind in kinds)),
                           identity=(" " + identity.strip()) if identity else "")]


# What a reviewer sees in place of each kind, and how the member is told it was hidden.
_SHOWN = {"email": ("[email address]", "an email address"), "phone": ("[phone number]", "a phone number"),
          "ni_number": ("[NI number]", "an NI number"), "date_of_birth": ("[date of birth]", "a date of birth"),
          "postcode": ("[postcode]", "a postcode")}
NAME_LINES = 3  # lines under a sign-off that can be the member's name, title and contact line


def for_reviewers(text: str, anonymous: bool) -> tuple[str, list[str]]:
    """The letter as the community's volunteer reviewers see it, and what was hidden, for the member.
    Contact details never go to them (a person needs none to give feedback); for an anonymous request
    neither does what names the member: the lines above the greeting (name, address) and under the
    sign-off (trial 13 F28: reviewers were shown a name, home address and phone beside "not your name")."""
    letter = Letter(text)
    cuts: list[tuple[int, int, str]] = []
    told: list[str] = []
    if anonymous and letter.salutation is not None and text[:letter.salutation.start].strip():
        cuts.append((0, letter.salutation.start, "[name and address: hidden from reviewers]\n\n"))
        told.append("the name and address above the greeting")
    if anonymous and letter.signoff is not None:
        below: list[Span] = []
        for line in (ln for ln in letter.lines if ln.start > letter.signoff.end):
            words = text[line.start:line.end].split()
            if not words and below or len(words) > 8 or len(below) == NAME_LINES:
                break  # the signature ends at a blank line or a sentence (a CV pasted after it stays)
            below += [line] if words else []
        if below:
            cuts.append((below[0].start, below[-1].end, "[name]"))
            told.append("the name under your sign-off")
    for kind, (shown, said) in _SHOWN.items():
        found = [s for s in _personal(letter, kind) if not any(a <= s.start < b for a, b, _ in cuts)]
        cuts += [(s.start, s.end, shown) for s in found]
        told += [said] if found else []
    out, at = [], 0
    for start, end, shown in sorted(cuts):
        if start >= at:
            out += [text[at:start], shown]
            at = end
    return "".join([*out, text[at:]]), told
