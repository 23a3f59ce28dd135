"""The advert vocabulary (guides/advert/vocabulary.yaml): headings, cues and synonyms as data."""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..review.base import Cap, valid_patterns

if TYPE_CHECKING:
    from .stories import Stories
    from .words import Matcher

VOCABULARY_FILE = Path(__file__).resolve().parent.parent.parent / "guides" / "advert" / "vocabulary.yaml"


class Headings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ignore: list[str]
    nice: list[str]
    duties: list[str]
    must: list[str]


class EmployerCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    before: list[str]
    after: list[str]


class Story(BaseModel):
    """A duty told by a verb and its object: "trained" and "associates" together coach them."""
    model_config = ConfigDict(extra="forbid")
    duty: str
    verbs: list[str] = Field(min_length=1)
    objects: list[str] = Field(min_length=1)


AdvertRuleId = Literal["advert.coverage", "advert.company", "advert.title"]


class RuleText(BaseModel):
    """An advert check's words and weight; its logic is in bot/advert/rules.py."""
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=60)
    severity: Literal["error", "warning", "suggestion"]
    weight: int | None = Field(default=None, ge=0, le=50)
    section: str | None = None
    message: str = Field(min_length=10)
    strength: str | None = None
    strength_copied: str | None = None  # the strength, when some of what is met is the advert's words read back
    copied: str | None = None  # a suggestion naming them
    nothing_found: str | None = None
    listed: str | None = None
    misspelt: str | None = None
    other: str | None = None
    placeholder: str | None = None  # the name is missing, but a placeholder ("[Company Name]") holds its place
    # The ceiling another employer's name puts on the score, as the guides' tailoring.mixed-employer puts it
    # without the advert (that rule is silent when the advert is given, so this one holds the score instead).
    other_cap: Cap | None = None


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    headings: Headings
    nice_cues: list[str] = Field(min_length=1)
    prose_cues: list[str] = Field(min_length=1)
    offer_openings: list[str] = []
    statements: list[str] = []
    lead_ins: list[str] = []
    clause_verbs: list[str] = []
    qualities: list[str] = []
    traits: list[str] = []
    skill_verbs: list[str] = []
    complement_verbs: list[str] = []
    partner_verbs: list[str] = []
    audience_verbs: list[str] = []
    broad_nouns: list[str] = []
    places: list[str] = []
    framing_nouns: list[str] = []
    cuts: list[str] = []
    light_nouns: list[str] = []
    tails: list[str] = []
    generic: list[str] = []
    qualifications: list[str] = []
    graded: list[str] = []
    negations: list[str] = []
    title_nouns: list[str] = Field(min_length=1)
    title_optional: list[str] = []
    employer_cues: EmployerCues
    company_suffixes: list[str] = []
    synonyms: list[list[str]] = []
    paraphrases: list[list[str]] = []  # as synonyms, but of plain words: none names a skill or a tool
    kinds: list[list[str]] = []
    stories: list[Story] = []
    rules: dict[AdvertRuleId, RuleText]

    @field_validator("prose_cues", "lead_ins", "cuts", "tails")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        return valid_patterns(patterns)

    # Compiled forms, built once: the reader runs them on every advert, in lower case (the patterns are
    # written in lower case; matching them so is several times faster than under re.I).
    @cached_property
    def prose_re(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{_first_letter_first(p)})" for p in self.prose_cues))

    @cached_property
    def nice_re(self) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c.lower()) for c in self.nice_cues) + r")(?!\w)")

    @cached_property
    def lead_in_re(self) -> re.Pattern[str]:
        # One alternation, used with match() at a position (where "^" would only ever match at the
        # text's start): a requirement's words are tried against every lead-in in one call.
        return re.compile("|".join(f"(?:{p.removeprefix('^')})" for p in self.lead_ins) or "(?!)")

    @cached_property
    def nice_lower_re(self) -> re.Pattern[str]:
        """Any nice-to-have cue, in lower-case text: a quick test before nice_re's exact one."""
        return re.compile("|".join(re.escape(c.lower()) for c in self.nice_cues))

    @cached_property
    def verb_set(self) -> frozenset[str]:
        return frozenset(self.clause_verbs)

    @cached_property
    def heading_res(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """(section, its phrases as one pattern), in the order a heading is tried: ignore, nice, duties, must."""
        return tuple((section, re.compile(" (?:" + "|".join(re.escape(p) for p in getattr(self.headings, section))
                                          + ")")) for section in ("ignore", "nice", "duties", "must"))

    @cached_property
    def any_heading_re(self) -> re.Pattern[str]:
        """Any heading phrase of any list: one search before the lists are told apart."""
        return re.compile(" (?:" + "|".join(p.pattern[4:-1] for _, p in self.heading_res) + ")")

    @cached_property
    def matcher(self) -> Matcher:
        from .words import Matcher  # words needs the vocabulary's type, not the other way round
        return Matcher(self)

    @cached_property
    def stories_of(self) -> Stories:
        from .stories import Stories
        return Stories(self.stories, self.matcher)

    @cached_property
    def employer_before_re(self) -> re.Pattern[str]:
        """The cues before an employer's name, to search the letter in lower case: an alternation
        of plain lower-case words is scanned for by its first letters, where one under (?i:) is
        tried at every character (ten times slower on a letter), and one by first letter faster still."""
        cues = sorted(self.employer_cues.before, key=len, reverse=True)  # "admired the work" before "admired"
        before = by_first_letter([re.escape(c.lower()).replace(r"\ ", r"\s+") for c in cues])
        return re.compile(rf"(?:{before})\s+")

    @cached_property
    def employer_after_re(self) -> re.Pattern[str]:
        from .employer import NAME
        return re.compile(rf"(?P<name>{NAME})(?i:{'|'.join(self.employer_cues.after)})")

    @cached_property
    def quality_set(self) -> frozenset[str]:
        """The qualities, as nouns or adjectives: a comma list of them is one requirement."""
        return frozenset(self.qualities) | frozenset(self.traits)

    @cached_property
    def verb_break_re(self) -> re.Pattern[str]:
        """A break before a duty's verb, or before a second quality named alone or with what it is in ("and
        resilience when people say no", not "and confidence intervals"): one alternation, one search a clause."""
        verbs = "|".join(re.escape(v) for v in self.clause_verbs) or "(?!)"
        if not self.qualities:
            return _break_before(verbs)
        qualities = "|".join(re.escape(q) for q in self.qualities)
        return _break_before(f"{verbs}|(?:{qualities})(?=\\s+{QUALITY_LINKS}\\b|\\s*(?:[,.;)]|$))")

    @cached_property
    def gerund_break_re(self) -> re.Pattern[str]:
        """Breaks in a list of duties each named by its -ing form ("planning posts, designing flyers,
        keeping our website up to date"), used only where the list starts with one."""
        forms = {(v[:-1] if v.endswith("e") and not v.endswith("ee") else v) + "ing" for v in self.clause_verbs}
        forms |= {v + v[-1] + "ing" for v in self.clause_verbs if len(v) <= 4}  # "planning", "running"
        return _break_before("|".join(re.escape(v) for v in sorted(forms, key=len, reverse=True)))

    @cached_property
    def offer_re(self) -> re.Pattern[str]:
        return re.compile(r"\s*(?:" + "|".join(re.escape(o.lower()) for o in self.offer_openings) + r")\b"
                          if self.offer_openings else "(?!)")

    @cached_property
    def statement_re(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(o.lower()) for o in self.statements) or "(?!)")

    @cached_property
    def cut_re(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.cuts))

    @cached_property
    def tail_words(self) -> frozenset[str]:
        """Every word the tails name: a requirement whose last word is none of these (and which
        ends in no mark) has no tail, and isn't searched for one."""
        return frozenset(w for p in self.tails for w in re.findall(r"[a-z]+", p))

    @cached_property
    def tail_re(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.tails) or "(?!)")


