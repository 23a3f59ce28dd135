"""What a review worker process runs (``ReviewWorkers`` in review_runner.py starts them): the job it is sent,
and the worker's loop, which loads the shipped guides once and then reviews one job after another. A bot
reviewing in its own thread runs the same jobs (``run``).

The worker also asks, with the review, whatever a review asks of the letter alone (is it a letter at all,
is it the job advert itself): every check made there is processor time the bot's event loop doesn't spend
while it acknowledges other members.
"""
from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from functools import lru_cache
from io import BufferedIOBase
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from .guides import Guide, GuideLibrary
    from .reply import Reply
    from .review.engine import ReviewResult
    from .review.rules import Rule
    from .review_frame import Frame
    from .review_records import ReviewRecord
    from .store import StoredGuide


@dataclass(frozen=True)
class ReviewJob:
    """One review, as sent to a worker process."""
    text: str
    guide: str
    layers: tuple[StoredGuide, ...]  # the community's own guides, laid over the shipped ones; () for none
    advert: str | None  # the advert's text, read in the worker
    screen: bool = False  # first ask whether the text is a letter to review at all (``intake.refusal``)
    region: str | None = None  # the community's regional general guide, for a role guide to follow
    alone: bool = False  # no advert was offered with it: screening also asks whether it is the advert itself
    report: bool = False  # also write the member's reply (``Reported``)
    note: str | None = None  # with ``report``: why an advert the member gave couldn't be used
    frame: Frame | None = None  # with ``report``: what the reply says around the review (bot/review_frame.py)
    # With ``report``: the platform's drawer ("module:function", a platform registers it in ``Shortlist.drawers``),
    # run on the finished reply here; what it draws rides with the reply (``Reply.drawn``) for the platform to send.
    draw: str | None = None


@dataclass(frozen=True)
class Reported:
    """A review's reply and what the bot keeps of the review, both made where the review ran (in a bot, a worker
    process: writing the reply was a fifth of the event loop's processor time for a review). Only what the bot
    uses comes back: the review itself (its findings, the letter) was half of what the loop unpickled."""
    reply: Reply
    record: ReviewRecord  # its history record, of nobody yet (``ReviewRecord.asked_by``); never the letter
    score: int
    top_fixes: tuple[str, ...]  # the rule ids of the fixes that matter most (what "Ask a reviewer" sends)


Refusal = tuple[str, str]  # a letter not reviewed: the reason in a word, and what to tell the member


def run(library: GuideLibrary, job: ReviewJob) -> ReviewResult | Reported | Refusal:
    """The job's review (or why the text isn't reviewed), against ``library``."""
    from .review import engine, intake
    from .review.text import Letter
    # Read once: screening counts the words the review reads (0.84 M instructions of a 38 M job). A text over the
    # limit is refused as it is, unread (normalising a long file's stray control characters is a call each).
    letter = Letter(job.text) if len(job.text) <= intake.MAX_CHARS or not job.screen else None
    refused = intake.refusal(job.text, letter) if job.screen else None
    if refused:
        return refused
    if job.screen and job.alone:  # its two passes over the letter were a tenth of the loop's time for a review
        from .advert.intake import ADVERT_AS_LETTER, reads_as_advert
        if reads_as_advert(job.text):
            return "advert-as-letter", ADVERT_AS_LETTER
    guide = library.guides[job.guide]
    rules = library.rules_for(guide, job.region)
    if job.advert is None:  # the advert reader's imports are a seventh of a one-off review's start
        result = engine.review(letter or job.text, guide.id, rules, None)
    else:
        from .advert import reader
        result = engine.review(letter or job.text, guide.id, rules, reader.read(job.advert))
    return _report(result, guide, rules, job) if job.report else result


def _report(result: ReviewResult, guide: Guide, rules: list[Rule], job: ReviewJob) -> Reported:
    from .review.report import review_reply
    from .review_records import ReviewRecord, letter_fingerprint
    titles = {r.id: r.title for r in rules}  # the rules' short names, for the buttons a member presses
    if job.advert is not None:  # the advert checks only with a review that has an advert
        from .advert.rules import titles as advert_titles
        from .advert.vocabulary import load as advert_vocabulary
        titles |= advert_titles(advert_vocabulary())
    reply = review_reply(result, guide, titles, job.note)
    if job.frame is not None:
        from .review_frame import frame
        frame(reply, result, guide.title, job.text, job.frame, job.note)
    if job.draw is not None:
        reply.draw(job.draw, _drawer(job.draw))
    return Reported(reply, ReviewRecord.of(None, result, letter_fingerprint(result.text)), result.score,
                    tuple(f.rule for f in result.top_fixes(3)))


@lru_cache(maxsize=8)
def _drawer(spec: str) -> Callable[[Reply], Any]:
    """A platform's drawer, from its "module:function" (imported once, on the first review it draws)."""
    import importlib
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]



# -- in the worker process ---------------------------------------------------------------------------
_SHIPPED: GuideLibrary | None = None

# How far below the bot's own priority a worker runs (os.nice). The bot's event loop acknowledges members against
# a deadline; a review, once acknowledged, only has to come soon. Where the two want the same core, the kernel then
# gives the loop about nine tenths of it (CFS weights 1024 against 110) instead of half; a core the loop leaves idle
# is the worker's all the same.
NICENESS = 10


def behind_the_bot() -> None:
    """Lower this worker's priority below the bot's by NICENESS (where the system has priorities)."""
    with contextlib.suppress(AttributeError, OSError):  # Windows has no os.nice; a refusal changes nothing
        os.nice(NICENESS)


def serve(fd: int) -> None:
    """A worker: the guides first (loaded and warmed, then "ready"), then one review after another until
    the bot closes the socket, or ends however it ends. Ctrl-C reaches the whole process group: the bot
    decides when its workers stop."""
    import pickle
    import signal
    import traceback
    global _SHIPPED
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    behind_the_bot()
    with socket.socket(fileno=fd) as sock, sock.makefile("rwb") as stream:
        library = _frame(stream)
        if library is None:
            return
        from .warm import load
        _SHIPPED = pickle.loads(library)
        load(_SHIPPED)
        _send(stream, "ready")
        while (frame := _frame(stream)) is not None:
            try:
                answer: tuple[bool, Any] = (True, _work(pickle.loads(frame)))
            except Exception:  # the bot logs it and apologises to the member
                answer = (False, traceback.format_exc())
            _send(stream, answer)


def _frame(stream: BufferedIOBase) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    return stream.read(int.from_bytes(head, "big"))


def _send(stream: BufferedIOBase, value: object) -> None:
    import pickle
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(4, "big") + data)
    stream.flush()


@lru_cache(maxsize=32)
def _layered(layers: tuple[StoredGuide, ...]) -> GuideLibrary:
    from .community_guides import layered
    assert _SHIPPED is not None
    return layered("worker", list(layers), _SHIPPED)


def _work(job: ReviewJob) -> ReviewResult | Reported | Refusal:
    assert _SHIPPED is not None, "the worker was not started"
    return run(_layered(job.layers) if job.layers else _SHIPPED, job)
