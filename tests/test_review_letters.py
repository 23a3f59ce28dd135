"""The labelled letters: per-rule precision and recall over letters we wrote ourselves."""
from __future__ import annotations

from collections import defaultdict

import pytest

from bot.review.engine import review

from .conftest import LABELS

THRESHOLD = 0.9
SCORES: dict[str, tuple[int, int, int]] = {}  # rule -> (true pos, false pos, false neg), printed by conftest


def _fired(library, name: str) -> tuple[set[str], set[str]]:
    label = LABELS[name]
    guide = library.guides[label["guide"]]
    rules = library.rules_for(guide)
    text = label["path"].read_text(encoding="utf-8")
    result = review(text, guide.id, rules)
    return {f.rule for f in result.issues}, {r.id for r in rules}


def test_there_are_enough_letters_of_each_kind():
    assert len(LABELS) >= 25
    assert all(label["path"].exists() for label in LABELS.values())


def test_every_role_guide_has_its_own_strong_and_weak_letters(library):
    """Six letters a guide at least, written for it, some it should praise and some it should not."""
    for guide in library:
        if guide.id in ("general", "general-us", "ml-engineer"):  # labelled in letters/ and letters/held-out/
            continue
        mine = [label for label in LABELS.values() if label["path"].parent.name == guide.id]
        assert len(mine) >= 6, f"{guide.id} has {len(mine)} labelled letters"
        assert all(label["guide"] == guide.id for label in mine)
        assert any(not label["fires"] for label in mine) and any(len(label["fires"]) >= 3 for label in mine)


def test_every_contract_rule_is_labelled_positive_at_least_twice():
    positives = defaultdict(int)
    for label in LABELS.values():
        for rule in label["fires"]:
            positives[rule] += 1
    contract = ["length.words", "structure.paragraphs", "placeholders", "opening.quantified", "signal.production",
                "signal.mlops", "signal.judgement", "signal.regulatory", "mistake.framework-list",
                "mistake.research-only", "mistake.tool-without-outcome", "uk.signoff", "privacy.personal-data"]
    assert {r: positives[r] for r in contract if positives[r] < 2} == {}


def test_per_rule_precision_and_recall(library):
    counts = defaultdict(lambda: [0, 0, 0])
    for name, label in LABELS.items():
        fired, all_rules = _fired(library, name)
        expected = set(label["fires"])
        assert expected <= all_rules, f"{name}: labels name rules the guide does not have"
        for rule in all_rules:
            if rule in fired and rule in expected:
                counts[rule][0] += 1
            elif rule in fired:
                counts[rule][1] += 1
            elif rule in expected:
                counts[rule][2] += 1
    SCORES.update({rule: tuple(c) for rule, c in counts.items()})
    below = {}
    for rule, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        if precision < THRESHOLD or recall < THRESHOLD:
            below[rule] = (round(precision, 2), round(recall, 2))
    assert below == {}, f"rules below {THRESHOLD} precision or recall: {below}"


@pytest.mark.parametrize("name", sorted(LABELS))
def test_each_letter(library, name):
    """Not the contract (precision and recall are), but it names the letter when a rule drifts."""
    fired, _ = _fired(library, name)
    assert fired == set(LABELS[name]["fires"])