def by_first_letter(alternatives: list[str]) -> str:
    """An alternation of plain phrases (escaped), those sharing a first letter grouped under it, each group in
    their order: "h(?:ave\\ not|as\\ not)|d(?:o\\ not|id\\ not)". The same matches (a phrase matches only where
    its first letter is, and those that share it are tried in the same order), but sre tests each letter once
    for its group, where it tried each phrase in turn at every one of their first letters (twice as fast on a
    letter). Phrases that open with a mark are left as they are."""
    if not all(a[:1].isalnum() for a in alternatives):
        return "|".join(alternatives)
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        groups.setdefault(a[0], []).append(a[1:])
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())


def _break_before(verbs: str) -> re.Pattern[str]:
    """", and to build", " and design", ", deploy": a break before one of ``verbs`` (an alternation). The
    matches of ``,?\\s+and\\s+(?:to\\s+)?(?=V)|,\\s+(?=V)``, written to open with the one class "[,\\s]" so
    that the engine skips to those characters rather than trying both branches at every character."""
    return re.compile(rf"[,\s](?:(?<=,)\s+(?:and\s+(?:to\s+)?)?(?=(?:{verbs})\b)"
                      rf"|(?<=\s)\s*and\s+(?:to\s+)?(?=(?:{verbs})\b))")


# What a quality is shown in or towards: "resilience when people say no", "patience with learners".
QUALITY_LINKS = r"(?:in|on|with|when|under|about|for|to|at|and|of|around|while|as|towards?)"
WORD_START = re.compile(r"\\b([a-z])")


def _first_letter_first(pattern: str) -> str:
    """"\\byou ..." as "y(?<!\\wy)ou ...": the same matches, but an alternation whose every branch opens
    with a letter is scanned for by its first letters (the engine skips to them), where a branch
    opening with "\\b" is tried at every character (the advert's cues were four times slower so)."""
    start = WORD_START.match(pattern)
    return f"{start.group(1)}(?<!\\w{start.group(1)}){pattern[start.end():]}" if start else pattern


@lru_cache(maxsize=4)
def load(path: Path = VOCABULARY_FILE) -> Vocabulary:
    return Vocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
