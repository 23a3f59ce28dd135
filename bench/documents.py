"""Reading a letter's file, beside reviewing it: one-page PDF and Word documents.

    python -m bench.documents

The documents are built with reportlab and python-docx from a 400-word letter (the same one the
review benchmark uses), so they read like a member's real file: wrapped paragraphs, a sign-off.
"""
from __future__ import annotations

from functools import partial

from bot.documents import read_document
from bot.guides import GuideLibrary
from bot.review import engine

from .common import machine, percentiles, table, time_calls
from .review import build_letter

TARGET_MS = 100  # a one-page document read and reviewed, p99


def measure(repeat: int = 200) -> list[tuple[str, float, float, float, float, int]]:
    """[(format, read p50, read p99, read and review p50, read and review p99, pages)], in ms."""
    from tests import docfiles

    library = GuideLibrary.load()
    guide = library.guides["ml-engineer"]
    rules = library.rules_for(guide)
    letter = build_letter(400)
    rows = []
    for kind in ("pdf", "docx"):
        data = getattr(docfiles, kind)(letter)
        document = read_document(data)
        read50, read99 = percentiles(time_calls(partial(read_document, data), repeat))
        both50, both99 = percentiles(time_calls(
            lambda data=data: engine.review(read_document(data).text, guide.id, rules), repeat))
        rows.append((kind, read50, read99, both50, both99, document.pages or 1))
    return rows


def review_alone(repeat: int = 200) -> tuple[float, float]:
    library = GuideLibrary.load()
    guide = library.guides["ml-engineer"]
    rules, letter = library.rules_for(guide), build_letter(400)
    return percentiles(time_calls(lambda: engine.review(letter, guide.id, rules), repeat))


def main(runs: int = 3) -> None:
    """Medians of ``runs`` runs, with the spread of the p99s, and the engine alone from the same runs."""
    import statistics
    measured = [measure() for _ in range(runs)]
    alone = [review_alone()[0] for _ in range(runs)]
    rows = []
    for i, (kind, *_) in enumerate(measured[0]):
        for label, p50_at, p99_at, target in (("read", 1, 2, False), ("read and reviewed", 3, 4, True)):
            p50 = statistics.median(m[i][p50_at] for m in measured)
            p99s = sorted(m[i][p99_at] for m in measured)
            verdict = ("met" if max(p99s) < TARGET_MS else "missed") if target else ""
            rows.append([f"one-page {kind.upper()}, {label} (ms)", f"{p50:.2f}", f"{statistics.median(p99s):.2f}",
                         f"{p99s[0]:.1f}-{p99s[-1]:.1f}", f"{statistics.median(alone):.2f}", verdict])
    print(f"Documents ({machine()}), 400-word letter, medians of {runs} runs; "
          f"target: read and reviewed p99 under {TARGET_MS} ms in every run")
    print(table(["measure", "p50", "p99", "p99 spread", "review engine alone p50", "target"], rows))


if __name__ == "__main__":
    main()
