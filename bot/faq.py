"""Finds the FAQ answer for a question in the member's own words.

Each entry is matched on its question and its ``also_asked`` phrasings. The
score blends overall similarity with how many of the member's content words
the entry covers, so "what is the weather" does not match "what length".
"""
from __future__ import annotations

from dataclasses import dataclass

STRONG = 70
WEAK = 45
_STOP = frozenset(
    "a an the i im i'm my me we you your do does did should would could can is are was be been it its "
    "to of for in on at and or if so what how when which who whom why this that there any even really "
    "just about with into".split())


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str
    source: str  # a guide id, or "community" for the community's own entries
    phrasings: tuple[str, ...] = ()
    source_title: str = ""


@dataclass(frozen=True)
class FaqMatch:
    best: FaqItem | None
    score: float
    closest: tuple[FaqItem, ...]

    @property
    def strong(self) -> bool:
        return self.best is not None and self.score >= STRONG


def _content(text: str) -> list[str]:
    from rapidfuzz import utils
    return [w for w in utils.default_process(text).split() if w not in _STOP]


def _score(query: str, phrasing: str) -> float:
    from rapidfuzz import fuzz, process, utils  # loaded with the first question, not at start
    q, p = utils.default_process(query), utils.default_process(phrasing)
    if q == p:
        return 100.0
    words = _content(query)
    if not words:
        return fuzz.ratio(q, p) * 0.6
    candidate = _content(phrasing)
    covered = sum(1 for w in words
                  if candidate and process.extractOne(w, candidate, scorer=fuzz.ratio, score_cutoff=80))
    return 0.5 * fuzz.token_sort_ratio(q, p) + 50.0 * covered / len(words)


def match(query: str, items: list[FaqItem]) -> FaqMatch:
    """Best entry for ``query``; earlier items win ties, so callers order by preference."""
    scored = []
    for rank, item in enumerate(items):
        best = max(_score(query, p) for p in (item.question, *item.phrasings))
        scored.append((-best, rank, item))
    scored.sort(key=lambda t: (t[0], t[1]))
    if not scored:
        return FaqMatch(None, 0.0, ())
    top_score = -scored[0][0]
    closest = tuple(item for s, _, item in scored[:3] if -s >= WEAK)
    return FaqMatch(scored[0][2] if top_score >= WEAK else None, top_score, closest)
