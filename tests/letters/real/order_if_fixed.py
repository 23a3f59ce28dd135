"""What fixing the rules' disagreements with the labeller would do to the score's order (README: the weights).

The review's score orders the tuning letters by tier about as well as it can (Spearman, ``tests/test_review_real.py``);
a rule fix that agrees with the labeller more should not make that order worse. For each letter this runs the real
engine, keeps each rule's outcome (fires or not, points lost, any ceiling it holds), and re-scores the letter the way
``bot/review/engine.py`` does, checked against the engine's own score. Then, one rule at a time, it turns that rule's
disagreements to the label (a missed problem fires and loses the rule's points; a false alarm is dropped and, for an
evidence rule, credited as evidence) and prints the Spearman it would give: a rule whose fix lowers it is one whose
disagreements happen to help the order, and the scoring, not the rule, is then what to look at.

The tuning letters are split in two by repository (a letter's GitHub owner/repository from its ``source``, else its
site), the repositories shuffled with ``random.Random(seed)`` and dealt to the smaller half, so a choice made on one
half can be checked on the other. Held-out letters are never read here.

    python3 tests/letters/real/order_if_fixed.py [SEED] [--next]   # --next: tune-next/ letters added to the halves
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from bot.guides import GuideLibrary  # noqa: E402
from bot.review.engine import COMPOUND, ERROR_CAP, EVIDENCE_CATEGORIES, NO_EVIDENCE_CAP, review  # noqa: E402
from bot.review.plan import plan_for  # noqa: E402
from bot.review.text import Letter  # noqa: E402
from tests.test_review_real import TIERS, UNLABELLED, spearman  # noqa: E402

REAL = ROOT / "tests" / "letters" / "real"
SEED = 20261616  # session 16's split


@dataclass(frozen=True)
class Outcome:
    """One rule on one letter, as the engine scored it."""
    rule: str
    points: int
    lost: int
    raised: bool  # an issue of any severity: what the labels are compared with
    costs: bool  # an issue that costs (not a note)
    error: bool
    cap: tuple[int, bool] | None  # the rule's own ceiling (at, scaled)
    held: tuple[int, ...]  # ceilings its strengths hold the score at (the employer named only where it applies)
    evidence: bool  # a strength of an evidence category
    evidence_rule: bool  # the rule is of an evidence category: not finding its problem is evidence
    kind: str | None  # its kind of compounding problem


@dataclass(frozen=True)
class Scored:
    name: str
    tier: int
    repo: str
    score: int
    labels: frozenset[str]
    outcomes: tuple[Outcome, ...]


def repository(source: str) -> str:
    url = urlparse(source)
    parts = [p for p in url.path.split("/") if p]
    return f"gh:{'/'.join(parts[:2])}".lower() if "github" in url.netloc and parts else url.netloc.lower()


def load(library: GuideLibrary, half: str) -> list[Scored]:
    out = []
    for name, label in yaml.safe_load((REAL / half / "labels.yaml").read_text(encoding="utf-8")).items():
        if label.get("tier") not in TIERS:
            continue
        guide = library.guides[label["guide"]]
        rules = library.rules_for(guide)
        text = (REAL / half / f"{name}.txt").read_text(encoding="utf-8")
        letter = Letter(text)
        if (plan := plan_for(rules)) is not None:
            plan.find(letter)
        outcomes = []
        for rule in rules:
            found = rule.check(letter)
            cap = rule.cap
            outcomes.append(Outcome(
                rule.id, rule.points(letter), sum(f.weight for f in found if f.severity != "info"),
                any(f.kind == "issue" for f in found), any(f.kind == "issue" and f.severity != "info" for f in found),
                any(f.kind == "issue" and f.severity == "error" for f in found),
                (cap.at, cap.scale) if cap is not None else None, tuple(f.held[0] for f in found if f.held),
                any(f.kind == "strength" and f.category in EVIDENCE_CATEGORIES for f in found),
                rule.category in EVIDENCE_CATEGORIES, rule.problem_kind))
        out.append(Scored(name, TIERS[label["tier"]], repository(label.get("source", "")),
                          review(text, guide.id, rules).score, frozenset(label.get("fires") or ()), tuple(outcomes)))
    return out


def rescore(outcomes: tuple[Outcome, ...]) -> int:
    """The engine's score from its rules' outcomes (``engine.review``, without the words it says)."""
    total = sum(o.points for o in outcomes)
    points = round(100 * sum(max(0, o.points - o.lost) for o in outcomes) / total) if total else 100
    caps = [h for o in outcomes for h in o.held]
    capped = {o.rule for o in outcomes if o.costs and o.cap and not o.cap[1] and o.cap[0] <= ERROR_CAP[0]}
    caps += [o.cap[0] for o in outcomes if o.costs and o.cap and not o.cap[1]]
    if any(o.error and o.costs and o.rule not in capped and all(h > ERROR_CAP[0] for h in o.held) for o in outcomes):
        caps.append(ERROR_CAP[0])
    score = min([points, *caps])
    if not any(o.evidence for o in outcomes):
        score = round(score * NO_EVIDENCE_CAP[0] / 100)
    else:
        for o in outcomes:
            if o.costs and o.cap and o.cap[1]:
                score = round(score * o.cap[0] / 100)
    kinds = len({o.kind for o in outcomes if o.costs and o.kind})
    return round(score * (COMPOUND / 100) ** (kinds - 1)) if kinds > 1 else score


def as_labelled(o: Outcome, labels: frozenset[str]) -> Outcome:
    """The rule's outcome turned to the label where they disagree."""
    if o.rule in UNLABELLED or (o.rule in labels) == o.raised:
        return o
    if o.rule in labels:  # missed: the problem is found and costs the rule's points
        return replace(o, lost=o.points, raised=True, costs=True, held=(), evidence=False)
    return replace(o, lost=0, raised=False, costs=False, error=False, held=(), evidence=o.evidence_rule)


