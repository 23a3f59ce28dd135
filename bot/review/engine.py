"""Runs a guide's rules over a letter and scores the result. Pure and deterministic."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .base import CATEGORIES, SEVERITY_ORDER, Check, Finding
from .plan import plan_for
from .text import Letter, Span

if TYPE_CHECKING:  # the advert checks are imported only for a review that has an advert (~100 ms of imports)
    from ..advert.match import AdvertReview
    from ..advert.reader import Advert


@dataclass(frozen=True)
class CategoryScore:
    name: str
    score: int
    max: int


@dataclass(frozen=True)
class ReviewResult:
    guide: str
    text: str
    score: int
    words: int
    paragraphs: int | None
    categories: tuple[CategoryScore, ...]
    findings: tuple[Finding, ...]
    advert: AdvertReview | None = None  # when the member gave the job advert
    # What held the score below its points, when something did: the ceiling and what lifts it
    # ("the letter gives a result of your own work"). Said in the review; not part of the JSON.
    ceiling: tuple[int, tuple[str, ...]] | None = None
    # When several things hold it: the one point whose fix alone lifts that ceiling most (its title), and to what.
    lift: tuple[tuple[str, ...], int] | None = None

    @property
    def issues(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "issue"]

    @property
    def strengths(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "strength"]

    def top_fixes(self, n: int = 3) -> list[Finding]:
        """The issues that matter most: worst severity first, then the most points, then guide order; a note
        that costs no points (contact details in a draft) only after those that do, unless it must be fixed."""
        ranked = [f for f in self.issues if f.severity != "info"]
        order = {id(f): i for i, f in enumerate(ranked)}
        chosen: list[Finding] = []
        for f in sorted(ranked, key=lambda f: (not f.weight and f.severity != "error", SEVERITY_ORDER[f.severity],
                                               -f.weight, order[id(f)])):
            # Two points on one phrase are one edit ("Please accept this letter as": a stock opening and the
            # letter talking about itself, trial 12 F3): the second stays under its category, not in the top.
            if f.severity != "error" and f.evidence and all(_within(s, chosen) for s in f.evidence):
                continue
            chosen.append(f)
            if len(chosen) == n:
                break
        return chosen

    def to_dict(self) -> dict[str, Any]:
        return {
            "guide": self.guide,
            "score": self.score,
            "words": self.words,
            "paragraphs": self.paragraphs,
            "categories": [{"name": c.name, "score": c.score, "max": c.max} for c in self.categories],
            "findings": [self._finding(f) for f in self.findings],
        } | ({"advert": self.advert.to_dict(self.text)} if self.advert is not None else {})

    def _finding(self, f: Finding) -> dict[str, Any]:
        out = {
            "rule": f.rule, "kind": f.raised, "severity": f.severity,
            "message": f.message,
            "section": f.section,
            "evidence": [{"start": s.start, "end": s.end, "text": self.text[s.start:s.end]} for s in f.evidence],
        }
        if f.suggestion is not None:
            out["suggestion"] = f.suggestion  # replaces the first evidence span ("" deletes it)
        return out


NO_EVIDENCE_CAP = 60, "there is evidence of your work to credit"
EVIDENCE_CATEGORIES = ("signals",)
# A point that must be fixed (an error) keeps a letter out of the strong band (80+), as the opening says.
ERROR_CAP = 79, "the points marked Fix are fixed"
# Problems a reader puts a letter down for (rules marked ``compounds``) compound: one leaves a letter fair,
# two or more make it weak whatever its polish, so each beyond the first scales the score by this share
# (README: how the score is made). On the tuning letters, a count of these problems orders letters by a
# recruiter's tier better than any weighting of the rules' points does, and a count of their kinds better still:
# stock phrases, a slip and "this letter" are one kind (polish), not three reasons to put a letter down.
COMPOUND = 80


def review(text: str | Letter, guide_id: str, rules: Sequence[Check], advert: Advert | None = None) -> ReviewResult:
    """The letter reviewed against ``rules``. ``text`` may come already read (a ``Letter``) when something else
    read it first: a review worker's screening counts the words the review then reuses."""
    letter = text if isinstance(text, Letter) else Letter(text)
    plan = plan_for(rules)
    if plan is not None:
        plan.find(letter)  # the guide's patterns that can't match this letter, told at once
    matched = None
    if advert is not None:
        from ..advert import rules as advert_rules
        from ..advert.match import review_against
        from ..advert.vocabulary import load as load_vocabulary
        vocabulary = load_vocabulary()
        matched = review_against(advert, letter, vocabulary)
        letter.employer, letter.job_title = advert.company, advert.title
        letter.employer_spans, letter.other_employer_spans = matched.company_spans, matched.other_companies
        letter.misspelt_employer_spans = matched.company_variants
        rules = [*rules, *advert_rules.advert_rules(matched, vocabulary)]
    findings: list[Finding] = []
    caps: list[tuple[int, str]] = []
    scaled: list[tuple[int, str]] = []
    capped: set[str] = set()  # rules whose own ceiling, as low as an error's, says what lifts it
    holds: list[Hold] = []  # every ceiling above with the rule it comes from, for the fix that lifts most
    # Categories in a fixed order, then any a rule brings (the advert checks bring "advert").
    order = list(dict.fromkeys([*CATEGORIES, *(rule.category for rule in rules)]))
    earned = dict.fromkeys(order, 0)
    possible = dict.fromkeys(order, 0)
    for rule in rules:
        found = rule.check(letter)
        points = rule.points(letter)
        # An issue loses its weight; a strength may carry a shortfall (evidence, but less than full marks).
        lost = sum(f.weight for f in found if f.severity != "info")
        possible[rule.category] += points
        earned[rule.category] += max(0, points - lost)
        cap = getattr(rule, "cap", None)  # advert checks have none
        if cap is not None and any(f.kind == "issue" and f.severity != "info" for f in found):
            (scaled if cap.scale else caps).append((cap.at, cap.until))
            holds.append(Hold(rule.id, cap.at, cap.scale))
            if not cap.scale and cap.at <= ERROR_CAP[0]:
                capped.add(rule.id)
        caps += [f.held for f in found if f.held is not None]  # a strength may hold the score too (weak tailoring)
        holds += [Hold(f.rule, f.held[0]) for f in found if f.held is not None]
        findings += found
    categories = tuple(CategoryScore(c, earned[c], possible[c]) for c in order if possible[c])
    total = sum(possible.values())
    points = round(100 * sum(earned.values()) / total) if total else 100
    # (an error whose own ceiling is as low already says what lifts it: "until the letter names one employer
    # throughout and the first point below is fixed" named one fix twice, trial 12 F10)
    errors = list(dict.fromkeys(f.rule for f in findings if f.kind == "issue" and f.severity == "error"
                                and f.rule not in capped and (f.held is None or f.held[0] > ERROR_CAP[0])))
    if errors:
        caps.append(ERROR_CAP)
        holds += [Hold(rule, ERROR_CAP[0]) for rule in errors]
    score, ceiling = _held(points, caps)
    evidence = any(f.kind == "strength" and f.category in EVIDENCE_CATEGORIES for f in findings)
    if not evidence:
        # Tidy but empty: with no evidence of any kind (no result, nothing written for this employer, no
        # signal of the role), the points are scaled into the band below this, not cut off at its top, so
        # an empty letter with slips as well scores below a tidy empty one, and both well below one with
        # evidence. The review says so whatever the score, unless the points it names bring evidence when fixed
        # (below). This band replaces a rule's scaled cap (the result's), which would only squeeze empty letters
        # closer together.
        at, until = NO_EVIDENCE_CAP
        score, ceiling = round(score * at / 100), (at, (until,))
    else:
        for at, until in scaled:
            score = round(score * at / 100)
            ceiling = (min(at, ceiling[0]), (*ceiling[1], until)) if ceiling else (at, (until,))
    titles, compounded = _compounding(rules, findings)
    score, ceiling = _compounded(titles, compounded, score, ceiling, _own_untils(rules, list(compounded)))
    if not evidence and ceiling is not None and len(set(compounded) & _evidence_rules(rules)) > 1:
        # fixing all but one of them brings evidence too: "until there is evidence of your work to credit and two of
        # these three points are fixed" (a result, something for this employer...) said one thing twice (trial 14 F29)
        ceiling = ceiling[0], tuple(until for until in ceiling[1] if until != NO_EVIDENCE_CAP[1])
    lift = _lift(rules, findings, titles, compounded, holds, evidence, ceiling) if ceiling is not None else None
    return ReviewResult(guide_id, letter.text, score, letter.letter_words, letter.paragraph_count,
                        categories, tuple(findings), matched, ceiling, lift)


