"""Agreement between the two blind labellers of a real-letter folder.

Compares `labels.yaml` (first labeller) with `labels-second.yaml` (second labeller): for every
letter, every rule of its guide is one yes/no judgement (fires or not). Prints per-rule
agreement and Cohen's kappa, the kappa pooled over all rule judgements, tier agreement, and the
list of disagreements.

    python3 tests/letters/real/agreement.py [tests/letters/real/held-out]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

# The rule ids of each guide, as the README's definition tables list them.
COMMON = [
    "length.words", "structure.paragraphs", "placeholders", "opening.stock",
    "style.repeated-word", "style.repeated-passage", "style.spelling", "style.cliche",
    "style.self-reference", "evidence.result", "tailoring.advert", "privacy.personal-data",
    "mistake.framework-list",
]
ML_ONLY = [
    "opening.quantified", "signal.production", "signal.mlops", "signal.judgement",
    "signal.regulatory", "mistake.research-only", "mistake.tool-without-outcome",
]
GUIDE_RULES = {
    "general": COMMON + ["uk.signoff"],
    "general-us": COMMON,
    "ml-engineer": COMMON + ["uk.signoff"] + ML_ONLY,
}
TIERS = ["weak", "fair", "strong"]


def kappa(pairs: list[tuple[object, object]]) -> float | None:
    """Cohen's kappa of paired judgements; None when chance agreement is total (undefined)."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in first) / (n * n)
    return None if chance == 1 else (observed - chance) / (1 - chance)


def show(k: float | None) -> str:
    return "n/a" if k is None else f"{k:.2f}"


def main(folder: Path) -> None:
    first = yaml.safe_load((folder / "labels.yaml").read_text())
    second = yaml.safe_load((folder / "labels-second.yaml").read_text())
    if set(first) != set(second):
        sys.exit(f"the two files label different letters: {sorted(set(first) ^ set(second))}")

    judgements: dict[str, list[tuple[bool, bool]]] = {}
    disagreements: list[tuple[str, str, str]] = []
    tiers: list[tuple[str, str]] = []
    for name in sorted(first):
        guide = first[name]["guide"]
        if second[name].get("guide", guide) != guide:
            sys.exit(f"{name}: the labellers used different guides")
        fires1, fires2 = set(first[name]["fires"] or []), set(second[name]["fires"] or [])
        for rule in GUIDE_RULES[guide]:
            a, b = rule in fires1, rule in fires2
            judgements.setdefault(rule, []).append((a, b))
            if a != b:
                disagreements.append((name, rule, "first only" if a else "second only"))
        tiers.append((first[name]["tier"], second[name]["tier"]))

    pooled = [pair for pairs in judgements.values() for pair in pairs]
    print(f"{len(first)} letters, {len(pooled)} rule judgements")
    print(f"pooled: agreement {sum(a == b for a, b in pooled) / len(pooled):.1%}, "
          f"Cohen's kappa {show(kappa(pooled))}\n")
    print(f"{'rule':30} {'n':>3} {'fires 1st':>9} {'fires 2nd':>9} {'agree':>6} {'kappa':>6}")
    for rule in sorted(judgements, key=lambda r: (sum(a == b for a, b in judgements[r])
                                                  / len(judgements[r]), r)):
        pairs = judgements[rule]
        agree = sum(a == b for a, b in pairs) / len(pairs)
        print(f"{rule:30} {len(pairs):>3} {sum(a for a, _ in pairs):>9} "
              f"{sum(b for _, b in pairs):>9} {agree:>6.0%} {show(kappa(pairs)):>6}")

    exact = sum(a == b for a, b in tiers) / len(tiers)
    within_one = sum(abs(TIERS.index(a) - TIERS.index(b)) <= 1 for a, b in tiers) / len(tiers)
    print(f"\ntiers: exact agreement {exact:.1%} (kappa {show(kappa(tiers))}), "
          f"within one step {within_one:.1%}")
    print("  first \\ second  " + "  ".join(f"{t:>6}" for t in TIERS))
    counts = Counter(tiers)
    for t1 in TIERS:
        print(f"  {t1:>14}  " + "  ".join(f"{counts[(t1, t2)]:>6}" for t2 in TIERS))
    for name, (t1, t2) in zip(sorted(first), tiers, strict=True):
        if t1 != t2:
            print(f"  {name}: first {t1}, second {t2}")

    print(f"\n{len(disagreements)} rule disagreements:")
    for name, rule, who in disagreements:
        print(f"  {name}: {rule} ({who})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "held-out")
