"""Fit the review's rule weights to the tuning letters' human labels (README: the weights).

The "oracle" score of a letter is the score the engine would give if every rule fired exactly as the
labeller says: the weighted share of rules passed, then the caps (a rule's `cap`, an error), the
no-evidence scaling and the compounding problems, as in `bot/review/engine.py`. The weights are fitted
to the tiers by an ordinal (proportional-odds) logistic regression on the labelled fires, with an L2
penalty and non-negative costs, then scaled so the largest is 30, rounded, and held to the constraints:
a warning costs at least 4, a suggestion at least 2, an error more than any suggestion. Five-fold cross-validation on
tune/ (folds by tier) compares the fitted weights with the guides' own, so the choice does not fit
tune/ either. Held-out letters are only ever summed into one figure.

    python3 tests/letters/real/fit_weights.py            # fit on tune/, cross-validate, print weights
    python3 tests/letters/real/fit_weights.py held-out   # ... and the oracle Spearman on held-out/
    python3 tests/letters/real/fit_weights.py noise      # what rule disagreements cost the oracle's order on tune/
"""
from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from bot.guides import GuideLibrary  # noqa: E402
from bot.review.base import SEVERITY_WEIGHT  # noqa: E402
from bot.review.engine import COMPOUND, ERROR_CAP, EVIDENCE_CATEGORIES, NO_EVIDENCE_CAP  # noqa: E402
from bot.review.text import Letter  # noqa: E402
from tests.test_review_real import TIERS, UNLABELLED, spearman  # noqa: E402

FLOOR = {"error": 1, "warning": 4, "suggestion": 2}
# Kept at the guides' weight: a letter written to one employer that asks to join another, or headed with one
# post and arguing for another, fires on one tuning letter each, too few to fit (fitted, each takes the top
# weight and squeezes every other); their caps do the work.
NOT_FITTED = frozenset({"tailoring.mixed-employer", "tailoring.mixed-post"})
TOP, PENALTY = 30, 0.1


@dataclass
class Item:
    tier: int
    # id -> the points' multiplier (escalated, large), severity, cap (at, scaled), evidence category, large
    rules: dict[str, tuple[float, str, tuple[int, bool] | None, bool, bool]]
    compounds: dict[str, str]  # the rules whose problems compound (engine.COMPOUND), each with its kind of problem
    fires: set[str]


def load(library: GuideLibrary, half: str) -> list[Item]:
    folder = ROOT / "tests" / "letters" / "real" / half
    items = []
    for name, label in yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8")).items():
        if label.get("tier") not in TIERS:
            continue
        guide = library.guides[label["guide"]]
        letter = Letter((folder / f"{name}.txt").read_text(encoding="utf-8"))
        rules = {}
        for rule in library.rules_for(guide):
            base = rule.weight if rule.weight is not None else SEVERITY_WEIGHT[rule.severity]
            points = rule.points(letter)  # an escalated or large finding weighs more than the base
            large = getattr(rule, "large_weight", None) is not None and points != base
            cap = (rule.cap.at, rule.cap.scale) if getattr(rule, "cap", None) else None
            rules[rule.id] = (points / base if base else 1.0, rule.severity, cap,
                              rule.category in EVIDENCE_CATEGORIES, large)
        compounds = {rule.id: rule.problem_kind for rule in library.rules_for(guide) if rule.problem_kind}
        items.append(Item(TIERS[label["tier"]], rules, compounds, set(label.get("fires") or [])))
    return items


