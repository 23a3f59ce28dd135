"""Reviews run inside the command's own coroutine, for a one-off command at the terminal
(`shortlist review FILE`) that runs with no event loop: nothing else is waiting for the interpreter, so
the review needs neither a thread nor asyncio (with aiosqlite and ssl, which asyncio loads, a tenth of
that command's start). The same review as review_runner.Reviews makes, by the same function."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .review_worker import Refusal, Reported, ReviewJob
from .review_worker import run as _review

if TYPE_CHECKING:
    from .guides import Guide, GuideLibrary
    from .review.engine import ReviewResult
    from .review_frame import Frame


class InlineReviews:
    workers = 1
    depth = 1
    in_process = True
    inline = True  # a shared file is read here too, not in a thread (bot/commands/review.py)

    def __init__(self) -> None:
        self.in_flight = 0

    def rides_in_ack(self, budget: float) -> bool:
        return True  # no platform waits on a terminal

    def waits_for(self, task: Any) -> None:
        """Nothing to count: one review at a time."""

    async def review(self, text: str, guide: Guide, library: GuideLibrary, advert: str | None,
                     screen: bool = False, region: str | None = None, alone: bool = False, report: bool = False,
                     note: str | None = None, frame: Frame | None = None,
                     draw: str | None = None) -> ReviewResult | Reported | Refusal:
        return _review(library, ReviewJob(text, guide.id, library.layers, advert, screen, region, alone, report, note,
                                          frame, draw))

    async def start(self, library: GuideLibrary) -> None:
        """Nothing to start."""

    async def stop(self) -> None:
        """Nothing to stop."""
