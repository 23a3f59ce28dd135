"""Claims worth part of a frame's points (``weak``): the employer named only where the letter says what it
applies for, papers in journals nobody named. A sentence giving the letter's reason makes them strong and is the
one quoted; of several, the one about the employer the letter is for (not the writer's own: trial 16 F5)."""
from __future__ import annotations

import re
from bisect import bisect_right

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .base import Cap, Finding, RuleBase, valid_patterns
from .context import evidence_sentences, outside
from .patterns import find_pattern
from .reuse import Names
from .text import Letter, Span

Claim = dict[str, list[Span]]  # what filled each role of one claim

class Weak(BaseModel):
    """Claims worth only part of the points: every reference inside a match of ``patterns``, the salutation or the
    header (the employer named only where the letter says what it applies for: "I am writing to apply for the
    analyst role at Northwind"). A sentence giving the letter's reason is quoted in preference to any claim."""
    model_config = ConfigDict(extra="forbid", defer_build=True)
    patterns: list[str] = Field(min_length=1)
    cost: int = Field(ge=1, le=50)  # the points a letter with weak claims only still misses
    strength: str = Field(min_length=10)  # said instead of the rule's strength when every claim is weak
    hint: str = Field(min_length=10)  # what earns the rest (may say how many: {points}, "11 points")
    cap: Cap | None = None  # the score's ceiling when every claim is weak (a template letter isn't a strong one)
    # A sentence that gives the letter's reason in other words ("What excites me about this programme is...")
    # makes the claims strong, and is the one quoted.
    reasons: list[str] = []

    @field_validator("patterns", "reasons")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        return valid_patterns(patterns)

    def marks(self, letter: Letter, places: list[Span]) -> list[Span]:
        """Where a claim is weak: the matches of ``patterns``, and ``places`` (the salutation, the header)."""
        return [s for p in self.patterns for s in find_pattern(letter, p)] + places

    def reasons_given(self, letter: Letter) -> list[tuple[Span, Span]]:
        """Each evidence sentence holding a match of ``reasons``, with its first match, in the letter's order."""
        sentences = evidence_sentences(letter)
        starts = [s.start for s in sentences]
        given: dict[int, Span] = {}
        for hit in sorted(s for p in self.reasons for s in find_pattern(letter, p, letter.body)):
            i = bisect_right(starts, hit.start) - 1
            if i >= 0 and hit.end <= sentences[i].end:
                given.setdefault(i, hit)
        return [(sentences[i], given[i]) for i in sorted(given)]

    def weigh(self, rule: RuleBase, letter: Letter, claims: list[Claim], last: str, evidence: list[Span],
              short: int, places: list[Span], figure: bool, employer: Names | None) -> list[Finding]:
        """A sentence giving the letter's reason, quoted by the clause that holds it; else the claim that isn't
        weak and names most references, quoted by its first; with weak claims only, the weak strength,
        ``cost`` points short, saying what the rest needs and holding the score at ``cap``. A quote naming an
        employer other than the one the letter is for (``employer``: most often where the writer works now)
        comes last: not "the chilled section at Dunmore" but "Brightwell's move" (trial 16 F5, F27)."""
        target = employer.first(letter) if employer is not None else ()
        reasons = [_clause(letter, sentence, hit) for sentence, hit in self.reasons_given(letter)]
        if reasons:
            return rule.praise(letter, [next((s for s in reasons if not _another(letter, s, target)), reasons[0])],
                               short)
        marks = self.marks(letter, places)  # found once for every claim below
        strong = [c for c in claims if outside(c[last], marks)]
        if strong and figure and evidence and len(outside(evidence, marks)) == len(evidence):
            return rule.praise(letter, evidence, short)  # a result: its plainest change, quoted as without ``weak``
        if strong:
            best = max(strong, key=lambda c: (not all(_another(letter, s, target) for s in c[last]), len(c[last])))
            hits = outside(best[last], marks)  # in the guide's order of patterns: its most specific first
            return rule.praise(letter, [next((s for s in hits if not _another(letter, s, target)), hits[0])], short)
        if not rule.strength or not evidence:
            return []
        cost = min(rule.points(letter), short + self.cost)
        held = (self.cap.at, self.cap.until) if self.cap is not None else None
        return [Finding(rule.id, "strength", rule.severity, self.strength, rule.section, rule.category, cost,
                        tuple(evidence), hint=self.hint, held=held)]


# Where a sentence's clauses part: a colon, a semicolon, a dash between spaces (or an em dash alone); a clause
# after the reason is cut off when it turns to the writer ("...is why I'm writing: I set up the chilled section
# at Dunmore"), and kept when it says what the reason is ("What excites me about this role: the chance to...").
_CLAUSE_MARK = re.compile(r"[:;]\s|\s[-\u2013\u2014]\s|\u2014")
_TO_THE_WRITER = re.compile(r"\s*(I|I['’](ve|m|d)|my|we|we['’](ve|re)|our|it|it['’]s|this|that)\b")


def _clause(letter: Letter, sentence: Span, hit: Span) -> Span:
    """The part of ``sentence`` that holds ``hit``: from the clause mark before it, to the mark after it when
    the next clause turns to the writer."""
    start, end = sentence.start, sentence.end
    for m in _CLAUSE_MARK.finditer(letter.norm, sentence.start, sentence.end):
        if m.end() <= hit.start:
            start = m.end()
        elif m.start() >= hit.end:
            if _TO_THE_WRITER.match(letter.norm, m.end()):
                end = m.start()
            break
    return Span(start, end)


# Capitalised words that name nobody: a sentence's opening word is left out as well.
_CAPITALISED = re.compile(r"(?<![\w'’&-])[A-Z][\w&-]*(?:['’]s)?")
_YOURS = re.compile(r"\b(?i:your|you)\s+([\w&'’-]+\s+){0,3}$")
_NOBODY = frozenset("i i'm i've i'd your you the this that these our my its their a an we it what why how as at in "
                    "on for when where while with dear".split())


def _another(letter: Letter, span: Span, target: tuple[str, ...]) -> bool:
    """Whether ``span`` names an employer and not the one the letter is for (``target``, the words of its name,
    matched by a word or by its initials: "EA" for Electronic Arts). A name just after "your" is the reader's own
    ("your Customer Pricing team"); with no name to go by, nothing is another's."""
    if not target:
        return False
    initials = "".join(w[0] for w in target) if len(target) > 1 else ""
    named = False
    for m in _CAPITALISED.finditer(letter.norm, span.start, span.end):
        word = m.group().lower().removesuffix("'s").removesuffix("’s")
        before = letter.norm[:m.start()].rstrip(" \t\"“‘'(")
        if (word in _NOBODY or not before or before.endswith((".", "!", "?", "\n", ":"))
                or _YOURS.search(letter.norm, max(span.start, m.start() - 40), m.start())):
            continue
        if word in target or word == initials:
            return False
        named = True
    return named


def header(letter: Letter) -> Span | None:
    """The lines above the salutation (or the body): the writer's and the recipient's blocks, a subject line."""
    end = letter.salutation.start if letter.salutation is not None else letter.body.start
    return Span(0, end) if letter.norm[:end].strip() else None
