"""Community guides on hostile input: `python -m bench.community_guides`.

A moderator's guide is text from the public. This times a review of 10,000-character pastes built to
make backtracking engines explode, against a guide whose patterns are the classic catastrophic ones
(`(a+)+$`, `(x+x+)+y`) and against the largest guide the limits allow (40 rules of 200 terms), with
the shipped ml-engineer guide on the same pastes as the reference. Medians with p99 over N runs.
"""
from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from bot import community_guides
from bot.guides import GuideLibrary
from bot.review.engine import review

from .common import machine, percentiles, table, time_calls

ROOT = Path(__file__).resolve().parent.parent
NURSE = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")
CARING = r"patterns: ['\b(caring|compassionate) (and|nurse|person)']"
PASTES = {"a x 9,999 then !": "a" * 9_999 + "!", "x x 10,000": "x" * 10_000,
          "words of 40 a's": ("a" * 40 + " ") * 243}


def _largest_guide() -> str:
    rules = "\n".join(
        f"    - {{id: signal.big{i}, type: required, severity: suggestion, category: signals, "
        f"message: 'Say more about topic {i}.', terms: [{', '.join(f'q{i}{j}' for j in range(200))}]}}"
        for i in range(38))  # with the guide's own 2: 40 rules
    return NURSE.replace("  rules:\n", "  rules:\n" + rules + "\n", 1)


def measure(runs: int = 20) -> list[list]:
    shipped = GuideLibrary.load()
    guides = {
        "catastrophic patterns": community_guides.check(NURSE.replace(CARING, "patterns: ['(a+)+$', '(x+x+)+y']"),
                                                        shipped),
        "largest allowed (40 rules x 200 terms)": community_guides.check(_largest_guide(), shipped),
    }
    rows = []
    reference = shipped.guides["ml-engineer"]
    for paste_name, paste in PASTES.items():
        ref50, _ = percentiles(time_calls(partial(review, paste, "ml-engineer", shipped.rules_for(reference)), runs, 2))
        for guide_name, (guide, problems) in guides.items():
            assert not problems, problems
            rules = community_guides.overlay(shipped, [guide]).rules_for(guide)
            p50, p99 = percentiles(time_calls(partial(review, paste, guide.id, rules), runs, 2))
            rows.append([f"{guide_name}, {paste_name}", f"{p50:.1f}", f"{p99:.1f}", f"{ref50:.1f}", "100",
                         "yes" if p99 < 100 else "no"])
    return rows


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"Community guides on hostile 10,000-character pastes ({machine()}, {runs} runs each, ms)\n")
    print(table(["guide and paste", "p50", "p99", "ml-engineer p50", "target p99", "met"], measure(runs)))
