"""/faq on questions members typed in trials, half held back (tests/faq/README.md): the figure is printed at the end
of the run (conftest), the held-back half's as totals only."""
from __future__ import annotations

import pytest

from .conftest import ask
from .faq_questions import OUTCOMES, Tally, outcome, questions

FIGURES: dict[str, Tally] = {}  # part -> what /faq did with its questions, printed by conftest
# Confident wrong answers, at most: main's figure when each part was made (a floor against regressions, not a target).
WRONG_AT_MOST = {"held-back": 0, "tune": 1}


@pytest.mark.parametrize("part", ["held-back", "tune"])
async def test_faq_on_questions_members_typed(core, part):
    asked = questions(part)
    entries = {entry.question for guide in core.library for entry in guide.faq}
    assert asked and all(set(q["want"]) <= entries for q in asked), "a wanted entry isn't a question /faq has"
    tally, by_trial = Tally(), dict[str, Tally]()
    for q in asked:
        found = outcome(await ask(core, f"/faq {q['ask']}"), q["want"])
        tally.counts[found] += 1
        by_trial.setdefault(q["from"], Tally()).counts[found] += 1
    FIGURES[part] = tally
    FIGURES.update({f"{part}, {trial}": counted for trial, counted in sorted(by_trial.items())})
    assert tally.total == len(asked) and set(tally.counts) <= set(OUTCOMES)
    assert tally.counts["wrong"] <= WRONG_AT_MOST[part], tally.line()


def report(write) -> None:
    for part, tally in sorted(FIGURES.items()):
        write(f"{part:22} {tally.line()}")
