"""Evidence as a sentence frame: a claim counts only when one sentence holds all of it.

A ``frame`` rule names roles (an actor, an artefact, an outcome, an alternative, a
reason...) and what fills each: vocabulary, patterns, or an impact figure. The
claim is made when every role is filled within one sentence (or, with
``within: neighbours``, a sentence and the next). Skills lists, headings,
template stubs and quoted text never fill a role, and neither do figures of
speech, tenure, line counts or grades.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator

from .base import SEVERITY_WEIGHT, Cap, Escalation, Finding, RuleBase, escalation, fill, valid_patterns
from .context import evidence_sentences, filed_by_sentence, neighbours, outside, quoted, unquoted
from .figures import PLAINEST, find_metrics, plainest_first, plainest_level
from .patterns import find_bounded, find_pattern
from .quotes import with_claim
from .reuse import Names
from .terms import find_terms, lexicon_of
from .text import Letter, Span

_SPACES = re.compile(r"[\s\-]+")

# Patterns every guide's roles may share by name (`unless_shared: [assertion]`), kept here once.
SHARED_UNLESS = {
    # An assertion is not evidence: a belief, a wish, a preference or a skill claimed ("I believe in code
    # review", "I would love to ship...", "I like work where the numbers lead to a decision", "experience
    # with A/B tests") fills no role, to the end of its sentence (a decimal point doesn't end it).
    "assertion": r"\b(believe in|believe that|care about|cares about|passionate about|committed to|understand the "
                 r"importance of|am good at|am skilled (at|in)|am strong (at|in)|experience (in|with)|familiar with|"
                 r"proficient (at|in)|knowledge of|skills in|skilled in|interested in|keen to|eager to|hope to|"
                 r"would love to|want to|would like to|I (?:really )?(?:like|enjoy|love|prefer))\b(?:[^.!?\n]|\.\d)*",
}


class Role(BaseModel):
    """What fills one role: any of these terms, any of these patterns, or (``figure``) an impact figure."""
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built with the guide schema
    terms: list[str] = []
    patterns: list[str] = []
    figure: bool = False
    # the employer's name as the member's advert spells it (with no advert, nothing): naming the employer
    # an advert names is what the guides' own patterns look for, however the sentence is put
    employer: bool = False
    unless: list[str] = []  # patterns: a term inside one of their matches doesn't fill the role
    unless_terms: list[str] = []  # the same as literal phrases ("served as"), which community guides may use
    unless_shared: list[str] = []  # names of SHARED_UNLESS patterns, tried before the role's own
    _unless: list[str] = PrivateAttr(default_factory=list)

    @field_validator("patterns", "unless")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        return valid_patterns(patterns)

    @field_validator("unless_shared")
    @classmethod
    def _known(cls, names: list[str]) -> list[str]:
        for name in names:
            if name not in SHARED_UNLESS:
                raise ValueError(f"unknown shared list {name!r}: use one of {', '.join(SHARED_UNLESS)}")
        return names

    def model_post_init(self, context: object) -> None:
        self._unless = [*(SHARED_UNLESS[n] for n in self.unless_shared), *self.unless]

    def hits(self, letter: Letter, unit: Span, quotes: list[Span]) -> list[Span]:
        found = list(find_terms(letter, lexicon_of(self, "terms"), unit)) if self.terms else []
        for pattern in self.patterns:
            found += find_pattern(letter, pattern, unit)
        if self.figure:
            found += find_metrics(letter, unit)
        if self.employer:
            found += [s for s in letter.employer_spans if unit.start <= s.start and s.end <= unit.end]
        if quotes and found:
            found = unquoted(letter, found)
        unless = self.__dict__.get("_unless_kept")
        if unless is None:  # read once: a private attribute is read through pydantic's slower __getattr__
            unless = self.__dict__["_unless_kept"] = tuple(self._unless)
        if (unless or self.unless_terms) and found:
            # Empty matches are left out: they can't hold a hit, which is never empty.
            blocked = [s for p in unless for s in find_bounded(letter, p, unit)]
            if self.unless_terms:
                blocked += find_terms(letter, lexicon_of(self, "unless_terms"), unit)
            if blocked:
                found = outside(found, blocked)
        return found



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

    def reason(self, letter: Letter) -> list[Span]:
        """The first evidence sentence holding a match of ``reasons``, if any."""
        sentences = evidence_sentences(letter)
        starts = [s.start for s in sentences]
        for hit in sorted(s for p in self.reasons for s in find_pattern(letter, p, letter.body)):
            i = bisect_right(starts, hit.start) - 1
            if i >= 0 and hit.end <= sentences[i].end:
                return [sentences[i]]
        return []


class Frame(RuleBase):
    type: Literal["frame"]
    roles: dict[str, Role] = Field(min_length=1)
    # "paragraph": a story told over one paragraph ("I pulled the data... I presented it... falls dropped
    # from 5.1 to 2.8") fills the frame when its sentences, together, fill every role
    within: Literal["sentence", "neighbours", "paragraph"] = "sentence"
    # With ``neighbours``: roles that may also come two sentences on in the paragraph, after one holding all the
    # others (trial 13 F29: the model, then why it was chosen, then the figure it moved)
    trailing: list[str] = []
    count: str | None = None  # a role whose different terms are counted across the letter
    min: int = Field(default=1, ge=1)
    quoted: bool = False  # whether words in quotation marks count (e.g. a requirement quoted from the advert)
    salutation: bool = False  # whether the salutation counts as a sentence ("Dear Monzo Hiring Team")
    header: bool = False  # whether the lines above it count as one more (a recipient's block: "Hiring Manager\nGRAIL")
    escalate: Escalation | None = None
    # Where the letter names the employer it is for, as the name_clash rule reads it: a letter that
    # names two employers has the claim withheld, neither credited nor raised (the clash rule says what
    # is wrong; "written for this job" beside another employer's name would mislead).
    unless_two_employers: Names | None = None
    # Full points only from this many different things filling the last role (three results, say); each
    # one fewer costs a sixth of the points, with no issue raised: one result is evidence, several make a
    # stronger letter.
    full_at: int = Field(default=1, ge=1)
    weak: Weak | None = None
    # "phrase": the claim is quoted as the words from its first role to its last, each role's word the one nearest
    # what the claim is about, when they sit within one sentence ("chose a gradient-boosted model over a deep
    # network because", not "built", "model", "over": the words of a decision are not its evidence one by one)
    quote: Literal["words", "phrase"] = "words"

    @field_validator("count")
    @classmethod
    def _count_names_a_role(cls, count: str | None, info: ValidationInfo) -> str | None:
        roles = info.data.get("roles") or {}
        if count is not None and count not in roles:
            raise ValueError(f"count names {count!r}, which is not one of the roles ({', '.join(roles)})")
        return count

    def points(self, letter: Letter) -> int:
        escalated = escalation(self.escalate, letter)
        if escalated is not None:
            return escalated.weight or SEVERITY_WEIGHT[escalated.severity]
        return super().points(letter)

    def scanned(self) -> Iterator[str]:
        if self.unless_two_employers is not None:
            yield from self.unless_two_employers.patterns()
        for role in self.roles.values():
            yield from role.patterns
            yield from role._unless
        if self.weak is not None:
            yield from self.weak.patterns
            yield from self.weak.reasons

    def claims(self, letter: Letter) -> list[dict[str, list[Span]]]:
        """Every sentence (or pair of neighbours) that fills all the roles, with what filled each.

        Each role is looked for once in the whole body and its hits filed by sentence, so a frame costs
        one pass a role, not one a sentence; a role found nowhere ends the search at once."""
        quotes = [] if self.quoted else quoted(letter)
        sentences, unit = evidence_sentences(letter), letter.body
        extra = [s for s in (_header(letter) if self.header else None,
                             letter.salutation if self.salutation else None) if s is not None]
        if extra:
            sentences, unit = [*extra, *sentences], Span(extra[0].start, unit.end)
        starts, ends = [s.start for s in sentences], None  # ends: made for a role with eight hits or more
        norm = letter.norm
        found: dict[str, dict[int, list[Span]]] = {}
        # The role found nowhere most often so far is looked for first: the actor ("I", "we") is in nearly
        # every letter and the result in about half, so looking for the result first spares a letter without
        # one the actor's scans. The claims are the same in any order (filed below in the roles' order).
        # (Counted by name: a copy of the rule, ``model_copy``, may share the count and have other roles.)
        empty: dict[str, int] = self.__dict__.setdefault("_found_nowhere", {})
        for name in sorted(self.roles, key=lambda n: empty.get(n, 0), reverse=True):  # stable: ties in order
            # filed by its first word: "^\s*Dear Acme team" may start on the blank line above the salutation,
            # inside the header (a letter with its writer's address above lost its salutation's credit)
            hits = self.roles[name].hits(letter, unit, quotes)
            if len(hits) < 8:  # most roles in a letter, none in most: filed here, one by one, as their first word is
                by_sentence: dict[int, list[Span]] = {}
                for hit in hits:
                    piece = norm[hit.start:hit.end]
                    i = bisect_right(starts, hit.start + len(piece) - len(piece.lstrip()))
                    if i and hit.end <= sentences[i - 1].end:
                        by_sentence.setdefault(i - 1, []).append(hit)
            else:
                ends = [s.end for s in sentences] if ends is None else ends
                by_sentence = filed_by_sentence(norm, hits, starts, ends)
            if not by_sentence:
                empty[name] = empty.get(name, 0) + 1
                return []
            found[name] = by_sentence
        filed = {name: found[name] for name in self.roles}
        singles = sorted(set.intersection(*(set(f) for f in filed.values())))
        out = [{n: f[i] for n, f in filed.items()} for i in singles]
        if self.within == "neighbours":
            whole, linked = set(singles), [n + len(extra) for n in neighbours(letter)]
            for i in linked:
                # a pair even beside a sentence that is a claim alone: "I showed that 70% came from two networks.
                # Leadership renegotiated them, saving $1.2 million" holds two results (trial 11 F14)
                if not (i in whole and i + 1 in whole) and all(i in f or i + 1 in f for f in filed.values()):
                    out.append({n: f.get(i, []) + f.get(i + 1, []) for n, f in filed.items()})
            pairs = set(linked) if self.trailing else ()
            for i in (i for i in (linked if pairs else ()) if i + 1 in pairs):
                if all((i + 2 if n in self.trailing else i) in f for n, f in filed.items()):
                    out.append({n: f[i + 2 if n in self.trailing else i] for n, f in filed.items()})
        elif self.within == "paragraph":
            whole = set(singles)
            for run in _paragraph_runs(neighbours(letter), len(extra)):
                if not whole.intersection(run) and all(any(i in f for i in run) for f in filed.values()):
                    out.append({n: [s for i in run for s in f.get(i, [])] for n, f in filed.items()})
        return out

    def check(self, letter: Letter) -> list[Finding]:
        # With the member's advert, advert.company finds the other employer instead (trial 12 F29: "would love to
        # bring my skills to Monzo" was credited as written for a job at Kestrel Analytics).
        if self.unless_two_employers is not None and (self.unless_two_employers.two(letter)
                                                      or letter.other_employer_spans):
            return []
        claims = self.claims(letter)
        last = list(self.roles)[-1]  # what a claim is about (its result, its reference): quoted by its change
        if self.count:
            seen: dict[str, Span] = {}
            for claim in claims:
                for s in claim[self.count]:
                    seen.setdefault(_SPACES.sub(" ", letter.norm[s.start:s.end].lower()), s)
            enough, evidence = len(seen) >= self.min, sorted(seen.values(), key=lambda s: s.start)[:4]
        else:
            enough = len(claims) >= self.min
            # The claim's words, not its pronoun: quoting "I" back to the member says nothing. The claim
            # quoted is the first of those that tell a change most plainly, if any does ("fell from 54% to 78%",
            # not "26 students", nor "30% of savers" before the work).
            # (the first in the letter's order: a pair of neighbours is found after every single sentence; once a
            # claim tells its change at the top level, no later one is asked)
            best, plainest = None, 0
            for claim in sorted(claims, key=lambda c: min((s.start for s in c[last]), default=0)):
                level = plainest_level(letter, claim[last])
                if level > plainest:
                    best, plainest = claim, level
                    if level == PLAINEST:
                        break
            quoted_claim = [best] if best else claims[:1]
            firsts = {s for claim in quoted_claim for role, spans in claim.items() if role != "actor"
                      for s in (plainest_first(letter, spans) if role == last else spans)[:1]}
            if self.roles[last].figure:  # a figure with the words that say what changed (trial 14 F4)
                firsts = {with_claim(letter, s) if find_metrics(letter, s) == [s] else s for s in firsts}
            evidence = sorted(firsts, key=lambda s: s.start)[:4]
            if self.quote == "phrase" and quoted_claim:
                evidence = _phrase(letter, quoted_claim[0], last) or evidence
        if enough:
            # A result counts once however often it is pasted: the same words after the same words are one.
            made = len({letter.norm[max(0, h.start - 40):h.end] for c in claims for h in c[self.count or last]})
            # Each claim short of full_at costs a sixth of the rule's points: one result keeps most of them.
            short = self.points(letter) * (self.full_at - min(max(made, 1), self.full_at)) // 6
            if self.weak is not None:
                return self._weighed(letter, claims, last, evidence, short, self.weak)
            return self.praise(letter, evidence, short)
        escalated = escalation(self.escalate, letter)
        if escalated is not None:
            return [Finding(self.id, "issue", escalated.severity, fill(escalated.message or self.message, min=self.min),
                            self.section, self.category, self.points(letter))]
        return [self.issue(letter, min=self.min)]


    def _weighed(self, letter: Letter, claims: list[dict[str, list[Span]]], last: str, evidence: list[Span],
                 short: int, weak: Weak) -> list[Finding]:
        """A sentence giving the letter's reason (``weak.reasons``), quoted whole; else the claim that isn't
        weak and names most references, quoted by its first; with weak claims only, the weak strength,
        ``weak.cost`` points short, saying what the rest needs and holding the score at ``weak.cap``."""
        places = [s for s in (_header(letter) if self.header else None,
                              letter.salutation if self.salutation else None) if s is not None]
        reason = weak.reason(letter)
        if reason:
            return self.praise(letter, reason, short)
        marks = weak.marks(letter, places)  # found once for every claim below
        strong = [c for c in claims if outside(c[last], marks)]
        if strong and self.roles[last].figure and evidence and len(outside(evidence, marks)) == len(evidence):
            return self.praise(letter, evidence, short)  # a result: its plainest change, quoted as without ``weak``
        if strong:
            best = max(strong, key=lambda c: len(c[last]))
            return self.praise(letter, outside(best[last], marks)[:1], short)
        if not self.strength or not evidence:
            return []
        cost = min(self.points(letter), short + weak.cost)
        held = (weak.cap.at, weak.cap.until) if weak.cap is not None else None
        return [Finding(self.id, "strength", self.severity, weak.strength, self.section, self.category, cost,
                        tuple(evidence), hint=weak.hint, held=held)]


def _phrase(letter: Letter, claim: dict[str, list[Span]], last: str) -> list[Span]:
    """The claim as one run of words: a word of each role but the actor, chosen so that the run is the shortest
    (the decision nearest the alternative and the reason), if it is in one sentence and short enough to read."""
    roles = [spans for role, spans in claim.items() if role != "actor" and spans]

    def run(anchor: Span) -> Span:
        words = [min(spans, key=lambda s: abs(s.start - anchor.start)) for spans in roles]
        return Span(min(s.start for s in words), max(s.end for s in words))

    best = min((run(anchor) for spans in roles for anchor in spans), key=lambda r: (r.end - r.start, r.start))
    if best.end - best.start > 160 or any(c in letter.norm[best.start:best.end] for c in ".!?\n"):
        return []
    return [best]


def _paragraph_runs(linked: list[int], offset: int) -> list[range]:
    """Runs of two or more evidence sentences in one paragraph, from the indexes whose next sentence is
    in the same paragraph (``neighbours``), shifted by ``offset`` (the salutation or header before them)."""
    runs: list[range] = []
    for i in linked:
        if runs and runs[-1].stop == i + offset + 1:
            runs[-1] = range(runs[-1].start, i + offset + 2)
        else:
            runs.append(range(i + offset, i + offset + 2))
    return runs


def _header(letter: Letter) -> Span | None:
    """The lines above the salutation (or the body): the writer's and the recipient's blocks, a subject line."""
    end = letter.salutation.start if letter.salutation is not None else letter.body.start
    return Span(0, end) if letter.norm[:end].strip() else None
