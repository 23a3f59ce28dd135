"""A guide's patterns are ruled in or out for a letter all at once (bot/review/gate.py): each is loosened
into an RE2 pattern that must match wherever it does, and a pattern the guide's set rules out is never
scanned. A loosened pattern that missed a match would silently change reviews: these tests hold every
shipped pattern to it, on the labelled letters, the edge cases the scan tests use and every rule example."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import re2

from bot.guides import GuideLibrary
from bot.review import engine, plan
from bot.review.anchors import FOLDS_TO_ASCII
from bot.review.gate import Gate, loosened
from bot.review.text import normalise

from .test_review_patterns import EDGES, _patterns

LETTERS = sorted((Path(__file__).parent / "letters").glob("*.txt"))


@pytest.fixture(scope="module")
def texts(library) -> list[str]:
    found = [normalise(p.read_text(encoding="utf-8")) for p in LETTERS] + [normalise(t) for t in EDGES]
    for guide in library:
        found.append(normalise(guide.example.letter))
        found += [normalise(t) for r in guide.review.rules for t in r.examples.triggers + r.examples.passes]
    return list(dict.fromkeys(found))


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    return options


@pytest.mark.parametrize("pattern", _patterns())
def test_a_loosened_pattern_matches_wherever_the_pattern_does(texts, pattern):
    loose = loosened(pattern)
    if loose is None:  # a back-reference: RE2 has none, so the pattern is always scanned
        assert re.search(r"\\\d|\(\?P=", pattern), pattern
        return
    regex, looser = re.compile(pattern, re.I | re.M), re2.compile(loose, _options())
    # (a text with a character that re.IGNORECASE folds to ASCII is never gated: the last test below)
    for text in (t for t in texts if not any(c in t for c in FOLDS_TO_ASCII)):
        if any(m.end() > m.start() for m in regex.finditer(text)):
            assert looser.search(text) is not None, (loose, text[:80])


def test_the_gate_rules_out_only_patterns_that_find_nothing(texts):
    patterns = _patterns()
    gate = Gate(patterns)
    assert len(gate.patterns) >= len(patterns) - 2  # all but the back-references are in the set
    ruled_out = 0
    for text in texts[:80]:
        for pattern in gate.ruled_out(text):
            assert not any(m.end() > m.start() for m in re.finditer(pattern, text, re.I | re.M)), (pattern, text)
            ruled_out += 1
    assert ruled_out > 40 * len(patterns)  # and it rules most of them out: most letters match few patterns


def test_nothing_is_ruled_out_when_case_folding_reaches_ascii():
    gate = Gate([r"\bwriting\b", r"\bpython\b"])
    assert gate.ruled_out("I am writing.") == {r"\bpython\b"}
    assert gate.ruled_out("I am wr\u0131ting.") == frozenset()  # "\u0131" is "i" to re.IGNORECASE, not to RE2


def test_a_gate_with_nothing_to_filter_rules_nothing_out():
    gate = Gate([r"\b(\w+) \1\b"])  # a back-reference: RE2 can't run it, so it is always scanned
    assert gate.patterns == [] and gate.ruled_out("I am writing.") == frozenset()


def test_a_review_is_the_same_with_the_gate_and_without(library, monkeypatch):
    reviews = {}
    for guide_id in ("ml-engineer", "general", "data-analyst"):
        while plan.plan_for(library.rules_for(library.guides[guide_id])) is None:
            pass  # made at a guide's second review
    for gated in (True, False):
        if not gated:
            monkeypatch.setattr(engine, "plan_for", lambda rules: None)
        for guide_id in ("ml-engineer", "general", "data-analyst"):
            rules = library.rules_for(library.guides[guide_id])
            for path in LETTERS:
                result = engine.review(path.read_text(encoding="utf-8"), guide_id, rules)
                reviews.setdefault((guide_id, path.name), []).append((result.to_dict(), result.ceiling))
    assert all(a == b for a, b in reviews.values())


def test_a_plan_is_made_at_a_guides_second_review_or_its_warm_up_and_kept(library: GuideLibrary, monkeypatch):
    monkeypatch.setattr(plan, "_PLANS", {})
    general, analyst = (library.rules_for(library.guides[g]) for g in ("general", "data-analyst"))
    assert plan.plan_for(general) is None  # a one-off review doesn't wait for a plan
    made = plan.plan_for(library.rules_for(library.guides["general"]))
    assert made is not None and plan.plan_for(general) is made
    assert plan.plan_for(analyst) is None
    plan.make_plans()  # as a bot warms up
    assert plan.plan_for(analyst) is not None


def test_the_guides_share_one_gate_that_covers_each_of_their_patterns(library: GuideLibrary, monkeypatch):
    monkeypatch.setattr(plan, "_PLANS", {})
    monkeypatch.setattr(plan, "_shared", None)
    rules = [library.rules_for(library.guides[g]) for g in ("general", "data-analyst", "ux-designer")]
    for each in rules:
        plan.plan_for(each)
    plan.make_plans()  # as a bot warms up: one gate for all three, made once
    made = [plan.plan_for(each) for each in rules]
    assert all(p is not None and p.gate is made[0].gate for p in made)  # type: ignore[union-attr]
    assert all(p.scanned <= made[0].gate.asked for p in made)  # type: ignore[union-attr]
    first = made[0].gate  # type: ignore[union-attr]
    # A guide reviewed later (a community's) widens the gate, and earlier plans review with the wider one,
    # which covers their patterns too.
    later = library.rules_for(library.guides["product-manager"])
    plan.plan_for(later)
    wider = plan.plan_for(later)
    assert wider is not None and wider.gate is not first and first.asked < wider.gate.asked
    engine.review((LETTERS[0]).read_text(encoding="utf-8"), "general", rules[0])
    assert made[0].gate is wider.gate  # type: ignore[union-attr]
