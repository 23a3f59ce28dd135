"""Reviews in worker processes (a bot's way: the event loop that acknowledges members stays free): the
same review as in the bot's own process, nothing lost when a worker dies, nothing left running after a
stop. Real worker processes, started as `shortlist run` starts them."""
from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import replace

from bot import community_guides
from bot.core import Shortlist
from bot.review.report import review_reply
from bot.review_records import ReviewRecord, letter_fingerprint
from bot.review_runner import WORKER_DIED, Reported, Reviews, ReviewWorkers
from bot.review_worker import NICENESS
from bot.store import StoredGuide

from .conftest import LETTERS, ROOT
from .test_community_guides import NURSE, WEAK

LETTER = (LETTERS / "01-strong-fintech.txt").read_text(encoding="utf-8")
PAIR = ROOT / "tests" / "adverts" / "tune" / "01-fraud-mle-uk"


# A worker program that loads nothing: it answers "ready" to the guides, then dies on the first review.
_READY_THEN_DIE = ("stream = socket.socket(fileno=int(sys.argv[1])).makefile('rwb')\n"
                   "stream.read(int.from_bytes(stream.read(4), 'big'))\n"
                   "ready = pickle.dumps('ready')\n"
                   "stream.write(len(ready).to_bytes(4, 'big') + ready); stream.flush()\n"
                   "stream.read(4)\nos._exit(3)\n")


class DiesOnce(ReviewWorkers):
    """A first worker that dies on the first review it is sent (as a worker killed mid-review would); every
    worker after it is a real one."""

    def __init__(self, marker) -> None:
        super().__init__(1)
        self.program = (f"import os, pickle, socket, sys\nif os.path.exists({str(marker)!r}):\n"
                        "    from bot.review_runner import serve; serve(int(sys.argv[1])); sys.exit()\n"
                        f"open({str(marker)!r}, 'w').close()\n" + _READY_THEN_DIE)


class AlwaysDies(ReviewWorkers):
    program = "import os, pickle, socket, sys\n" + _READY_THEN_DIE


class InPairs(ReviewWorkers):
    """A worker that answers a review only once the next one has reached it too, each with its own letter's
    text: sent one review at a time (each only once the last is answered), it would wait forever."""
    program = ("import pickle, socket, sys\n"
               "stream = socket.socket(fileno=int(sys.argv[1])).makefile('rwb')\n"
               "def read():\n    head = stream.read(4)\n"
               "    return stream.read(int.from_bytes(head, 'big')) if head else None\n"
               "def send(value):\n    data = pickle.dumps(value)\n"
               "    stream.write(len(data).to_bytes(4, 'big') + data); stream.flush()\n"
               "read(); send('ready')\n"
               "while (first := read()) and (second := read()):\n"
               "    for job in (first, second):\n        send((True, ('echo', pickle.loads(job).text)))\n")


def _pids(workers: ReviewWorkers) -> set[int]:
    return {worker.process.pid for worker in workers._all}


async def test_a_review_in_a_worker_process_is_the_review_made_here(library):
    """With an advert, and with a community's own guide laid over the shipped ones: the worker is sent
    the guide's id, the community's stored YAML and the advert's text, and returns the same result."""
    nurse = community_guides.layered("c1", [StoredGuide("nurse", NURSE, "slack:U1", "2026-01-01")], library)
    advert = (PAIR / "advert.txt").read_text(encoding="utf-8")
    letter = (PAIR / "letter.txt").read_text(encoding="utf-8")
    cases = [(LETTER, library.guides["ml-engineer"], library, None),
             (letter, library.guides["ml-engineer"], library, advert),
             (WEAK, nurse.guides["nurse"], nurse, None)]
    workers = ReviewWorkers(1)
    await workers.start(library)
    try:
        [pid] = _pids(workers)
        assert pid != os.getpid()
        results = []
        for case in cases:
            there, here = await workers.review(*case), await Reviews().review(*case)
            assert there.to_dict() == here.to_dict()
            results.append(there)
        assert _pids(workers) == {pid}  # all three went to the worker, none fell back to this process
        assert results[1].advert is not None and results[2].guide == "nurse"
        # Reported: the reply and the letter's fingerprint for its history, made with the review in the worker
        reported = await workers.review(LETTER, library.guides["ml-engineer"], library, None, report=True)
        assert isinstance(reported, Reported) and reported.record.text_sha256 == letter_fingerprint(LETTER)
        # ...and of the review only what the bot keeps: its history record (of nobody yet), its score, its top fixes
        mine = ReviewRecord.of(None, results[0], letter_fingerprint(LETTER))
        assert replace(reported.record, at=mine.at) == mine and not reported.record.community
        assert reported.score == results[0].score and reported.top_fixes == tuple(
            f.rule for f in results[0].top_fixes(3))
        assert reported.reply.fallback_text() == review_reply(results[0], library.guides["ml-engineer"], {
            r.id: r.title for r in library.rules_for(library.guides["ml-engineer"])}).fallback_text()
    finally:
        await workers.stop()


