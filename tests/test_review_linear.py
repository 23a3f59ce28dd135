"""The review engine's work grows linearly with the text, whatever the text (issue #15).

Work is counted, not timed: every line of Python the review executes (a loop's every turn is a
line event, so a scan of the whole letter for each sentence shows), and every call into a compiled
regular expression. Pasted text is capped at 10,000 characters before review, but the engine must
not depend on that cap: these inputs go to 100,000 characters.
"""
from __future__ import annotations

import itertools
import re
import string
import sys
from pathlib import Path

import pytest

from bot.guides import GuideLibrary
from bot.review import engine

LETTERS = Path(__file__).parent / "letters"


def _prose(size: int) -> str:
    """Real letters, one after another, cut to ``size`` characters."""
    text = "\n\n".join((LETTERS / name).read_text(encoding="utf-8") for name in
                       ("01-strong-fintech.txt", "04-weak-generic.txt", "05-framework-list.txt",
                        "18-personal-contact.txt", "27-general-weak.txt"))
    return (text * (size // len(text) + 1))[:size]


def _repeat(unit: str):
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _names(size: int) -> str:
    """Different made-up names, each one letter from many others ("Zqaabburn Zqaacburn ..."): spelling
    asks, for every capitalised word it doesn't know, whether the letter spells it another way. (Fewer
    than the 4,096 words spelling remembers, so a second review of the same text finds them all.)"""
    names = (f"Zq{''.join(letters)}burn" for letters in itertools.product(string.ascii_lowercase, repeat=4))
    return " ".join(itertools.islice(names, size // 11 + 1))[:size]


# Shapes that made earlier engines quadratic: thousands of short sentences each naming a tool or a
# figure (every sentence asked about the whole letter's matches), runs of digits and commas, names
# each compared with every other word.
INPUTS = {
    "prose": _prose,
    "a tool a sentence": _repeat("PyTorch. "),
    "a figure a sentence": _repeat("Cut costs 30%. "),
    "digits and commas": _repeat("1,"),
    "a list a sentence": _repeat("I used Python, SQL, Spark and Airflow. "),
    "numbered lines": _repeat("\n1."),
    "a different name a word": _names,
}


def work(text: str, guide_id: str, rules) -> tuple[int, int]:
    """(lines of Python executed, calls into compiled patterns) for one review of ``text``."""
    lines = calls = 0

    def trace(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return trace

    def profile(frame, event, arg):
        nonlocal calls
        if event == "c_call" and isinstance(getattr(arg, "__self__", None), re.Pattern):
            calls += 1

    previous = sys.gettrace(), sys.getprofile()
    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        engine.review(text, guide_id, rules)
    finally:
        sys.setprofile(previous[1])
        sys.settrace(previous[0])
    return lines, calls


@pytest.fixture(scope="module")
def rules():
    library = GuideLibrary.load()
    return {g: library.rules_for(library.guides[g]) for g in ("ml-engineer", "general")}


@pytest.mark.parametrize("guide_id", ["ml-engineer", "general"])
@pytest.mark.parametrize("shape", list(INPUTS))
def test_review_work_grows_linearly(rules, guide_id, shape):
    make = INPUTS[shape]
    sizes = (10_000, 20_000, 40_000)
    for size in sizes:
        engine.review(make(size), guide_id, rules[guide_id])  # caches of compiled patterns and words are warm
    counts = {size: work(make(size), guide_id, rules[guide_id]) for size in sizes}
    for i, what in enumerate(("lines executed", "pattern calls")):
        base = max(counts[10_000][i], 1)
        for size in (20_000, 40_000):
            # Linear work doubles with the text (x2, x4); quadratic work goes x4, x16. A little slack
            # for work that doesn't scale (rules that stop early on a long text).
            assert counts[size][i] <= base * size / 10_000 * 1.15, (shape, what, counts)


def test_a_100k_character_paste_is_reviewed_in_linear_work(rules):
    rules = rules["ml-engineer"]
    engine.review(_prose(10_000), "ml-engineer", rules)
    small, large = work(_prose(10_000), "ml-engineer", rules), work(_prose(100_000), "ml-engineer", rules)
    assert large[0] <= small[0] * 10 * 1.15 and large[1] <= small[1] * 10 * 1.15, (small, large)


@pytest.mark.parametrize("shape", ["digits and commas", "numbered lines", "a figure a sentence"])
def test_review_memory_grows_linearly(rules, shape):
    """The memory a review holds at its peak grows with the text, no faster: a review's time grows faster than
    its instructions where its working set outgrows the processor's caches (these pastes hold 1.2-1.9 MB at
    their peak at 10,000 characters, 4.8-7.7 MB at 40,000), so a list of pairs, a copy of the rest of the
    letter for each sentence, or a cache that keeps every paste would show here before in the bench."""
    import tracemalloc

    make, rules = INPUTS[shape], rules["ml-engineer"]
    engine.review(make(10_000), "ml-engineer", rules)  # patterns compiled, vocabularies planned: not the review's

    def peak(text: str) -> int:
        tracemalloc.start()
        try:
            engine.review(text, "ml-engineer", rules)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(make(10_000)), peak(make(40_000))
    assert large <= small * 4 * 1.15, (shape, small, large)
