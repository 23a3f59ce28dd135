"""What a long-running bot loads before members arrive: their first requests would otherwise load it while
every other request waits (an import holds the event loop). A one-shot command loads only what it uses."""
from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .guides import GuideLibrary

YOUNGEST = 10_000  # allocations between collections of the youngest generation, once loaded (default 700)


def load(library: GuideLibrary, reviews: bool = True) -> None:
    """The review engine with its patterns compiled (one review of each guide's example letter: only where
    ``reviews`` are made, not in a bot whose reviews run in worker processes), the advert reader's
    vocabulary, and the FAQ matcher; then all of it frozen out of the garbage collector's way.
    Run in a worker thread."""
    from . import faq
    from .advert import intake as advert_intake  # every review asks whether the letter is an advert, on the loop
    from .advert.rules import titles
    from .advert.vocabulary import load as advert_vocabulary
    from .review import engine, intake  # noqa: F401  (intake: a letter screened on the event loop, cooldowns)
    from .review.report import review_reply
    titles(advert_vocabulary())
    advert_intake.reads_as_advert(next(iter(library)).example.letter)
    for guide in library if reviews else ():
        rules = library.rules_for(guide)
        review_reply(engine.review(guide.example.letter, guide.id, rules, None), guide,
                     {r.id: r.title for r in rules}, None)
    if reviews:  # a pattern is compiled at its first try: the examples' reviews planned them, compile them all
        from .review.patterns import compile_planned
        from .review.plan import warm_gates
        compile_planned()
        warm_gates([guide.example.letter for guide in library] + [
            text for guide in library for rule in guide.review.rules
            for text in (*rule.examples.triggers, *rule.examples.passes)])
    faq.match("how long should my letter be", [faq.FaqItem(e.question, e.answer, g.id, tuple(e.also_asked))
                                               for g in library for e in g.faq])
    # What is loaded now lives as long as the process: frozen, it is left out of every later collection,
    # so a full one walks only what requests create (bench.advert: its pauses fell from ~20 ms to under
    # 1 ms, and they had set the p99 of a review).
    gc.freeze()
    # What requests create is short-lived: most of it is freed before a collection of the youngest
    # generation would see it, the more so the fewer such collections run (every 700 allocations by
    # default, which in a burst of Slack commands walked the same live requests again and again).
    gc.set_threshold(YOUNGEST, 50, 10)