async def test_a_worker_that_dies_loses_no_review(library, tmp_path, caplog):
    guide = library.guides["ml-engineer"]
    expected = (await Reviews().review(LETTER, guide, library, None)).to_dict()
    workers = DiesOnce(tmp_path / "died")
    await workers.start(library)
    try:
        [first] = _pids(workers)
        assert (await workers.review(LETTER, guide, library, None)).to_dict() == expected  # died mid-review
        [second] = _pids(workers)
        assert second != first and "a review worker died" in caplog.text
        os.kill(second, signal.SIGKILL)  # killed while idle: the next review goes to a fresh worker too
        assert (await workers.review(LETTER, guide, library, None)).to_dict() == expected
        assert _pids(workers) - {first, second}
    finally:
        await workers.stop()


async def test_a_worker_is_sent_its_next_review_while_busy_and_each_gets_its_own(library):
    """The next review waits in the worker's socket, so the worker starts it as soon as it has answered,
    without waiting for the event loop to send it; answers come back to their own reviews."""
    workers = InPairs(1)
    await workers.start(library)
    try:
        guide = library.guides["ml-engineer"]
        # (without the next review sent ahead, the worker would wait for it forever: the minute is a guard)
        answers = await asyncio.wait_for(asyncio.gather(
            *(workers.review(f"letter {n}", guide, library, None) for n in range(4))), 60)
        assert answers == [("echo", f"letter {n}") for n in range(4)]
    finally:
        await workers.stop()


async def test_a_review_behind_one_its_worker_died_on_is_sent_again_without_counting(library, tmp_path, caplog):
    """Two reviews sent to a worker that dies on the first: the first is sent again once, as always; the second
    never started, so it is sent again too, and its one retry stays unspent. One fresh worker serves both."""
    guide = library.guides["ml-engineer"]
    expected = (await Reviews().review(LETTER, guide, library, None)).to_dict()
    workers = DiesOnce(tmp_path / "died")
    await workers.start(library)
    try:
        [first] = _pids(workers)
        results = await asyncio.gather(*(workers.review(LETTER, guide, library, None) for _ in range(2)))
        assert [result.to_dict() for result in results] == [expected, expected]
        assert caplog.text.count("a review worker died") == 1
        assert len(_pids(workers) - {first}) == 1 and first not in _pids(workers)
    finally:
        await workers.stop()


async def test_a_letter_every_worker_dies_on_gets_a_kind_answer(core, library):
    core.reviews = AlwaysDies(1)
    await core.reviews.start(library)
    try:
        reply = await core.handle(replace(core.parse("/review ml-engineer"), text=LETTER))
    finally:
        await core.reviews.stop()
    assert reply.kind == "error" and reply.private and WORKER_DIED in reply.fallback_text()


async def test_a_stop_ends_every_worker_and_later_reviews_run_here(library):
    workers = ReviewWorkers(2)
    await workers.start(library)
    processes = [worker.process for worker in workers._all]
    assert len(processes) == 2
    await workers.stop()
    assert all(process.returncode == 0 for process in processes)  # each read the end of its socket and left
    result = await workers.review(LETTER, library.guides["ml-engineer"], library, None)
    assert result.guide == "ml-engineer" and not workers._all


async def test_a_worker_runs_below_the_bots_priority(library):
    """The event loop acknowledges members against a deadline; a worker wanting the same core yields it."""
    workers = ReviewWorkers(1)
    await workers.start(library)
    try:
        [pid] = _pids(workers)
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
    finally:
        await workers.stop()


async def test_through_the_core_a_worker_answers_as_this_process_does(library):
    """The letter is screened in the worker with its review (off the event loop): a paste that isn't a letter,
    or is the job advert given alone, gets the same refusal, and a letter the same reply, as when the bot's own
    process does both."""
    code = "def review(letter):\n    return score(letter)\n" * 30
    advert = (PAIR / "advert.txt").read_text(encoding="utf-8")
    here, there = Shortlist(library), Shortlist(library)
    there.reviews = ReviewWorkers(1)
    await there.reviews.start(library)
    try:
        for text in (code, advert, LETTER):
            request = replace(here.parse("/review ml-engineer"), text=text)
            mine, theirs = await here.handle(request), await there.handle(request)
            assert theirs.fallback_text() == mine.fallback_text() and theirs.reason == mine.reason
            assert theirs.title == mine.title
        assert mine.kind != "error" and (await there.handle(replace(request, text=code))).reason == "code"
        assert (await there.handle(replace(request, text=advert))).reason == "advert-as-letter"
        # the reply, written where the review ran, is the one written here, the advert's points named too
        request = replace(request, text=(PAIR / "letter.txt").read_text(encoding="utf-8"), advert=advert)
        mine, theirs = await here.handle(request), await there.handle(request)
        assert theirs.fallback_text() == mine.fallback_text() and theirs.data == mine.data and mine.kind == "review"
        assert [b.command for b in theirs.buttons] == [b.command for b in mine.buttons]
    finally:
        await there.reviews.stop()


