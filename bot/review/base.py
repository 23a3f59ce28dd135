"""What every rule type builds on: findings and their severities, the rule model with its message and
section, escalation, and the Check protocol the engine runs (a guide's rule or an advert check)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..sections import SECTIONS
from .terms import find_terms, lexicon_of
from .text import Letter, Span

# A section of the reviewing guide ("faq"), or of another guide ("general:faq").
SECTION = re.compile(r"^(?:(?P<guide>[a-z0-9]+(?:-[a-z0-9]+)*):)?(?P<section>" + "|".join(SECTIONS) + ")$")
CATEGORIES = ("structure", "signals", "mistakes", "privacy and style")
# How much a finding matters; "info" costs nothing (a note, such as a rule that found nothing to check).
Severity = Literal["error", "warning", "suggestion", "info"]
FindingKind = Literal["issue", "strength"]  # a problem found, or evidence credited
SEVERITY_WEIGHT = {"error": 12, "warning": 8, "suggestion": 4, "info": 0}
SEVERITY_ORDER = {"error": 0, "warning": 1, "suggestion": 2, "info": 3}


@dataclass(frozen=True)
class Finding:
    rule: str
    kind: FindingKind
    severity: Severity
    message: str
    section: str | None
    category: str
    weight: int
    evidence: tuple[Span, ...] = ()
    suggestion: str | None = None  # replacement text for the first evidence span, when the fix is mechanical
    hint: str | None = None  # a strength short of full points: what earns the rest ({points}: how many)
    held: tuple[int, str] | None = None  # a ceiling this finding puts on the score, and what lifts it
    # Each different placeholder and what replaces it, when there are several ("[Job Title]" -> "Data Analyst"):
    # said to the member; ``suggestion`` stays the first span's, as the JSON contract has it.
    fills: tuple[tuple[str, str], ...] = ()

    @property
    def raised(self) -> FindingKind:
        """The kind a member is told: a strength that holds the score (the employer named only where the letter
        applies) is listed under the points to fix, so the JSON, the record, /history and /feedback count it as an
        issue (trial 14 F3b, F14)."""
        return "issue" if self.held is not None else self.kind


class Check(Protocol):
    """What the engine runs on a letter: a guide's rule, or a check against the job advert."""

    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    def points(self, letter: Letter) -> int: ...
    def check(self, letter: Letter) -> list[Finding]: ...


def valid_patterns(patterns: list[str]) -> list[str]:
    """Each pattern compiles, or the guide is refused with the pattern and the reason."""
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"pattern {p!r} is not a valid regular expression: {exc}") from None
    return patterns


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **values: object) -> str:
    return template.format_map(_Blank(values))  # str.format's own parser, in C: a field not given stays as written


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built at first validation, not import
    triggers: list[str] = []
    passes: list[str] = []


class Cap(BaseModel):
    """When the rule finds a problem, the score goes no higher than ``at`` (a letter without a result of
    its own can't be a strong one, however tidy), and the review says so: "the score stops at 79 until
    {until}"."""
    model_config = ConfigDict(extra="forbid", defer_build=True)
    at: int = Field(ge=0, le=100)
    until: str = Field(min_length=5, max_length=120)
    # Scale the points into the band below ``at`` rather than cut them off at its top: letters that lack the
    # same thing keep their order instead of meeting at ``at``.
    scale: bool = False


def listed(terms: list[str], most: int = 6) -> str:
    """A rule's terms as a moderator reads them: the first few, and how many more."""
    shown = ", ".join(f"\u201c{t}\u201d" for t in terms[:most])
    return shown + (f" and {len(terms) - most} more" if len(terms) > most else "")


class RuleBase(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    id: str = Field(pattern=r"^[a-z0-9]+([.\-][a-z0-9]+)*$")
    title: str = Field(default="", max_length=60)  # a short name members read, e.g. "MLOps depth"
    severity: Literal["error", "warning", "suggestion"]
    category: Literal["structure", "signals", "mistakes", "privacy and style"]
    message: str = Field(min_length=10)
    strength: str | None = None  # said when the rule passes with evidence
    section: str | None = None  # a section of this guide, or "guide:section" of another
    # Words the section must contain for the pointer to land (`shortlist guides check` tests it).
    topic: list[str] = []
    weight: int | None = Field(default=None, ge=0, le=50)
    cap: Cap | None = None
    # A problem a reader puts a letter down for (no result, nothing for this employer, a template left in,
    # stock phrases, spelling, a passage pasted twice...): one makes a letter fair, two or more a weak one,
    # so each such problem beyond the first scales the score (engine.COMPOUND). ``true`` makes the rule a kind
    # of problem of its own; a name ("polish") puts it with the other rules of that name, which count once.
    compounds: bool | Annotated[str, Field(pattern=r"^[a-z]+(-[a-z]+)*$")] = False

    @property
    def problem_kind(self) -> str | None:
        """The kind of problem this rule's finding is, for compounding (None: it doesn't compound)."""
        if isinstance(self.compounds, str):
            return self.compounds
        return self.id if self.compounds else None
    examples: Examples = Field(default_factory=Examples)
    # The fields holding the patterns ``check`` may scan the letter for: a guide's are ruled in or out
    # all at once, before its rules run (review/gate.py).
    pattern_fields: ClassVar[tuple[str, ...]] = ()

    @field_validator("section")
    @classmethod
    def _known_section(cls, section: str | None) -> str | None:
        if section is not None and not SECTION.match(section):
            raise ValueError(f"unknown section {section!r}: use one of {', '.join(SECTIONS)}, "
                             "optionally after a guide id and a colon (general:faq)")
        return section

    def points(self, letter: Letter) -> int:
        return self.weight if self.weight is not None else SEVERITY_WEIGHT[self.severity]

    def describe(self) -> str:
        """What the rule does, in a moderator's words, for a guide import's preview."""
        return f"checks {self.title or self.id} ({getattr(self, 'type', 'rule')})"

    # Rules that raise their point when the letter *has* what they list: in `signals`, where a guide lists what
    # to reward, such a rule penalises the very words it was meant to praise (trial 11 F22).
    flags_presence: ClassVar[bool] = False

    def issue(self, letter: Letter, evidence: Iterable[Span] = (), severity: Severity | None = None,
              weight: int | None = None, suggestion: str | None = None, **values: object) -> Finding:
        return Finding(self.id, "issue", severity or self.severity, fill(self.message, **values),
                       self.section, self.category,
                       self.points(letter) if weight is None else weight, tuple(evidence), suggestion)

    def praise(self, letter: Letter, evidence: Iterable[Span], shortfall: int = 0) -> list[Finding]:
        """The strength, when the rule says one and there is evidence; ``shortfall`` is the points it
        still costs (evidence, but less than full marks)."""
        if not self.strength or not evidence:
            return []
        return [Finding(self.id, "strength", self.severity, self.strength, self.section,
                        self.category, shortfall, tuple(evidence))]

    def check(self, letter: Letter) -> list[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def scanned(self) -> Iterator[str]:
        for field in self.pattern_fields:
            yield from getattr(self, field)


class Escalation(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    when: list[str] = Field(min_length=1)
    severity: Literal["error", "warning", "suggestion"]
    weight: int | None = None
    message: str | None = None

    def applies(self, letter: Letter) -> bool:
        """Whether the letter names what makes the rule weigh more (a regulated sector, say)."""
        return bool(find_terms(letter, lexicon_of(self, "when"), letter.body))


def escalation(escalate: Escalation | None, letter: Letter) -> Escalation | None:
    """A rule's escalation when it applies to this letter."""
    return escalate if escalate is not None and escalate.applies(letter) else None
