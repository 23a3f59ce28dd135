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
from itertools import chain
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from .base import SEVERITY_WEIGHT, Escalation, Finding, RuleBase, escalation, fill
from .context import evidence_sentences, filed_by_sentence, neighbours, quoted
from .figures import PLAINEST, change_level, plainest_first, plainest_level
from .frame_roles import SHARED_UNLESS, Role
from .quotes import quoted_result
from .reuse import Names
from .text import Letter, Span
from .weak_claims import Weak, header

__all__ = ["SHARED_UNLESS", "Frame", "Role", "Weak"]

_SPACES = re.compile(r"[\s\-]+")


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
        extra = [s for s in (header(letter) if self.header else None,
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
            # (of claims that tell no change, an outcome in words before a count: "the checklist the rest of the team
            # now uses", not "eleven homes each month", trial 17 F9)
            figure = self.roles[last].figure
            best, plainest, top = None, 0, _rank(PLAINEST) if figure else PLAINEST
            for claim in sorted(claims, key=lambda c: min((s.start for s in c[last]), default=0)):
                level = max(_ranks(letter, claim[last]), default=0) if figure else plainest_level(letter, claim[last])
                if level > plainest:
                    best, plainest = claim, level
                    if level == top:
                        break
            quoted_claim = [best] if best else claims[:1]
            # (a result with the words that say what changed: "Turnover fell to 21%", not "21%", trial 14 F4)
            firsts = {quoted_result(letter, s) if role == last and figure else s
                      for claim in quoted_claim for role, spans in claim.items() if role != "actor"
                      for s in (_plainest(letter, spans, figure) if role == last else spans)[:1]}
            evidence = sorted(firsts, key=lambda s: s.start)[:4]
            if self.quote == "phrase" and quoted_claim:
                evidence = _phrase(letter, quoted_claim[0], last) or evidence
        if enough:
            # A result counts once however often it is pasted: the same words after the same words are one.
            # (each place read once: a sentence's hits are in every pair of neighbours it is in)
            hit = set(chain.from_iterable(c[self.count or last] for c in claims))
            made = len({letter.norm[max(0, start - 40):end] for start, end in hit})
            # Each claim short of full_at costs a sixth of the rule's points: one result keeps most of them.
            short = self.points(letter) * (self.full_at - min(max(made, 1), self.full_at)) // 6
            if self.weak is not None:
                places = [s for s in (header(letter) if self.header else None,
                                      letter.salutation if self.salutation else None) if s is not None]
                return self.weak.weigh(self, letter, claims, last, evidence, short, places, self.roles[last].figure,
                                       self.unless_two_employers)
            return self.praise(letter, evidence, short)
        escalated = escalation(self.escalate, letter)
        if escalated is not None:
            return [Finding(self.id, "issue", escalated.severity, fill(escalated.message or self.message, min=self.min),
                            self.section, self.category, self.points(letter))]
        return [self.issue(letter, min=self.min)]


# A result that tells no change is told in words when it holds no number ("the team now uses it"), or says what
# every one of them did ("every one of our 140 requests has been answered on time"); else it is a count or a size
# ("eleven homes each month", "across 14 states", "several thousand")
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
                     r"forty|fifty|hundreds?|thousands?|dozens?|millions?|billions?|several|few)\b", re.I)
_EVERY = re.compile(r"(?:every|each|all|both|none|no)\b", re.I)


def _rank(level: int, counted: bool = True) -> int:
    """A change level (figures.change_level) as a rank: at level 0, a result told in words above a count."""
    return 2 * level + 1 if level else int(not counted)


def _ranks(letter: Letter, spans: list[Span]) -> Iterator[int]:
    for s in spans:
        level = change_level(letter, s)
        text = letter.norm[s.start:s.end]
        # (a word alone, "won", is no outcome told in words either)
        yield _rank(level, not level and (" " not in text.strip() or _NUMBER.search(text) is not None
                                          and not _EVERY.match(text)))


def _plainest(letter: Letter, spans: list[Span], figure: bool) -> list[Span]:
    """The first of ``spans`` that tells a change most plainly; of a figure role's, ranked by ``_rank``."""
    if not figure or len(spans) < 2:
        return plainest_first(letter, spans)
    ranks = list(_ranks(letter, spans))
    return [spans[ranks.index(max(ranks))]]


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