def oracle(item: Item, weights: dict[str, int]) -> int:
    total = lost = 0.0
    ceiling, scales, evidence = 100, [], False
    for rule, (mult, severity, cap, signal, large) in item.rules.items():
        w = weights[rule] * mult
        total += w
        if rule in item.fires:
            lost += w
            if cap is not None and cap[1]:
                scales.append(cap[0])
            elif cap is not None:
                ceiling = min(ceiling, cap[0])
            if severity == "error" or large:
                ceiling = min(ceiling, ERROR_CAP[0])
        elif signal:
            evidence = True
    score = min(round(100 * (total - lost) / total) if total else 100, ceiling)
    if evidence:
        for at in scales:
            score = round(score * at / 100)
    else:
        score = round(score * NO_EVIDENCE_CAP[0] / 100)
    problems = len({item.compounds[r] for r in item.fires & item.compounds.keys()})  # kinds: polish counts once
    return round(score * (COMPOUND / 100) ** (problems - 1)) if problems > 1 else score


def fit(items: list[Item], free: list[str]) -> list[float]:
    """Proportional-odds logistic regression of tier on the fires (a fire lowers the latent quality by its
    coefficient), coefficients kept >= 0: projected gradient descent with a backtracking step."""
    x = [[1.0 if r in it.fires and r in it.rules else 0.0 for r in free] for it in items]
    y = [it.tier for it in items]

    def sig(z: float) -> float:
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def loss_grad(p: list[float]) -> tuple[float, list[float]]:
        b, c1, c2 = p[:-2], p[-2], p[-1]
        cuts = [-math.inf, c1, c1 + math.exp(c2), math.inf]
        loss, grad = PENALTY * sum(v * v for v in b), [2 * PENALTY * v for v in b] + [0.0, 0.0]
        for row, t in zip(x, y, strict=True):
            eta = -sum(v * xi for v, xi in zip(b, row, strict=True))
            hi, lo = sig(cuts[t] - eta), sig(cuts[t - 1] - eta)
            pr = max(hi - lo, 1e-12)
            loss -= math.log(pr)
            dhi, dlo = hi * (1 - hi), lo * (1 - lo)  # derivatives of the two sigmoids at the cut points
            d_eta = (dhi - dlo) / pr  # d(-log pr)/d(eta)
            for j, xi in enumerate(row):
                grad[j] -= d_eta * xi  # eta = -b.x
            d_c = [0.0, 0.0, 0.0, 0.0]
            d_c[t], d_c[t - 1] = -dhi / pr, dlo / pr
            grad[-2] += d_c[1] + d_c[2]
            grad[-1] += d_c[2] * math.exp(c2)
        return loss, grad

    p = [0.5] * len(free) + [0.0, 0.5]
    loss, grad = loss_grad(p)
    step = 0.1
    for _ in range(3000):
        while True:
            q = [v - step * g for v, g in zip(p, grad, strict=True)]
            q[:-2] = [max(0.0, v) for v in q[:-2]]
            new, new_grad = loss_grad(q)
            if new <= loss or step < 1e-9:
                break
            step /= 2
        if abs(loss - new) < 1e-10:
            break
        p, loss, grad, step = q, new, new_grad, step * 1.5
    return p[:-2]


def to_weights(coefs: list[float], free: list[str], severity: dict[str, str],
               fixed: dict[str, int]) -> dict[str, int]:
    top = max(coefs) or 1.0
    weights = dict(fixed)
    for rule, c in zip(free, coefs, strict=True):
        weights[rule] = max(FLOOR[severity[rule]], round(c / top * TOP))
    polish = max(w for r, w in weights.items() if severity[r] == "suggestion" and r not in fixed)
    for rule in free:
        if severity[rule] == "error":
            weights[rule] = max(weights[rule], polish + 1)
    return weights


def folds(items: list[Item], k: int, seed: int) -> list[int]:
    rng, out = random.Random(seed), [0] * len(items)
    for tier in sorted({it.tier for it in items}):
        idx = [i for i, it in enumerate(items) if it.tier == tier]
        rng.shuffle(idx)
        start = rng.randrange(k)
        for n, i in enumerate(idx):
            out[i] = (n + start) % k
    return out


def rho(items: list[Item], weights: dict[str, int]) -> float:
    return spearman([oracle(it, weights) for it in items], [it.tier for it in items]) or 0.0