def order(letters: list[Scored], fixed: set[str] | None = None) -> float:
    """Spearman of score and tier with the disagreements of the rules ``fixed`` turned to the label (None: all)."""
    scores = [rescore(tuple(as_labelled(o, s.labels) if fixed is None or o.rule in fixed else o for o in s.outcomes))
              for s in letters]
    return spearman(scores, [s.tier for s in letters]) or 0.0


def split(letters: list[Scored], seed: int) -> tuple[list[Scored], list[Scored]]:
    repos = sorted({s.repo for s in letters})
    random.Random(seed).shuffle(repos)
    a: list[Scored] = []
    b: list[Scored] = []
    for repo in repos:
        (a if len(a) <= len(b) else b).extend(s for s in letters if s.repo == repo)
    return a, b


def main(argv: list[str]) -> None:
    seed = int(next((a for a in argv if a.isdigit()), SEED))
    library = GuideLibrary.load(ROOT / "guides")
    tune = load(library, "tune")
    wrong = [s.name for s in tune if rescore(s.outcomes) != s.score]
    if wrong:
        print(f"the re-scoring differs from the engine on {len(wrong)} letters ({', '.join(wrong[:5])}): "
              "bring rescore() up to date with bot/review/engine.py")
    a, b = split(tune, seed)
    extra = load(library, "tune-next") if "--next" in argv else []
    for name, half in (("A", a + extra), ("B", b), ("tune", tune + extra)):
        disagreeing: dict[str, int] = {}
        for s in half:
            for o in s.outcomes:
                if o.rule not in UNLABELLED and (o.rule in s.labels) != o.raised:
                    disagreeing[o.rule] = disagreeing.get(o.rule, 0) + 1
        now = order(half, set())
        print(f"{name} ({len(half)} letters, seed {seed}): Spearman {now:.3f}, every disagreement fixed "
              f"{order(half):.3f}; fixing one rule's:")
        for rule, n in sorted(disagreeing.items(), key=lambda kv: -kv[1]):
            print(f"  {rule:30s} {n:3d} disagreements  {order(half, {rule}) - now:+.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
