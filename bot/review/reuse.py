"""A letter reused from another application: written to one employer ("Dear Acme team") and saying it
wants to join another ("I am excited to join Globex"), or headed with one post and arguing for another.
The places a letter names what it is for are patterns in the guide, each marking the name's place with
``{name}``; two names there that can't be one are the mistake. With the member's advert, another
employer's name is its own check's to say (advert.company), once: the employer rule is then silent, and it
has no points of its own (its cap holds the score), so a guide's categories score a letter the same with
and without the advert.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .base import Finding, RuleBase, valid_patterns
from .patterns import scan
from .text import Letter, Span

_WORDS = re.compile(r"[\w&]+")
Named = tuple[str, Span]  # a name, and where the letter gives it


def _words(name: str, ignore: frozenset[str]) -> tuple[str, ...]:
    return tuple(w for w in _WORDS.findall(name.lower().removesuffix("'s")) if w not in ignore)


def _same_employer(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names can be one employer's: the same first word ("Google", "Google DeepMind"), one
    within the other ("DeepMind", "Google DeepMind"), or one spelling the other's start ("JPMorgan Chase",
    "JP Morgan"). A name made only of ignored words is no name."""
    if not a or not b or a[0] == b[0] or set(a) <= set(b) or set(b) <= set(a):
        return True
    x, y = "".join(a), "".join(b)
    return x.startswith(y) or y.startswith(x)


def _same_post(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two job titles can be one post's: any word in common once the ignored ones are gone ("Data
    Analyst", "Senior Data Analyst"), or one the other's initials ("ML", "Machine Learning"); titles with
    nothing in common ("UX/UI Designer", "Product Manager") are two."""
    if not a or not b or not set(a).isdisjoint(b):
        return True
    return "".join(w[0] for w in a) in b or "".join(w[0] for w in b) in a


class Names(BaseModel):
    """Where a letter names what it is for: for an employer, the salutation ("Dear Acme team"), the
    hiring manager's line ("Hiring Manager at Acme"), a wish ("to join Globex"); for a post, the subject
    line ("Application for UX Designer") or "the Product Manager opening". Each pattern marks the
    name's place with ``{name}``, filled by ``name``: what such a name looks like."""
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built with the guide schema
    of: Literal["employer", "post"] = "employer"  # how two names are told apart, and what an advert gives
    name: str
    names: list[str] = Field(min_length=1)
    ignore: list[str] = []  # words that don't tell two names apart ("ltd", "inc"; "senior", "junior")
    _patterns: list[str] = PrivateAttr(default_factory=list)

    @field_validator("names")
    @classmethod
    def _places_the_name(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            if p.count("{name}") != 1:
                raise ValueError(f"pattern {p!r} must say once where the name is: {{name}}")
        return patterns

    @model_validator(mode="after")
    def _compiles(self) -> Names:
        self._patterns = valid_patterns([p.replace("{name}", f"(?P<name>{self.name})") for p in self.names])
        return self

    def patterns(self) -> tuple[str, ...]:
        """The patterns, each with its name's place filled: what ``two`` scans the letter for."""
        kept: tuple[str, ...] | None = self.__dict__.get("_kept")
        if kept is None:  # read once: a private attribute is read through pydantic's slower __getattr__
            kept = self.__dict__["_kept"] = tuple(self._patterns)
        return kept

    def found(self, letter: Letter) -> list[Named]:
        """Every name the patterns give, in the letter's order. Found once a letter."""
        cache: dict[tuple[str, ...], list[Named]] = letter.__dict__.setdefault("_names_found", {})
        key = (self.of, *self.names)
        if key not in cache:
            found: list[Named] = []
            for pattern in self.patterns():
                for m in scan(letter, pattern):
                    name = m.expand(r"\g<name>").strip()
                    start = letter.norm.find(name, m.start(), m.end())
                    if name and start >= 0:
                        found.append((name, Span(start, start + len(name))))
            cache[key] = sorted(found, key=lambda n: n[1].start)
        return cache[key]

    def first(self, letter: Letter) -> tuple[str, ...]:
        """The words of the name the letter is for: the advert's employer's, else the first it names (or none)."""
        ignore = frozenset(w.lower() for w in self.ignore)
        if self.of == "employer" and letter.employer:
            return _words(letter.employer, ignore)
        found = self.found(letter)
        return _words(found[0][0], ignore) if found else ()

    def two(self, letter: Letter) -> tuple[Named, tuple[str, Span]] | None:
        """The first name the letter is for and the first that can't be the same, or None. Found once a
        letter (the rule and the strength it withholds share one block)."""
        cache: dict[tuple[str, ...], tuple[Named, tuple[str, Span]] | None] = letter.__dict__.setdefault(
            "_two_names", {})
        key = (self.of, *self.names)
        if key in cache:
            return cache[key]
        if self.of == "employer" and letter.employer:
            cache[key] = None  # with the member's advert, its own check says it once (advert.company)
            return None
        ignore = frozenset(w.lower() for w in self.ignore)
        found = self.found(letter)
        same = _same_employer if self.of == "employer" else _same_post
        out = None
        if found:
            first = _words(found[0][0], ignore)
            other = next(((n, s) for n, s in found[1:] if not same(first, _words(n, ignore))), None)
            out = (found[0], other) if other else None
        cache[key] = out
        return out


class NameClash(RuleBase):
    type: Literal["name_clash"]
    names: Names

    def scanned(self) -> Iterator[str]:
        return iter(self.names.patterns())

    def points(self, letter: Letter) -> int:
        """Worth its points only in a letter that has the clash, so every other letter's score is what it
        was before the rule (a letter isn't praised for naming one employer)."""
        return super().points(letter) if self.names.two(letter) else 0

    def check(self, letter: Letter) -> list[Finding]:
        clash = self.names.two(letter)
        if clash is None:
            return []
        (first, at), (other, where) = clash
        return [self.issue(letter, [at, where], first=first, other=other)]