def disagreeing(items: list[Item], weights: dict[str, int], share: float, rules: frozenset[str] | None = None,
                draws: int = 60) -> float:
    """The oracle's mean Spearman when a random ``share`` of the labelled judgements (of ``rules``, else of every
    judged rule) are turned over, as a review that disagrees with the labeller that often would have them: what
    the rules' agreement is worth to the score's order."""
    out = []
    for draw in range(draws):
        rng, noisy = random.Random(draw), []
        for it in items:
            turned = {r for r in it.rules if r not in UNLABELLED and (rules is None or r in rules)
                      and rng.random() < share}
            noisy.append(Item(it.tier, it.rules, it.compounds, it.fires ^ turned))
        out.append(rho(noisy, weights))
    return sum(out) / len(out)


def sensitivity(items: list[Item], weights: dict[str, int]) -> None:
    print(f"oracle Spearman on tune/ ({len(items)}) with judgements turned over at random: "
          + ", ".join(f"{share:.1%} {disagreeing(items, weights, share):.3f}" for share in (0, 0.02, 0.05, 0.075)))
    judged = sorted({r for it in items for r in it.rules} - UNLABELLED)
    base = rho(items, weights)
    cost = sorted((base - disagreeing(items, weights, 0.1, frozenset({rule})), rule) for rule in judged)
    print("what 10% of one rule's judgements turned over costs: "
          + ", ".join(f"{rule} {c:.3f}" for c, rule in reversed(cost) if c >= 0.005))


def main(argv: list[str]) -> None:
    library = GuideLibrary.load(ROOT / "guides")
    tune = load(library, "tune")
    if "noise" in argv:
        weights = {}
        for gid in ("general", "general-us", "ml-engineer"):
            for rule in library.rules_for(library.guides[gid]):
                weights.setdefault(rule.id, rule.weight if rule.weight is not None else SEVERITY_WEIGHT[rule.severity])
        sensitivity(tune, weights)
        return
    current: dict[str, int] = {}
    severity: dict[str, str] = {}
    for gid in ("general", "general-us", "ml-engineer"):
        for rule in library.rules_for(library.guides[gid]):
            current.setdefault(rule.id, rule.weight if rule.weight is not None else SEVERITY_WEIGHT[rule.severity])
            severity[rule.id] = rule.severity
    # Not fitted: rules without labels, and those that cost nothing by design (contact details in a draft).
    fixed = {r: w for r, w in current.items() if r in UNLABELLED or r in NOT_FITTED or w == 0}
    free = [r for r in current if r not in fixed]

    def fitted(items: list[Item]) -> dict[str, int]:
        return to_weights(fit(items, free), free, severity, fixed)

    for name, make in (("guides' weights", lambda _: current), ("fitted", fitted)):
        pooled = []
        for rep in range(3):
            assign, oof = folds(tune, 5, 100 + rep), [0] * len(tune)
            for k in range(5):
                weights = make([it for it, f in zip(tune, assign, strict=True) if f != k])
                for i, f in enumerate(assign):
                    if f == k:
                        oof[i] = oracle(tune[i], weights)
            pooled.append(spearman(oof, [it.tier for it in tune]) or 0.0)
        print(f"5-fold CV on tune/ ({len(tune)}), oracle Spearman, {name}: "
              + ", ".join(f"{v:.3f}" for v in pooled) + f" (mean {sum(pooled) / len(pooled):.3f})")
    weights = fitted(tune)
    print("fitted weights:", ", ".join(f"{r} {w}" + (f" (was {current[r]})" if w != current[r] else "")
                                       for r, w in weights.items()))
    halves = ["tune", *(["held-out"] if "held-out" in argv else [])]
    for half in halves:
        items = tune if half == "tune" else load(library, half)
        print(f"{half} ({len(items)}): oracle Spearman, guides' weights {rho(items, current):.3f}, "
              f"fitted {rho(items, weights):.3f} (with the guides' caps)")


if __name__ == "__main__":
    main(sys.argv[1:])
