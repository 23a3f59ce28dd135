"""A result quoted with its claim: the figure with the words of its clause that say what changed.

A strength's "Your words" shows the member what earned the credit; a figure alone ("by a third", "21%",
"four days") doesn't say of what (trial 14 F4, trial 13 F6). The quote runs back from the figure to the
verb of its clause ("cut late deliveries from a third to fewer than one in ten", "brought it down to four
days") and, when the clause's subject is not the writer and is short, to its subject ("Turnover fell to 21%",
"membership grew from 22,000 to 51,000"). Only the quote changes: what is credited is the same.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .context import evidence_sentences
from .text import Letter, Span

# Where a clause starts: a mark, or a word that opens one ("... by a third, and membership grew ...").
_CLAUSE = re.compile(r"[;:,()\u2013\u2014]|\s-\s|\b(?:and|but|so|while|which|that|who|when|because|where|after|"
                     r"before|until|as)\b", re.I)
# A verb of the clause: a past tense or participle, regular or not, a word in -ing opening its clause
# ("saving an estimated $300,000"), or a copula ("it was back up to 70%").
_VERB = re.compile(r"\b(?!(?:during|including|something|nothing|anything|everything|morning|evening|thing)\b)"
                   r"(?:[a-z]{2,}ed|[a-z]{3,}ing|cut|grew|grown|fell|fallen|rose|risen|took|taken|got|brought|went|"
                   r"gone|came|won|sped|shrank|shrunk|saw|made|kept|ran|built|sold|hit|beat|set|was|were|is|are)\b",
                   re.I)
_QUALIFIER = re.compile(r"\b(?:a|an|the|my|our|their|his|her|its|your)\s+$", re.I)
_AUXILIARY = re.compile(r"\b(?:has|have|had|was|were|is|are|been|had been|has been)\s+$", re.I)
_WRITER = re.compile(r"\b(?:I|we|my|our|me|us)\b", re.I)
_LONGEST = 90  # characters: a longer quote is cut in the reply, and reads as a paragraph, not a claim
_SUBJECT_WORDS = 6


def with_claim(letter: Letter, figure: Span) -> Span:
    """``figure`` with the words before it in its clause that say what changed, when they are short enough."""
    sentences = evidence_sentences(letter)
    i = bisect_right([s.start for s in sentences], figure.start) - 1
    start = sentences[i].start if i >= 0 and figure.end <= sentences[i].end else figure.start
    norm = letter.norm
    before = norm[max(start, figure.start - _LONGEST):figure.start]
    if "\n" in before:
        before = before[before.rindex("\n") + 1:]
    offset = figure.start - len(before)
    clause = 0
    for m in _CLAUSE.finditer(before):
        clause = m.end()
    # (not a word after an article, which qualifies a noun: "an automated report"; nor "used to")
    # (a word in -ing only where it opens the clause: "saving an estimated $300,000", not "dispensing errors")
    verbs = [m for m in _VERB.finditer(before, clause) if not _QUALIFIER.search(before, clause, m.start())
             and not before.startswith("used to", m.start())
             and (not m.group().lower().endswith("ing") or not before[clause:m.start()].strip())]
    if not verbs or _VERB.match(norm, figure.start):
        return figure
    verb = verbs[-1].start()
    # the subject too, when it is a few words and not the writer: "Turnover fell to 21%", not "I cut it by half"
    subject = before[clause:verb].strip()
    if subject and len(subject.split()) <= _SUBJECT_WORDS and not _WRITER.search(subject):
        verb = clause + len(before[clause:verb]) - len(before[clause:verb].lstrip())
    else:  # with its auxiliary: "has fallen from an average of 20 hours to 5"
        aux = _AUXILIARY.search(before, clause, verb)
        verb = aux.start() if aux else verb
    quoted = Span(offset + verb, figure.end)
    return quoted if quoted.end - quoted.start <= _LONGEST else figure