def _evidence_rules(rules: Sequence[Check]) -> set[str]:
    return {rule.id for rule in rules if rule.category in EVIDENCE_CATEGORIES}


class Hold(NamedTuple):
    """A ceiling on the score and the rule it comes from (an error's is ERROR_CAP's)."""
    rule: str
    at: int
    scale: bool = False  # the points are scaled into the band below ``at`` (no result of your own)


def _compounding(rules: Sequence[Check], findings: list[Finding]) -> tuple[dict[str, str], dict[str, str]]:
    """The rules whose problems compound, by their titles, and those of them the letter has, in order, each with
    its kind of problem (rules of one kind count once)."""
    kinds = {rule.id: kind for rule in rules
             if (kind := getattr(rule, "problem_kind", None)) is not None}  # advert checks have no such field
    compounding = {rule.id: getattr(rule, "title", "") or rule.id for rule in rules if rule.id in kinds}
    found = {f.rule: kinds[f.rule] for f in findings
             if f.kind == "issue" and f.severity != "info" and f.rule in kinds}
    return compounding, found


def _problems(found: dict[str, str], fixed: str | None = None) -> int:
    """How many kinds of compounding problem the letter has (with the rule ``fixed`` fixed)."""
    return len({kind for rule, kind in found.items() if rule != fixed})


