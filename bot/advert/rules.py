"""The advert checks: advert.coverage, advert.company and advert.title, in the review's "advert"
category. They run only when a member gives the advert; their words live in the vocabulary file.

Each is a rule as the engine knows one (id, title, category, points, check), built for one advert
and one letter, so the engine scores them beside the guide's own rules.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..review.base import SEVERITY_WEIGHT, Finding, FindingKind, Severity, fill
from ..review.placeholders import stands_for
from ..review.text import Letter, Span
from .match import AdvertReview
from .match import Coverage as CoverageOf
from .vocabulary import AdvertRuleId, RuleText, Vocabulary

CATEGORY = "advert"
MOST_MISSED = 5  # named at most, most important first
# A requirement's names: "Figma" of "Work with designers in Figma", "Raiser's Edge" whole (trial 12 F20: "Edge").
NAMED = re.compile(r"[A-Z][\w.+#-]*[\w+#](?:['\u2019]s [A-Z][\w.+#-]*[\w+#])?|[A-Z]")


def _quoted(items: Iterable[str]) -> str:
    quoted = [f"\u201c{i}\u201d" for i in items]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1] if len(quoted) > 1 else "".join(quoted)


QUOTE_REACH = 60  # characters: evidence further apart is quoted by its main word alone
CLAUSE_BREAK = re.compile(r"[.!?;:,]\s|\n")  # a quote widened across a comma runs into the next claim


def _main(c: CoverageOf) -> Span:
    return c.quote or max(c.evidence, key=lambda s: s.end - s.start)


def _quote(c: CoverageOf, letter: Letter) -> Span:
    """The main word, widened to the other evidence beside it in the same clause; not to the same word
    again ("model that silently drifts is worse than no model" shows no more than "model", trial 11 F39)."""
    main = _main(c)
    start, end = main.start, main.end
    said = letter.norm[start:end].lower()
    for s in sorted(c.evidence, key=lambda s: abs(s.start - main.start)):
        a, b = min(start, s.start), max(end, s.end)
        if b - a <= QUOTE_REACH and not CLAUSE_BREAK.search(letter.norm, a, b) \
                and letter.norm[s.start:s.end].lower() != said:
            start, end = a, b
    return Span(start, end)


def _quotes(covered: Iterable[CoverageOf], letter: Letter) -> list[Span]:
    """One quote a met requirement, none overlapping another: one that would is cut to its main word, or
    left out when that is quoted already (trial 11 F39: two quotes shared "drifts is worse than no model")."""
    out: list[Span] = []
    for c in covered:
        for quote in (_quote(c, letter), _main(c)):
            if not any(q.start < quote.end and quote.start < q.end for q in out):
                out.append(quote)
                break
    return out


WORD = re.compile(r"[a-z0-9][a-z0-9'+#/-]*")
COPIED_WORDS = 7  # a requirement this long, found whole in the letter, is the advert read back ("full UK driving
# licence" or "shipping machine learning systems in production" can be said so in a letter of one's own)


def _copied(words: list[str], said: str, letter: Letter) -> Span | None:
    """Where the letter (``said``: its words, one space apart) repeats a requirement's ``words`` whole, or None. Its
    key words reused in a claim of the writer's own ("advise line managers on absence, disciplinary and grievance
    cases") are no copy."""
    if " ".join(words) not in said:
        return None
    m = re.search(r"\W+".join(map(re.escape, words)), letter.norm, re.I)
    return Span(m.start(), m.end()) if m else None


PLACEHOLDER = re.compile(r"[\[<{]([^\[\]<>{}\n]{1,40})[\]>}]")  # "[Company Name]", "<Job Title>", "{company}"


def _placeholder(letter: Letter, kind: str) -> Span | None:
    """Where the letter still has a placeholder for the employer or the job, left from a template (trial 12 F25)."""
    return next((Span(m.start(), m.end()) for m in PLACEHOLDER.finditer(letter.norm) if stands_for(m.group(1)) == kind),
                None)


