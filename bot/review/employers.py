"""A letter reused for another employer: written to one ("Dear Acme team") and saying it wants to join
another ("I am excited to join Globex"). The places a letter names the employer it is for are patterns
in the guide, each holding the name in a group called ``name``; two names that can't be one employer's
are the mistake. With the member's advert, the advert's employer is the one the letter is for.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .base import Finding, RuleBase, valid_patterns
from .patterns import scan
from .text import Letter, Span

_WORDS = re.compile(r"[\w&]+")


def _words(name: str, ignore: frozenset[str]) -> tuple[str, ...]:
    return tuple(w for w in _WORDS.findall(name.lower().removesuffix("'s")) if w not in ignore)


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names can be one employer's: the same first word ("Google", "Google DeepMind"), one
    within the other ("DeepMind", "Google DeepMind"), or one spelling the other's start ("JPMorgan Chase",
    "JP Morgan"). A name made only of ignored words ("The Hiring Team") is no name."""
    if not a or not b or a[0] == b[0] or set(a) <= set(b) or set(b) <= set(a):
        return True
    x, y = "".join(a), "".join(b)
    return x.startswith(y) or y.startswith(x)


class Employers(BaseModel):
    """Where a letter names the employer it is for: the salutation ("Dear Acme team"), the hiring
    manager's line ("Hiring Manager at Acme"), a wish ("to join Globex"). Each pattern marks the name's
    place with ``{name}``, filled by ``name``: what an employer's name looks like."""
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built with the guide schema
    name: str
    names: list[str] = Field(min_length=1)
    ignore: list[str] = []  # words that don't tell employers apart ("the", "ltd", "inc", "hiring")
    _patterns: list[str] = PrivateAttr(default_factory=list)

    @field_validator("names")
    @classmethod
    def _places_the_name(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            if p.count("{name}") != 1:
                raise ValueError(f"pattern {p!r} must say once where the name is: {{name}}")
        return patterns

    @model_validator(mode="after")
    def _compiles(self) -> Employers:
        self._patterns = valid_patterns([p.replace("{name}", f"(?P<name>{self.name})") for p in self.names])
        return self

    def two(self, letter: Letter) -> tuple[tuple[str, Span | None], tuple[str, Span]] | None:
        """The first name the letter is for and the first that can't be the same employer's, or None. Found
        once a letter (the rule and the strength it withholds share one list)."""
        cache: dict[tuple[str, ...], object] = letter.__dict__.setdefault("_two_employers", {})
        key = tuple(self.names)
        patterns = self.__dict__.get("_kept")
        if patterns is None:  # read once: a private attribute is read through pydantic's slower __getattr__
            patterns = self.__dict__["_kept"] = tuple(self._patterns)
        if key in cache:
            return cache[key]  # type: ignore[return-value]
        ignore = frozenset(w.lower() for w in self.ignore)
        named: list[tuple[str, Span | None]] = [(letter.employer, None)] if letter.employer else []
        found: list[tuple[str, Span]] = []
        for pattern in patterns:
            for m in scan(letter, pattern):
                name = m.expand(r"\g<name>").strip()
                start = letter.norm.find(name, m.start(), m.end())
                if name and start >= 0:
                    found.append((name, Span(start, start + len(name))))
        found.sort(key=lambda n: n[1].start)
        named += found
        out = None
        if named:
            first = _words(named[0][0], ignore)
            other = next(((n, s) for n, s in named[1:] if s is not None and not _same(first, _words(n, ignore))),
                         None)
            out = (named[0], other) if other else None
        cache[key] = out
        return out


class EmployerClash(RuleBase):
    type: Literal["employer_clash"]
    employers: Employers

    def points(self, letter: Letter) -> int:
        """Worth its points only in a letter that names two employers, so every other letter's score is
        what it was before the rule (a letter isn't praised for naming one employer)."""
        return super().points(letter) if self.employers.two(letter) else 0

    def check(self, letter: Letter) -> list[Finding]:
        clash = self.employers.two(letter)
        if clash is None:
            return []
        (first, at), (other, where) = clash
        return [self.issue(letter, [s for s in (at, where) if s is not None], first=first, other=other)]
