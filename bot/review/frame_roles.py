"""What fills one role of a sentence frame (an actor, an artefact, an outcome...): terms, patterns, an impact
figure or the advert's employer, less whatever sits inside the role's ``unless`` matches."""
from __future__ import annotations

from itertools import filterfalse

from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator

from .base import valid_patterns
from .context import outside, unquoted
from .figures import find_metrics
from .patterns import find_bounded, find_pattern
from .terms import find_terms, lexicon_of
from .text import Letter, Span

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

    def _live(self, letter: Letter) -> list[str]:
        """The role's patterns less those the guide's gate showed can't match the letter (review/gate.py), told
        apart in C: a role of sixty patterns has some fifty that can't."""
        ruled_out: frozenset[str] | None = letter.__dict__.get("_ruled_out")
        kept = self.__dict__.get("_shipped")  # (the list it was told of: a copy of the role may have another)
        if kept is None or kept[0] is not self.patterns:  # a moderator's pattern is never ruled out, though a
            # shipped one may read the same
            kept = self.__dict__["_shipped"] = (self.patterns, all(type(p) is str for p in self.patterns))
        if not ruled_out or not kept[1]:
            return self.patterns
        return list(filterfalse(ruled_out.__contains__, self.patterns))

    def hits(self, letter: Letter, unit: Span, quotes: list[Span]) -> list[Span]:
        found = list(find_terms(letter, lexicon_of(self, "terms"), unit)) if self.terms else []
        for pattern in self._live(letter):
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