def _limit(holds: list[Hold], evidence: bool, compounding: int) -> int:
    """The most a letter held by ``holds`` can score, as ``review`` computes its ceiling: the lowest ceiling, the
    band of a letter with no evidence or none of its own results, each compounding problem beyond the first."""
    at = min((h.at for h in holds if not h.scale), default=100)
    at = min([at, *(h.at for h in holds if h.scale)]) if evidence else NO_EVIDENCE_CAP[0]
    return round(at * (COMPOUND / 100) ** (compounding - 1)) if compounding > 1 else at


def _lift(rules: Sequence[Check], findings: list[Finding], titles: dict[str, str], found: dict[str, str],
          holds: list[Hold],
          evidence: bool, ceiling: tuple[int, tuple[str, ...]]) -> tuple[tuple[str, ...], int] | None:
    """The point whose fix alone lifts the ceiling most (or the two that lift it as far), when several hold it and
    not all lift it alike: "two of these three points" asks a worried member to do logic on a list (trial 14 F29);
    one step and what it earns is what they can act on. Fixing an evidence rule's point (a result, something for
    this employer) is evidence too."""
    if len(ceiling[1]) < 2 and _problems(found) < 2:
        return None  # one thing holds it, and the ceiling's own words name its fix
    missing = {f.rule for f in findings if f.kind == "issue" and f.severity != "info"
               and f.category in EVIDENCE_CATEGORIES}
    candidates = list(dict.fromkeys([*(h.rule for h in holds), *found, *(() if evidence else missing)]))
    lifted = {rule: _limit([h for h in holds if h.rule != rule], evidence or rule in missing,
                           _problems(found, rule)) for rule in candidates}
    at = max(lifted.values(), default=0)
    best = [rule for rule, limit in lifted.items() if limit == at]
    # (when every fix lifts it as far, "one of these two points" already says so)
    if at <= ceiling[0] or len(best) == len(candidates) or len(best) > 2:
        return None
    named = {rule.id: getattr(rule, "title", "") or rule.id for rule in rules
             if rule.id in best and rule.id not in titles}  # a rule that holds the score but doesn't compound
    return tuple(titles.get(rule) or named.get(rule, rule) for rule in best), at