async def test_a_slack_review_comes_back_drawn_by_its_worker_as_the_loop_would_draw_it(library):
    """The worker finishes the reply (what /review says around the review: here, the CV after the letter) and
    draws it as Slack's response_url JSON; the bot only posts it. A reply changed after it was drawn
    (a note added on the loop) is drawn again, never sent stale."""
    from adapters.slack.render import DRAWER, response_bodies
    from bot.request import Context
    core = Shortlist(library)
    core.drawers["slack"] = DRAWER
    core.reviews = ReviewWorkers(1)
    await core.reviews.start(library)
    cv = "\n\nEXPERIENCE\nData analyst, Acme, 2019-2023\n\nEDUCATION\nBSc Mathematics"
    try:
        request = core.parse("/review", Context(platform="slack", community_id="T1", user_id="U1"))
        reply = await core.handle(replace(request, text=LETTER + cv))
        here = Shortlist(library)  # the same review, made and drawn in this process after it, as before
        mine = await here.handle(replace(request, text=LETTER + cv))
    finally:
        await core.reviews.stop()
    drawn = reply.drawn_by(DRAWER)
    assert drawn is not None and mine.drawn is None
    assert drawn == response_bodies(mine) == response_bodies(replace(reply, drawn=None))
    assert b"Your CV seems to follow the letter" in drawn[0]
    reply.para("_This review couldn't be added to your /history just now._")
    assert reply.drawn_by(DRAWER) is None  # changed since: the bridge draws it again


async def test_reviews_asked_for_while_the_workers_start_run_here_and_start_no_more(library, tmp_path):
    """A bot answers while its workers load the guides: those first reviews run in its own thread, and no
    review starts a worker of its own (each costs a whole process)."""
    gate = tmp_path / "open"
    workers = ReviewWorkers(1)
    workers.program = (f"import os, sys, time\nwhile not os.path.exists({str(gate)!r}): time.sleep(0.01)\n"
                       + ReviewWorkers.program)  # a worker that starts only once the test says so
    starting = asyncio.ensure_future(workers.start(library))
    while workers._library is None:  # the guides are ready to send, and the worker is starting
        await asyncio.sleep(0.01)
    try:
        # (a review that waited for a worker would wait for the gate: the minute is only a guard)
        result = await asyncio.wait_for(workers.review(LETTER, library.guides["ml-engineer"], library, None), 60)
        assert result.guide == "ml-engineer" and not starting.done()
        gate.touch()
        await starting
        assert len(workers._all) == 1
    finally:
        gate.touch()
        await workers.stop()


async def test_reviews_made_here_before_the_workers_are_ready_run_one_at_a_time(library, monkeypatch):
    """Each review in the bot's own thread holds the interpreter the event loop needs: before the workers are ready,
    reviews asked for together take turns in one thread (as ``Reviews``), not ``workers * depth`` threads at once
    (which starved the loop of acknowledgements at start-up), and none rides in its ack while another waits."""
    import threading
    import time

    from bot import review_runner
    running, most, lock = 0, 0, threading.Lock()
    real = review_runner._review

    def counted(*args):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            time.sleep(0.02)  # long enough for a second thread to start beside it, if one may
            return real(*args)
        finally:
            with lock:
                running -= 1
    monkeypatch.setattr(review_runner, "_review", counted)
    workers = ReviewWorkers(2)  # never started: not ready
    assert not workers.ready and workers.rides_in_ack(1.0)
    guide = library.guides["ml-engineer"]
    reviews = [asyncio.ensure_future(workers.review(LETTER, guide, library, None)) for _ in range(4)]
    await asyncio.sleep(0)
    assert not workers.rides_in_ack(1.0)  # reviews are waiting here: a new one would wait behind them
    results = await asyncio.gather(*reviews)
    assert most == 1 and {r.score for r in results} == {results[0].score}


async def test_a_call_given_up_while_its_job_is_sent_leaves_no_error_to_log():
    """A bot stopping while a worker is sent the guides (a large write, waiting to drain) gives up on that call; the
    worker's end then closes under the reader, whose error for the call nobody reads. It must not be logged as a
    future's exception never retrieved: a traceback on the bot's terminal as it stops."""
    import gc
    import socket

    from bot.review_runner import _Worker
    loop = asyncio.get_running_loop()
    seen: list[dict] = []
    loop.set_exception_handler(lambda _loop, context: seen.append(context))
    ours, theirs = socket.socketpair()
    reader, writer = await asyncio.open_unix_connection(sock=ours)
    worker = _Worker(None, reader, writer)  # type: ignore[arg-type]  # the process plays no part in a call
    call = asyncio.ensure_future(worker.call(b"x" * 20_000_000))  # more than a socket holds: the drain waits
    await asyncio.sleep(0.05)
    assert not call.done() and len(worker.waiting) == 1
    call.cancel()
    await asyncio.gather(call, return_exceptions=True)
    theirs.close()  # the worker is gone: the reader fails, on the answer the call gave up
    for _ in range(200):
        if worker._reading is None:
            break
        await asyncio.sleep(0.01)
    assert worker._reading is None
    del call, worker, reader, writer  # the reader keeps its error, and the error the answer: let them all go
    gc.collect()
    await asyncio.sleep(0)
    assert [c["message"] for c in seen] == []