@dataclass
class _AdvertRule:
    id: str
    text: RuleText
    review: AdvertReview
    category: str = CATEGORY

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def weight(self) -> int:
        return self.text.weight if self.text.weight is not None else SEVERITY_WEIGHT[self.text.severity]

    def finding(self, kind: FindingKind, message: str, evidence: Iterable[Span] = (), severity: Severity | None = None,
                weight: int | None = None) -> Finding:
        return Finding(self.id, kind, severity or self.text.severity, message, self.text.section, self.category,
                       self.weight if weight is None else weight, tuple(evidence))

    def points(self, letter: Letter) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, letter: Letter) -> list[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


class Coverage(_AdvertRule):
    """Which must-haves the letter meets; the missing ones named as the advert words them. The
    points lost are in proportion to what is missing."""

    def points(self, letter: Letter) -> int:
        return self.weight if self.review.total else 0

    def check(self, letter: Letter) -> list[Finding]:
        review = self.review
        if not review.advert.requirements:
            return [self.finding("issue", self.text.nothing_found or self.text.message, severity="info", weight=0)]
        if not review.total:
            return []
        covered, total = review.covered, review.total
        found = []
        # One quote a met requirement, each once: the words that meet it when they stand close together
        # ("built a Power BI dashboard"), else what it names rather than its verb ("A/B test", not "run").
        evidence = _quotes((c for c in review.musts if c.covered and c.evidence), letter)
        # The advert read back ("I have experience of advising managers on absence, disciplinary and grievance
        # cases"): named, not shown, and not the member's own words (trial 15 F31).
        long = [words for c in review.musts if c.covered
                and len(words := WORD.findall(c.requirement.text.lower())) >= COPIED_WORDS]
        said = " ".join(WORD.findall(letter.lowered)) if long else ""
        copied = [span for words in long if (span := _copied(words, said, letter))]
        if covered:
            strength = (self.text.strength_copied if copied else None) or self.text.strength or ""
            found.append(self.finding("strength", fill(strength, covered=covered, total=total), evidence, weight=0))
        if copied and self.text.copied:
            found.append(self.finding("issue", fill(self.text.copied, copied=_quoted(letter.slice(s) for s in copied)),
                                      copied, severity="suggestion", weight=0))
        missing = [c.requirement for c in review.musts if not c.covered]
        if missing:
            # Most important first: what the advert repeats, then what it says first.
            order = {id(r): i for i, r in enumerate(missing)}
            advert = review.advert.lowered
            counts = {id(r): advert.count(r.text.lower()) for r in missing}
            missing.sort(key=lambda r: (-counts[id(r)], order[id(r)]))
            lost = math.ceil(self.weight * len(missing) / total)
            severity = "error" if covered * 2 < total else self.text.severity
            message = fill(self.text.message, covered=covered, total=total,
                           missing=_quoted(r.text for r in missing[:MOST_MISSED]))
            # One named only in a list of skills is not counted: say so, or the member wonders why (trial 10 F19).
            lists = " ".join(letter.slice(s) for s in review.listed)
            listed = list(dict.fromkeys(name for r in missing[:MOST_MISSED] if self.text.listed
                                        for name in NAMED.findall(r.text)
                                        if re.search(rf"(?<![\w.+#-]){re.escape(name)}(?![\w+#])", lists)))
            if listed:
                message += " " + fill(self.text.listed or "", listed=_quoted(listed))
            found.append(self.finding("issue", message, severity=severity, weight=lost))
        return found


class Company(_AdvertRule):
    def points(self, letter: Letter) -> int:
        return self.weight if self.review.advert.company else 0

    def check(self, letter: Letter) -> list[Finding]:
        review, company = self.review, self.review.advert.company
        if not company:
            return []
        found = []
        if review.other_companies:
            others = list(dict.fromkeys(letter.slice(s) for s in review.other_companies))
            cap = self.text.other_cap
            found.append(replace(self.finding("issue", fill(self.text.other or self.text.message, company=company,
                                                            other=_quoted(others)), review.other_companies),
                                 held=(cap.at, cap.until) if cap else None))
        if review.company_variants:
            variants = list(dict.fromkeys(letter.slice(s) for s in review.company_variants))
            found.append(self.finding("issue", fill(self.text.misspelt or self.text.message, company=company,
                                                    variant=_quoted(variants)), review.company_variants,
                                      severity="warning", weight=SEVERITY_WEIGHT["warning"]))
        if not review.company_spans and not review.company_variants:
            # One edit, said as one: where the letter still has "[Company Name]", the name goes there.
            held = _placeholder(letter, "employer") if self.text.placeholder else None
            message = fill((self.text.placeholder if held else None) or self.text.message, company=company)
            found.append(self.finding("issue", message, (held,) if held else (), severity="warning",
                                      weight=SEVERITY_WEIGHT["warning"]))
        if review.company_spans and not found:
            found.append(self.finding("strength", self.text.strength or "", review.company_spans[:1], weight=0))
        # However many slips, the rule can't lose more than it is worth.
        left, capped = self.weight, []
        for f in found:
            capped.append(replace(f, weight=min(f.weight, left)) if f.kind == "issue" else f)
            left -= capped[-1].weight if f.kind == "issue" else 0
        return capped


class Title(_AdvertRule):
    def points(self, letter: Letter) -> int:
        return self.weight if self.review.advert.title else 0

    def check(self, letter: Letter) -> list[Finding]:
        title = self.review.advert.title
        if not title:
            return []
        # A placeholder left for the title comes first: the title found elsewhere may be the writer's own job ("As a
        # Sales Development Representative at BrightCall" beside "[Job Title]", trial 16 F35).
        held = _placeholder(letter, "job") if self.text.placeholder else None
        if held:
            return [self.finding("issue", fill(self.text.placeholder or "", title=title), (held,))]
        if self.review.title_spans:
            return [self.finding("strength", self.text.strength or "", self.review.title_spans, weight=0)]
        return [self.finding("issue", fill(self.text.message, title=title))]


RULES: dict[AdvertRuleId, type[_AdvertRule]] = {
    "advert.coverage": Coverage, "advert.company": Company, "advert.title": Title}


def advert_rules(review: AdvertReview, vocabulary: Vocabulary) -> list[_AdvertRule]:
    return [cls(rule_id, vocabulary.rules[rule_id], review) for rule_id, cls in RULES.items()]


def titles(vocabulary: Vocabulary) -> dict[str, str]:
    return {rule_id: text.title for rule_id, text in vocabulary.rules.items()}