def _own_untils(rules: Sequence[Check], found: list[str]) -> set[str]:
    """What lifts the caps of the compounding rules ``found`` ("the letter gives a result of your own work")."""
    caps = (getattr(rule, "cap", None) for rule in rules if rule.id in found)  # advert checks have none
    return {cap.until for cap in caps if cap is not None}


def _compounded(compounding: dict[str, str], found: dict[str, str], score: int,
                ceiling: tuple[int, tuple[str, ...]] | None,
                own: set[str]) -> tuple[int, tuple[int, tuple[str, ...]] | None]:
    """The score scaled once for each kind of compounding problem beyond the first, and the reason said with it.
    Fixing any one kind lifts that limit, so that is what the reason says: "two of these three points", beside
    "fixing “Written for this employer” alone would lift that limit to 68", said the score couldn't pass it until two
    were fixed. A point the list names isn't said again by its own cap's words (``own``): "until the letter gives a
    result of your own work and one of these two points is fixed: “Stock phrases” and “A result of your own”"."""
    problems = _problems(found)
    if problems < 2:
        return score, ceiling
    share = (COMPOUND / 100) ** (problems - 1)
    at = round((ceiling[0] if ceiling else 100) * share)
    # The points by their titles, quoted as names: "two of the three points on stock phrases, a result of your
    # own and written for this advert" read as one run-on list (trial 12 F19).
    kinds: dict[str, list[str]] = {}
    for rule, kind in found.items():
        kinds.setdefault(kind, []).append(f"“{compounding[rule][:1].upper() + compounding[rule][1:]}”")
    count = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}.get(problems, str(problems))
    if all(len(names) == 1 for names in kinds.values()):
        names = [names[0] for names in kinds.values()]
        until = f"one of these {count} points is fixed: {', '.join(names[:-1])} and {names[-1]}"
    else:
        # points of one kind are fixed together ("both “Spelling” and “Stock phrases”"), and a choice that is itself
        # a list is set off by semicolons when there are more than two
        names = [group[0] if len(group) == 1 else f"{'both' if len(group) == 2 else 'all of'} "
                 f"{', '.join(group[:-1])} and {group[-1]}" for group in kinds.values()]
        until = f"one of these {count} is fixed: {('; ' if problems > 2 else ', ').join(names[:-1])}" \
            f"{';' if problems > 2 else ','} or {names[-1]}"
    return round(score * share), (at, (*(u for u in (ceiling[1] if ceiling else ()) if u not in own), until))


def _held(points: int, caps: list[tuple[int, str]]) -> tuple[int, tuple[int, tuple[str, ...]] | None]:
    """The score under the lowest ceiling that bites, and every reason that holds it there or lower:
    evidence gates the band a letter can reach, and the points place it within that band."""
    lowest = min((at for at, _ in caps), default=100)
    if not caps or lowest > points:  # full marks with nothing holding them is not a ceiling
        return points, None
    # a ceiling the points reach holds the score too: the review says what lifts it
    return lowest, (lowest, tuple(dict.fromkeys(until for at, until in caps if at <= points)))


def _within(span: Span, chosen: list[Finding]) -> bool:
    """``span`` and a chosen point's quote are one phrase: one holds the other, and neither is a whole
    sentence or paragraph (a paragraph quoted for the letter's shape is about the shape, not its words)."""
    return any(max(s.end, span.end) - min(s.start, span.start) <= PHRASE
               and (s.start <= span.start and span.end <= s.end or span.start <= s.start and s.end <= span.end)
               for f in chosen for s in f.evidence)


PHRASE = 60  # characters: longer quotes are sentences
