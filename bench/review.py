"""Review latency by letter length, with proselint on the same letters as a reference.

    python -m bench.review

Letters of 250, 400 and 2,000 words are built from the labelled letters in
tests/letters, so they read like real letters and exercise every rule.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

from bot.guides import GuideLibrary
from bot.review import engine

from .common import machine, percentiles, table, time_calls

LETTERS = Path(__file__).resolve().parent.parent / "tests" / "letters"
SOURCES = ["01-strong-fintech", "05-framework-list", "10-over-length", "20-tool-without-outcome", "06-research-heavy"]


def build_letter(words: int) -> str:
    """A letter of about ``words`` words: salutation, three or more paragraphs, sign-off."""
    sentences = []
    for name in SOURCES:
        text = (LETTERS / f"{name}.txt").read_text(encoding="utf-8")
        body = [ln for ln in text.splitlines()[2:-3] if ln.strip()]
        sentences += re.split(r"(?<=[.!?])\s+", " ".join(body))
    paragraphs, current, count, i = [], [], 0, 0
    budget = words - 4  # the salutation and sign-off lines
    while count < budget:
        sentence = sentences[i % len(sentences)]
        i += 1
        current.append(sentence)
        count += len(sentence.split())
        if len(current) == 4:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "Dear Ms Okafor,\n\n" + "\n\n".join(paragraphs) + "\n\nYours sincerely,\nSam Adeyemi\n"


def _proselint():
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    return lambda text: LintFile("letter", text).lint()


def measure(repeat: int = 300) -> dict[int, tuple[float, float, float | None]]:
    """{words: (our p50 ms, our p99 ms, proselint p50 ms or None)} on the same letters."""
    library = GuideLibrary.load()
    guide = library.guides["ml-engineer"]
    rules = library.rules_for(guide)
    lint = _proselint()
    out = {}
    for words in (250, 400, 2000):
        letter = build_letter(words)
        n = repeat if words < 1000 else max(30, repeat // 5)
        ours = percentiles(time_calls(lambda: engine.review(letter, guide.id, rules), n))
        theirs = percentiles(time_calls(lambda: lint(letter), max(20, n // 5)))[0] if lint else None
        out[words] = (*ours, theirs)
    return out


# Pastes built to make regular expressions backtrack: each is reviewed in full (10,000 characters).
ADVERSARIAL = {"digits and commas": "1,", "digits and dots": "1.", "hyphenated run": "a-", "one long word": "x",
               "at signs": "x@", "percentages": "1% ", "pound signs": "\u00a31",
               "full stops": "..", "numbered lines": "\n1."}


def worst_case(repeat: int = 5) -> tuple[str, float]:
    """The slowest adversarial paste and its p50 in ms: catches a quadratic regular expression."""
    library = GuideLibrary.load()
    guide = library.guides["ml-engineer"]
    rules = library.rules_for(guide)
    timings = {}
    for name, unit in ADVERSARIAL.items():
        text = (unit * (10_000 // len(unit) + 1))[:10_000]
        timings[name] = percentiles(time_calls(lambda: engine.review(text, guide.id, rules), repeat, warmup=1))[0]
    name = max(timings, key=timings.get)
    return name, timings[name]


def letters_per_second(seconds: float = 2.0) -> float:
    """400-word letters reviewed one after another on one core."""
    library = GuideLibrary.load()
    guide = library.guides["ml-engineer"]
    rules, letter = library.rules_for(guide), build_letter(400)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        engine.review(letter, guide.id, rules)
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    rows = [[f"review, {words} words", f"{p50:.2f}", f"{p99:.2f}",
             f"{lint:.2f}" if lint else "(pip install proselint)", f"{lint / p50:.1f}x" if lint else ""]
            for words, (p50, p99, lint) in measure().items()]
    print(f"Review latency in ms ({machine()}); target: 400-word p99 under 5 ms. "
          f"Letters per second on one core (400 words): {letters_per_second():.0f}")
    print(table(["measure", "p50", "p99", "proselint p50", "proselint/ours"], rows))
    name, ms = worst_case()
    print(f"Slowest adversarial 10,000-character paste ({name}): {ms:.1f} ms")


if __name__ == "__main__":
    main()
