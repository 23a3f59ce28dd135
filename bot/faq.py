"""Finds the FAQ answer for a question in the member's own words.

Each entry is matched on its question and its ``also_asked`` phrasings. The
score blends overall similarity with how many of the member's content words
the entry covers, so "what is the weather" does not match "what length".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import Stemmer

if TYPE_CHECKING:
    from .core import Shortlist
    from .guides import Guide
    from .request import Request

STRONG = 70
WEAK = 45
OWN = 55  # enough for the community's own answer, matched among its own first, to be the answer
NEAR = 0.7  # a word matched only by a near spelling (a typo, or another word)
BACK = 0.9  # a phrasing held whole by a longer question counts a little less than the question covered whole
_STOP = frozenset(
    "a an the i im i'm my me we you your do does did should would could can is are was be been it its "
    "to of for in on at and or if so what how when which who whom why this that there any even really "
    "just about with into as myself yourself they them their "
    # "is it ok", "do I have to", "how much" frame the question; they are not its subject
    "ok okay fine alright have has much many dont don't am "
    # nor is "use": "is it ok to use first person so much" is not about using ChatGPT (trial 12 F31)
    "use using "
    # the question words members often mistype (trial 13 F16: "how long shoud my coverletter be")
    "shoud shold shoudl wat wht hw u ur".split())
# "I'm not certified yet" is "I am not certified yet" (trial 10: a community's also_asked, written out, was missed)
_CONTRACTION = re.compile(r"(?<=\w)['\u2019](m|re|ve|ll|d)\b|(?<=\w)n['\u2019]t\b", re.I)
_COVERLETTER = re.compile(r"\bcover[- ]?letter", re.I)  # one word, as typed on phones
_WRITTEN_OUT = {"m": " am", "re": " are", "ve": " have", "ll": " will", "d": " would", None: " not"}


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


async def items_for(core: Shortlist, request: Request, guides: list[Guide]) -> list[FaqItem]:
    """FAQ entries to search, in order of preference: the community's own answers first, then
    the default guide's, so they win ties."""
    settings = await core.settings(request.community_id)
    own = [FaqItem(f.question, f.answer, "community", f.also_asked, "Your community") for f in settings.faq]
    if not guides:
        first = core.library.lineage(await core.default_guide_id(request))
        guides = sorted(core.library, key=lambda g: first.index(g.id) if g.id in first else len(first))
    return own + [FaqItem(e.question, e.answer, g.id, tuple(e.also_asked), g.title) for g in guides for e in g.faq]


@functools.lru_cache(maxsize=4096)
def _prepared(text: str) -> tuple[str, tuple[str, ...]]:
    """The text normalised for matching, and its content words: worked out once per phrasing (the
    guides' questions are matched against every member's question)."""
    from rapidfuzz import utils  # loaded with the first question, not at start
    text = re.sub(r"\b(ca|wo)n['\u2019]t\b", lambda m: "cannot" if m[1].lower() == "ca" else "will not", text,
                  flags=re.I)
    text = _COVERLETTER.sub("letter", text)
    processed = utils.default_process(_CONTRACTION.sub(lambda m: _WRITTEN_OUT[m[1] and m[1].lower()], text))
    return processed, tuple(_stem(w) for w in processed.split() if w not in _STOP)


# Snowball's English stemmer (PyStemmer, which the advert matcher uses too): "driving" meets "drive" whole, and so
# does "references" "reference"; a near spelling still counts less ("formal" is not "format"). guides/faq/words.yaml
# says where it is overruled: words members use for one thing, and word families it joins to another meaning.
_snowball = Stemmer.Stemmer("english").stemWord


def _stem(word: str) -> str:
    return _WORDS.get(word) or _snowball(word)


