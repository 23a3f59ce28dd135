"""Reviewing a letter against a job advert: the advert checked, read, and the letter reviewed.

    python -m bench.advert

A 600-word advert built from the project's labelled adverts (tests/adverts) and a 400-word letter
built as in bench.review; the reference is the same letter reviewed without the advert, in the
same run. The bot's warm-up runs first, as it does before a bot's first member arrives: it loads
the engine and freezes what start-up loaded out of the garbage collector's way (bot/warm.py).
"""
from __future__ import annotations

from pathlib import Path

from bot import warm
from bot.advert import intake, reader
from bot.guides import GuideLibrary
from bot.review import engine

from .common import cpu_calls, machine, percentiles, table, time_calls
from .review import build_letter

ADVERTS = Path(__file__).resolve().parent.parent / "tests" / "adverts" / "tune"


def build_advert(words: int) -> str:
    """An advert of about ``words`` words: the first labelled advert whole, then the requirement
    sections of the others, line by line, until it is long enough."""
    folders = sorted(p for p in ADVERTS.iterdir() if (p / "advert.txt").exists())
    lines = (folders[0] / "advert.txt").read_text(encoding="utf-8").splitlines()
    for folder in folders[1:]:
        lines += [""] + (folder / "advert.txt").read_text(encoding="utf-8").splitlines()[3:]
    out, count = [], 0
    for line in lines:
        if count >= words:
            break
        out.append(line)
        count += len(line.split())
    return "\n".join(out) + "\n"


def measure(repeat: int = 300, clock=time_calls) -> tuple[float, float, float, float, int]:
    """(p50, p99 ms of advert check + read + review; p50 ms of the review alone; p50 ms of the read
    alone; the advert's words). ``clock``: wall-clock (time_calls) or processor time (cpu_calls)."""
    library = GuideLibrary.load()
    warm.load(library)  # as the bot does before members arrive (and so with start-up objects frozen)
    guide = library.guides["ml-engineer"]
    rules = library.rules_for(guide)
    advert, letter = build_advert(600), build_letter(400)

    def with_advert():
        assert intake.problem_with(advert, letter) is None
        return engine.review(letter, guide.id, rules, reader.read(advert))

    assert with_advert().advert.total  # the advert's requirements were found
    p50, p99 = percentiles(clock(with_advert, repeat))
    alone = percentiles(clock(lambda: engine.review(letter, guide.id, rules), repeat))[0]
    read = percentiles(clock(lambda: reader.read(advert), repeat))[0]
    return p50, p99, alone, read, len(advert.split())


if __name__ == "__main__":
    rows = []
    for clock, name in ((time_calls, "wall clock"), (cpu_calls, "processor time")):
        p50, p99, alone, read, words = measure(clock=clock)
        rows += [[f"advert checked, read, letter reviewed against it ({name})", f"{p50:.2f}", f"{p99:.2f}",
                  "met" if p99 < 20 else "missed"],
                 [f"the advert read alone ({name})", f"{read:.2f}", "", ""],
                 [f"the same letter reviewed without an advert ({name}, reference)", f"{alone:.2f}", "", ""]]
    print(f"Advert + review on {machine()}: a {words}-word advert and a 400-word letter\n")
    print(table(["measure", "p50 ms", "p99 ms", "p99 < 20 ms"], rows))
