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
from .figures import find_metrics
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
# The rest of a clause after its verb, to a mark that ends it (a word boundary at most _LONGEST on).
_CLAUSE_END = re.compile(r"(?:[^.,;:!?()\n\u2013\u2014]|[.,](?=\d))*[\w)%]", re.I)
_QUALIFIER = re.compile(r"\b(?:a|an|the|my|our|their|his|her|its|your)\s+$", re.I)
_AUXILIARY = re.compile(r"\b(?:has|have|had|was|were|is|are|been|had been|has been)\s+$", re.I)
_WRITER = re.compile(r"\b(?:I|we|my|our|me|us)\b", re.I)
_LONGEST = 90  # characters: a longer quote is cut in the reply, and reads as a paragraph, not a claim
_FEW_WORDS = 3
_PHRASE_LONGEST = 70
_OPENS_CLAUSE = re.compile(r"\s+(?:and|but|so|while|which|that|who|when|because|where|after|before|until|as|"
                           r"by\s+[a-z]+ing)\b", re.I)
_PREPOSITION = re.compile(r"\s+(?:for|in|with|on|at|of|to|from|by|across|into|through)\s", re.I)
_GOES_ON = re.compile(r"[ \t]+[\w\"\u201c]")  # the clause goes on after the phrase: a word, or a name in quotes
# What a share is of, after it: "140% of my meetings target", not "was 140%" (trial 16 F8)
_OF_WHAT = re.compile(r"\s+of\s+(?:my|our|the|their|its|his|her|a|an)\s+(?:[\w-]+\s+){0,2}?"
                      r"(?:target|targets|quota|goal|goals|budget|plan|forecast)\b", re.I)
_SUBJECT_WORDS = 6


def quoted_result(letter: Letter, span: Span) -> Span:
    """A result as quoted: a figure, a change from one state to another ("from days to minutes") or a verb alone
    ("won", "halved") with its claim (``with_claim``); any other result (a phrase its pattern quotes whole) as found."""
    text = letter.norm[span.start:span.end]
    if find_metrics(letter, span) == [span] or text.startswith("from ") or (text.isalpha() and text.islower()):
        return with_claim(letter, span)
    # a phrase of a few words that its clause goes on from says what was done, not to what: "is used by", "halved the
    # number", "featured by Apple" (trial 16 F8, F18, F28): with the rest of its clause
    if len(text.split()) <= _FEW_WORDS and _GOES_ON.match(letter.norm, span.end):
        return _to_clause_end(letter, span)
    return span


def _to_clause_end(letter: Letter, phrase: Span) -> Span:
    """``phrase`` with the rest of its clause, to a mark or a word that opens another clause ("published a paper at
    CVPR", not "... and finished in the top 3%"); a clause too long to quote ends before its last preposition that
    keeps it short ("first place in the recent NeurIPS Nethack Challenge"), or isn't taken."""
    norm = letter.norm
    rest = _CLAUSE_END.match(norm, phrase.end, min(len(norm), phrase.end + 2 * _LONGEST))
    end = rest.end() if rest else phrase.end
    stop = _OPENS_CLAUSE.search(norm, phrase.end, end)
    end = stop.start() if stop else end
    if end - phrase.start > _PHRASE_LONGEST:
        cuts = [m.start() for m in _PREPOSITION.finditer(norm, phrase.end, phrase.start + _PHRASE_LONGEST)]
        end = cuts[-1] if cuts else phrase.end
    return Span(phrase.start, end)


def with_object(letter: Letter, verb: Span) -> Span:
    """A verb quoted with the rest of its clause: "won the packaging award at the South West Food & Drink Awards",
    not "won" (trial 15 F19)."""
    rest = _CLAUSE_END.match(letter.norm, verb.end, min(len(letter.norm), verb.end + _LONGEST))
    return Span(verb.start, rest.end()) if rest else verb


def with_claim(letter: Letter, figure: Span) -> Span:
    """``figure`` with the words before it in its clause that say what changed, when they are short enough."""
    bare = letter.norm[figure.start:figure.end].isalpha()  # a verb alone: "won", "halved"
    if bare and (extended := with_object(letter, figure)) != figure:
        return extended
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
    if bare:  # ending its clause: with its subject, "queues at lunchtime roughly halved"
        verb = len(before)
    elif not verbs or _VERB.match(norm, figure.start):
        return figure
    else:
        verb = verbs[-1].start()
    # the subject too, when it is a few words and not the writer: "Turnover fell to 21%", not "I cut it by half"
    subject = before[clause:verb].strip()
    if subject and len(subject.split()) <= _SUBJECT_WORDS and not _WRITER.search(subject):
        verb = clause + len(before[clause:verb]) - len(before[clause:verb].lstrip())
    else:  # with its auxiliary: "has fallen from an average of 20 hours to 5"
        aux = _AUXILIARY.search(before, clause, verb)
        verb = aux.start() if aux else verb
    of_what = _OF_WHAT.match(norm, figure.end)
    quoted = Span(offset + verb, of_what.end() if of_what else figure.end)
    return quoted if quoted.end - quoted.start <= _LONGEST else figure