def _words() -> dict[str, str]:
    """Each word of guides/faq/words.yaml's groups, as typed, to its group's stem: a ``same`` group's is the Snowball
    stem of its first word (words members use for one thing), an ``apart`` group's its first word as typed (a family
    Snowball cuts back to a word that means something else, which keeps a stem of its own)."""
    import yaml
    groups = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {word: stem for key, stem_of in (("same", _snowball), ("apart", str)) for group in groups[key]
            for stem in (stem_of(group[0]),) for word in group}


WORDS_FILE = Path(__file__).resolve().parent.parent / "guides" / "faq" / "words.yaml"
_WORDS = _words()


def match(query: str, items: list[FaqItem]) -> FaqMatch:
    """Best entry for ``query``; earlier items win ties, so callers order by preference."""
    scorer = _Scorer(query, [p for item in items for p in (item.question, *item.phrasings)])
    scored = []
    for rank, item in enumerate(items):
        best = max(scorer.score(p) for p in (item.question, *item.phrasings))
        scored.append((-best, rank, item))
    scored.sort(key=lambda t: (t[0], t[1]))
    if not scored:
        return FaqMatch(None, 0.0, ())
    top_score = -scored[0][0]
    closest: list[FaqItem] = []
    for s, _, item in scored:  # the three closest, each asked once (the UK and US guides share questions)
        if -s < WEAK or len(closest) == 3:
            break
        if not any(_same_question(item.question, c.question) for c in closest):
            closest.append(item)
    return FaqMatch(scored[0][2] if top_score >= WEAK else None, top_score, tuple(closest))


def exact(query: str, items: list[FaqItem]) -> FaqItem | None:
    """The first entry whose question the member typed word for word: a suggested question copied back gets its
    own answer, not a near one from a guide searched first (trial 14 F8). Only questions: a short phrasing ("how
    long should my letter be") is shared by several guides, and the member's own guide's must still win."""
    typed = _prepared(query)[0]
    return next((item for item in items if _prepared(item.question)[0] == typed), None)


def _same_question(a: str, b: str) -> bool:
    from rapidfuzz import fuzz
    return fuzz.token_set_ratio(_prepared(a)[0], _prepared(b)[0]) >= 85


class _Scorer:
    """How well a question matches each phrasing (0-100): half its similarity as a whole, half the share of
    its content words the phrasing covers (or of the phrasing's the question holds). For many phrasings at
    once: each of the query's words is compared with every distinct word of the phrasings once (not once
    per phrasing), in rapidfuzz's C loops."""

    def __init__(self, query: str, phrasings: list[str]):
        from rapidfuzz import fuzz, process
        self.query, self.words = _prepared(query)
        self._ratio = fuzz.ratio
        vocabulary = list({w for p in phrasings for w in _prepared(p)[1]})
        self._near = {w: {v for v, _, _ in process.extract(w, vocabulary, scorer=fuzz.ratio, score_cutoff=80,
                                                             limit=None)} for w in set(self.words)}
        self._reached = set().union(*self._near.values())
        texts = list(dict.fromkeys(_prepared(p)[0] for p in phrasings))
        self._sorted = {texts[i]: score for _, score, i in
                        process.extract(self.query, texts, scorer=fuzz.token_sort_ratio, limit=None)}

    def score(self, phrasing: str) -> float:
        p, candidate = _prepared(phrasing)
        if self.query == p:
            return 100.0
        if not self.words:
            return self._ratio(self.query, p) * 0.6
        present = set(candidate)
        # a word met only by a near spelling counts less than the word itself: "formal" is not "format"
        covered = sum(1.0 if w in present else NEAR if self._near[w] & present else 0.0
                      for w in self.words) / len(self.words)
        # ...or how much of the phrasing the question holds: "do I need to say sorry that I have only taught for
        # three years" holds all of "should I say sorry", though most of its own words are its story
        held = len(present & self._reached) / len(present) * BACK if len(present) >= 2 else 0.0
        return 0.5 * self._sorted[p] + 50.0 * max(covered, held)
